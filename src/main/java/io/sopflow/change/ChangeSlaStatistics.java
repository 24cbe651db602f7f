package io.sopflow.change;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The change SOP's figures for the SLA report (docs/sla.md): implementation outcomes and approval lead time,
 * aggregated by the database over the stored outcome and timestamps. No caller check here: the report's service
 * decides who may read figures.
 */
@Service
@Transactional(readOnly = true)
public class ChangeSlaStatistics {

  public enum Grouping { TYPE, MONTH }

  /**
   * One group's figures: changes submitted in the period, implemented and failed ones, how many carry a time of
   * approval, and their mean approval lead time in minutes (null when none does).
   */
  public record Figures(String key, long count, long implemented, long failed, long approved,
      Double meanApprovalLeadMinutes) {}

  private final ChangeSlaQueries queries;

  ChangeSlaStatistics(ChangeSlaQueries queries) {
    this.queries = queries;
  }

  /** Changes submitted in {@code [from, to)}, grouped. */
  public List<Figures> figures(Instant from, Instant to, Grouping grouping) {
    return switch (grouping) {
      case TYPE -> queries.byType(from, to).stream().map(r -> figures(String.valueOf(r[0]), r, 1)).toList();
      case MONTH -> queries.byMonth(from, to).stream()
          .map(r -> figures("%04d-%02d".formatted(num(r[0]), num(r[1])), r, 2)).toList();
    };
  }

  private static Figures figures(String key, Object[] r, int o) {
    Double seconds = r[o + 4] == null ? null : ((Number) r[o + 4]).doubleValue();
    return new Figures(key, num(r[o]), num(r[o + 1]), num(r[o + 2]), num(r[o + 3]),
        seconds == null ? null : seconds / 60);
  }

  private static long num(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}
