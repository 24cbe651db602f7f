package io.sopflow.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.sopflow.platform.SopProcesses;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster's gauges, one figure for all nodes:
 * <ul>
 *   <li>{@code sopflow_open_records{sop,status}}: the records of each SOP whose process still runs, by the record's
 *       status. The SOP records are found, not listed: every entity of a package {@code io.sopflow.<sop>} that runs a
 *       process ({@link SopProcesses}) with a {@code status} and a {@code processInstanceId};</li>
 *   <li>{@code sopflow_failed_jobs{sop}}: engine jobs that used up their retries (open Cockpit incidents);</li>
 *   <li>{@code sopflow_metrics_snapshot_age_seconds}: how old the stored figures are (an alert when no node
 *       computes them any more; the other two have no series while there is nothing to count).</li>
 * </ul>
 * The queries are not for every scrape of every node: once per interval ({@code sopflow.metrics.snapshot-interval},
 * default one minute) one node computes the figures — the node whose claim of the interval's start is inserted first
 * (the primary key refuses the others) — and stores them in {@code sop_metric_snapshot}; every node reads that small
 * table into its gauges on each tick. A scrape reads memory only. A confidential SOP is neither counted nor read
 * ({@link SopMetrics#meters}).
 */
@Component
public class ClusterGauges {

  static final String OPEN_RECORDS = "open_records";
  static final String FAILED_JOBS = "failed_jobs";
  private static final String FAILED_JOB_QUERY = "select d.KEY_, count(*) from ACT_RU_INCIDENT i "
      + "join ACT_RE_PROCDEF d on d.ID_ = i.PROC_DEF_ID_ where i.INCIDENT_TYPE_ = 'failedJob' group by d.KEY_";

  private static final Logger log = LoggerFactory.getLogger(ClusterGauges.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final EntityManagerFactory entityManagerFactory;
  private final SopProcesses processes;
  private final SopMetrics metrics;
  private final Clock clock;
  private final Duration interval;
  private final String node;
  private final Map<String, MultiGauge> gauges;
  private final java.util.concurrent.atomic.AtomicReference<Instant> computedAt = new java.util.concurrent.atomic.AtomicReference<>();
  private volatile List<SopQuery> queries;

  ClusterGauges(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
      EntityManagerFactory entityManagerFactory, SopProcesses processes, SopMetrics metrics, Clock clock,
      MeterRegistry registry, @Value("${sopflow.metrics.snapshot-interval:PT1M}") Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("sopflow.metrics.snapshot-interval must be positive");
    }
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactionManager);
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.entityManagerFactory = entityManagerFactory;
    this.processes = processes;
    this.metrics = metrics;
    this.clock = clock;
    this.interval = interval;
    this.node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    this.gauges = Map.of(
        OPEN_RECORDS, MultiGauge.builder(SopMetrics.OPEN_RECORDS)
            .description("Records whose SOP process still runs, by SOP and status (one figure for the cluster)")
            .register(registry),
        FAILED_JOBS, MultiGauge.builder(SopMetrics.FAILED_JOBS)
            .description("Engine jobs that used up their retries (open Cockpit incidents), by SOP")
            .register(registry));
    io.micrometer.core.instrument.Gauge.builder(SopMetrics.SNAPSHOT_AGE, this, ClusterGauges::ageSeconds)
        .description("Age of the cluster's stored SOP figures (open records, failed jobs)").baseUnit("seconds")
        .register(registry);
  }

  private double ageSeconds() {
    Instant at = computedAt.get();
    return at == null ? Double.NaN : Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
  }

  @Scheduled(initialDelayString = "${sopflow.metrics.snapshot-tick:PT10S}",
      fixedDelayString = "${sopflow.metrics.snapshot-tick:PT10S}")
  void tick() {
    try {
      computeIfClaimed(clock.instant());
      refreshGauges();
    } catch (RuntimeException e) {
      log.warn("SOP gauges not refreshed: {}", e.toString());
    }
  }

  /** Computes and stores the figures if this node wins the claim of the interval {@code now} falls in. */
  public boolean computeIfClaimed(Instant now) {
    Instant periodStart = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(),
        interval.toMillis()));
    try {
      return Boolean.TRUE.equals(transaction.execute(status -> {
        jdbc.update("insert into sop_metric_snapshot_claim (period_start, claimed_by, claimed_at) values (?, ?, ?)",
            Timestamp.from(periodStart), node, Timestamp.from(now));
        store(count(), now);
        jdbc.update("delete from sop_metric_snapshot_claim where period_start < ?",
            Timestamp.from(periodStart.minus(interval.multipliedBy(10))));
        return true;
      }));
    } catch (DataIntegrityViolationException claimedByAnotherNode) {
      return false;
    }
  }

  /**
   * Reads the stored figures into the gauges (every node, every tick); none of a confidential SOP, even if a node of
   * an earlier release stored some.
   */
  public void refreshGauges() {
    Map<String, List<MultiGauge.Row<?>>> rows = Map.of(OPEN_RECORDS, new ArrayList<>(), FAILED_JOBS, new ArrayList<>());
    jdbc.query("select metric, sop, status, metric_value from sop_metric_snapshot", rs -> {
      List<MultiGauge.Row<?>> metricRows = rows.get(rs.getString(1));
      if (metricRows != null && metrics.meters(rs.getString(2))) {
        Tags tags = OPEN_RECORDS.equals(rs.getString(1)) ? Tags.of("sop", rs.getString(2), "status", rs.getString(3))
            : Tags.of("sop", rs.getString(2));
        metricRows.add(MultiGauge.Row.of(tags, rs.getLong(4)));
      }
    });
    rows.forEach((metric, metricRows) -> gauges.get(metric).register(metricRows, true));
    Timestamp latest = jdbc.queryForObject("select max(claimed_at) from sop_metric_snapshot_claim", Timestamp.class);
    computedAt.set(latest == null ? null : latest.toInstant());
  }

  private List<Figure> count() {
    List<Figure> figures = new ArrayList<>();
    for (SopQuery query : queries()) {
      jdbc.query(query.sql(), rs -> {
        figures.add(new Figure(OPEN_RECORDS, query.sop(), rs.getString(1), rs.getLong(2)));
      });
    }
    Map<String, Long> failedBySop = new java.util.TreeMap<>();
    jdbc.query(FAILED_JOB_QUERY, rs -> {
      failedBySop.merge(processes.sopOf(rs.getString(1)), rs.getLong(2), Long::sum);
    });
    failedBySop.forEach((sop, count) -> {
      if (metrics.meters(sop)) {
        figures.add(new Figure(FAILED_JOBS, sop, "-", count));
      }
    });
    return figures;
  }

  private void store(List<Figure> figures, Instant now) {
    jdbc.update("delete from sop_metric_snapshot");
    for (Figure f : figures) {
      jdbc.update("insert into sop_metric_snapshot (metric, sop, status, metric_value, computed_at) "
          + "values (?, ?, ?, ?, ?)", f.metric(), f.sop(), f.status(), f.value(), Timestamp.from(now));
    }
  }

  /** One grouped count per SOP record table but a confidential SOP's, from the JPA mapping (found once). */
  List<SopQuery> queries() {
    if (queries == null) {
      Set<String> sops = processes.sopByProcessKey().values().stream().filter(metrics::meters)
          .collect(Collectors.toSet());
      var mapping = entityManagerFactory.unwrap(SessionFactoryImplementor.class).getMappingMetamodel();
      List<SopQuery> found = new ArrayList<>();
      for (EntityType<?> entity : entityManagerFactory.getMetamodel().getEntities()) {
        Class<?> type = entity.getJavaType();
        String sop = type.getPackageName().replaceFirst("^io\\.sopflow\\.", "");
        if (!sops.contains(sop) || !has(entity, "status") || !has(entity, "processInstanceId")) {
          continue;
        }
        var persister = (AbstractEntityPersister) mapping.getEntityDescriptor(type);
        String status = persister.getPropertyColumnNames("status")[0];
        String instance = persister.getPropertyColumnNames("processInstanceId")[0];
        // Driven from the running process instances (a few thousand) into the record table by its process
        // instance index (875-record-process-instance-indexes.xml): never a scan of every record ever raised.
        found.add(new SopQuery(sop, "select r." + status + ", count(*) from ACT_RU_EXECUTION e join "
            + persister.getTableName() + " r on r." + instance + " = e.ID_ where e.ID_ = e.PROC_INST_ID_"
            + " group by r." + status));
      }
      queries = List.copyOf(found);
    }
    return queries;
  }

  private static boolean has(EntityType<?> entity, String attribute) {
    return entity.getAttributes().stream().anyMatch(a -> a.getName().equals(attribute));
  }

  record SopQuery(String sop, String sql) {}

  private record Figure(String metric, String sop, String status, long value) {}
}
