package io.sopflow.request;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The SLA report's aggregation over the service request table (docs/sla.md): one row per group of the period,
 * computed by the database. Columns after the key, in order: count, fulfilled, mean fulfilment time in seconds
 * (fulfilment started → fulfilled), fulfilment breaches, breaches not fulfilled, rated, mean rating, fulfilled with a
 * fulfilment target (a due date: not those the access SOP fulfilled without one).
 */
interface ServiceRequestSlaQueries extends Repository<ServiceRequest, Long> {

  String FIGURES = "count(r), count(r.fulfilledAt),"
      + " avg(case when r.fulfilledAt is not null and r.fulfilmentStartedAt is not null"
      + " then (r.fulfilledAt - r.fulfilmentStartedAt) by second end),"
      + " sum(case when r.fulfilmentBreached = true then 1 else 0 end),"
      + " sum(case when r.fulfilmentBreached = true and r.fulfilledAt is null then 1 else 0 end),"
      + " count(r.rating), avg(r.rating * 1.0),"
      + " sum(case when r.fulfilledAt is not null and r.fulfilmentDueAt is not null then 1 else 0 end)";
  String PERIOD = " from ServiceRequest r where r.createdAt >= :from and r.createdAt < :to";

  @Query("select r.itemKey, " + FIGURES + PERIOD + " group by r.itemKey order by r.itemKey")
  List<Object[]> byItem(Instant from, Instant to);

  @Query("select r.fulfilmentGroup, " + FIGURES + PERIOD + " group by r.fulfilmentGroup order by r.fulfilmentGroup")
  List<Object[]> byGroup(Instant from, Instant to);

  @Query("select year(r.createdAt), month(r.createdAt), " + FIGURES + PERIOD
      + " group by year(r.createdAt), month(r.createdAt) order by year(r.createdAt), month(r.createdAt)")
  List<Object[]> byMonth(Instant from, Instant to);
}
