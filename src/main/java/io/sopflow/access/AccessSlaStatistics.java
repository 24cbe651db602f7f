package io.sopflow.access;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The access SOP's figures for the SLA report (docs/sla.md): how many requests were granted and how long granting
 * took, aggregated by the database over the stored timestamps. No caller check here: the report's service decides who
 * may read figures.
 */
@Service
@Transactional(readOnly = true)
public class AccessSlaStatistics {

  public enum Grouping { RESOURCE, MONTH }

  /** One group's figures: requests in the period, granted ones, mean time to grant in minutes (null: none granted). */
  public record Figures(String key, long count, long granted, Double meanTimeToGrantMinutes) {}

  private final AccessSlaQueries queries;

  AccessSlaStatistics(AccessSlaQueries queries) {
    this.queries = queries;
  }

  /** Access requests created in {@code [from, to)}, grouped. */
  public List<Figures> figures(Instant from, Instant to, Grouping grouping) {
    return switch (grouping) {
      case RESOURCE -> queries.byResource(from, to).stream().map(r -> figures(String.valueOf(r[0]), r, 1)).toList();
      case MONTH -> queries.byMonth(from, to).stream()
          .map(r -> figures("%04d-%02d".formatted(((Number) r[0]).longValue(), ((Number) r[1]).longValue()), r, 2))
          .toList();
    };
  }

  private static Figures figures(String key, Object[] r, int o) {
    return new Figures(key, ((Number) r[o]).longValue(), ((Number) r[o + 1]).longValue(),
        r[o + 2] == null ? null : ((Number) r[o + 2]).doubleValue() / 60);
  }
}
