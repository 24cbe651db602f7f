package io.sopflow.change;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The SLA report's aggregation over the change table (docs/sla.md): one row per group of the period, computed by the
 * database. Columns after the key, in order: count, implemented, failed, approved with a time of approval, mean
 * approval lead time in seconds (submitted → approved).
 */
interface ChangeSlaQueries extends Repository<ChangeRequest, Long> {

  String FIGURES = "count(c),"
      + " sum(case when c.implementationOutcome = '" + ChangeDecisions.SUCCEEDED + "' then 1 else 0 end),"
      + " sum(case when c.implementationOutcome = '" + ChangeDecisions.FAILED + "' then 1 else 0 end),"
      + " count(c.approvedAt),"
      + " avg(case when c.approvedAt is not null then (c.approvedAt - c.createdAt) by second end)";
  String PERIOD = " from ChangeRequest c where c.createdAt >= :from and c.createdAt < :to";

  @Query("select str(c.type), " + FIGURES + PERIOD + " group by c.type order by c.type")
  List<Object[]> byType(Instant from, Instant to);

  @Query("select year(c.createdAt), month(c.createdAt), " + FIGURES + PERIOD
      + " group by year(c.createdAt), month(c.createdAt) order by year(c.createdAt), month(c.createdAt)")
  List<Object[]> byMonth(Instant from, Instant to);
}
