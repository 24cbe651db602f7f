package io.sopflow.request;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service request SOP's figures for the SLA report (docs/sla.md): fulfilment time, fulfilment compliance and the
 * requesters' satisfaction, aggregated by the database over the stored timestamps, breach flag and rating. No caller
 * check here: the report's service decides who may read figures.
 */
@Service
@Transactional(readOnly = true)
public class ServiceRequestSlaStatistics {

  public enum Grouping { ITEM, GROUP, MONTH }

  /**
   * One group's figures: requests submitted in the period, how many are fulfilled, the mean fulfilment time in
   * minutes (null when none is fulfilled), breaches of the fulfilment target (all, and those not fulfilled), how
   * many were rated and their mean rating (null when none is), and how many of the fulfilled ones had a fulfilment
   * target to meet: a request the access SOP fulfils has none (no due date, no breach, its approvals run on the
   * access SOP's SLAs), so it is fulfilled but neither met nor missed a target. The verdicts on the fulfilment
   * target are {@code fulfilledWithTarget + openFulfilmentBreaches}, of which {@code fulfilmentBreaches} missed it.
   */
  public record Figures(String key, long count, long fulfilled, Double meanFulfilmentMinutes,
      long fulfilmentBreaches, long openFulfilmentBreaches, long rated, Double meanRating, long fulfilledWithTarget) {}

  private final ServiceRequestSlaQueries queries;

  ServiceRequestSlaStatistics(ServiceRequestSlaQueries queries) {
    this.queries = queries;
  }

  /** Requests submitted in {@code [from, to)}, grouped. */
  public List<Figures> figures(Instant from, Instant to, Grouping grouping) {
    return switch (grouping) {
      case ITEM -> queries.byItem(from, to).stream().map(r -> figures(String.valueOf(r[0]), r, 1)).toList();
      case GROUP -> queries.byGroup(from, to).stream().map(r -> figures(String.valueOf(r[0]), r, 1)).toList();
      case MONTH -> queries.byMonth(from, to).stream()
          .map(r -> figures("%04d-%02d".formatted(num(r[0]), num(r[1])), r, 2)).toList();
    };
  }

  private static Figures figures(String key, Object[] r, int o) {
    Double seconds = dbl(r[o + 2]);
    return new Figures(key, num(r[o]), num(r[o + 1]), seconds == null ? null : seconds / 60, num(r[o + 3]),
        num(r[o + 4]), num(r[o + 5]), dbl(r[o + 6]), num(r[o + 7]));
  }

  private static long num(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static Double dbl(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }
}
