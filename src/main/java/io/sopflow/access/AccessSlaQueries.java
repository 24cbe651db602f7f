package io.sopflow.access;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The SLA report's aggregation over the access request table (docs/sla.md): one row per group of the period, computed
 * by the database. Columns after the key, in order: count, granted, mean time to grant in seconds (created → granted).
 */
interface AccessSlaQueries extends Repository<AccessRequest, Long> {

  String FIGURES = "count(a), count(a.grantedAt),"
      + " avg(case when a.grantedAt is not null then (a.grantedAt - a.createdAt) by second end)";
  String PERIOD = " from AccessRequest a where a.createdAt >= :from and a.createdAt < :to";

  @Query("select a.resourceKey, " + FIGURES + PERIOD + " group by a.resourceKey order by a.resourceKey")
  List<Object[]> byResource(Instant from, Instant to);

  @Query("select year(a.createdAt), month(a.createdAt), " + FIGURES + PERIOD
      + " group by year(a.createdAt), month(a.createdAt) order by year(a.createdAt), month(a.createdAt)")
  List<Object[]> byMonth(Instant from, Instant to);
}
