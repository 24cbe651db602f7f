package io.sopflow.report;

import io.sopflow.domain.ConflictException;
import io.sopflow.platform.DueTimes;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the monthly SLA report when {@code sopflow.reports.sla.cron} falls due, once per due time across all nodes:
 * the approach of the backup SOP's scheduler ({@link DueTimes}). Every node ticks; each computes the last due time
 * and the month before it, and tries to insert that month's report, whose key ({@code SLA-2026-11}) is unique. Of two
 * nodes the database lets one commit; the other's insert fails with a duplicate key, which the service answers as it
 * answers a month reported already ({@link ConflictException}), its transaction rolls back and it starts nothing. The
 * report row is the claim, so no claims table is needed.
 */
@Component
class SlaReportScheduler {

  private static final Logger log = LoggerFactory.getLogger(SlaReportScheduler.class);

  private final SlaReportProperties properties;
  private final SlaReportService service;
  private final SlaReportRepository runs;
  private final TransactionTemplate transaction;
  private final Clock clock;

  SlaReportScheduler(SlaReportProperties properties, SlaReportService service, SlaReportRepository runs,
      PlatformTransactionManager transactionManager, Clock clock) {
    this.properties = properties;
    this.service = service;
    this.runs = runs;
    this.transaction = new TransactionTemplate(transactionManager);
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${sopflow.reports.sla.scheduler-tick:PT30S}",
      initialDelayString = "${sopflow.reports.sla.scheduler-tick:PT30S}")
  void tick() {
    runDue(clock.instant());
  }

  /** Starts the report due at {@code now}, if this node claims it; returns its key. */
  Optional<String> runDue(Instant now) {
    CronExpression cron = properties.cronExpression();
    if (cron == null) {
      return Optional.empty();
    }
    Instant due = DueTimes.lastDue(cron, now, properties.zone());
    if (due == null) {
      return Optional.empty();
    }
    YearMonth month = YearMonth.from(due.atZone(properties.zone())).minusMonths(1);
    if (!SlaReportService.hasEnded(month, now)) {
      // Due where the zone's month has ended, but not yet the UTC month the report counts: a later tick starts it.
      return Optional.empty();
    }
    if (runs.existsByKey(SlaReportRun.keyOf(month))) {
      return Optional.empty();
    }
    try {
      String key = transaction.execute(status -> service.startScheduled(month).key());
      log.info("SLA report {} started for the schedule due at {}", key, due);
      return Optional.ofNullable(key);
    } catch (ConflictException e) {
      log.debug("SLA report of {} was claimed by another node", month);
      return Optional.empty();
    }
  }
}
