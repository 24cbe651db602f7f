package io.sopflow.backup;

import io.sopflow.platform.DueTimes;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts each backup set's verification when its cron schedule falls due, once per due time across all nodes.
 *
 * <p>Every node ticks ({@code sopflow.backup.scheduler-tick}, default 30 s). On each tick, per set with a schedule,
 * it computes the set's last due time (the latest cron time not after now, looking back at most
 * {@link #CATCH_UP}: a node that was down when a run fell due catches up with that one run, not with every missed
 * one). Then, in one transaction, it inserts a row {@code (backup_set, scheduled_for)} into
 * {@code backup_scheduled_run}, flushes it, and only then stores the verification and starts its process.
 *
 * <p>Why that runs once: the table has a unique constraint on {@code (backup_set, scheduled_for)}, so of two nodes
 * inserting the same due time the database lets exactly one commit. The other's insert fails (or, on MySQL and H2,
 * waits for the first transaction and then fails) with a duplicate key; its transaction rolls back, so it stores no
 * verification and starts no process. A due time already claimed is skipped without trying. No clock agreement or
 * leader is needed: both nodes compute the same due time from the same cron expression, and the database decides.
 */
@Component
class BackupScheduler {

  static final Duration CATCH_UP = DueTimes.CATCH_UP;
  private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);

  private final BackupProperties properties;
  private final BackupVerificationService service;
  private final ScheduledRunRepository runs;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final String node;
  private final ZoneId zone;

  @Autowired
  BackupScheduler(BackupProperties properties, BackupVerificationService service, ScheduledRunRepository runs,
      PlatformTransactionManager transactionManager, Clock clock) {
    this(properties, service, runs, transactionManager, clock, ManagementFactory.getRuntimeMXBean().getName());
  }

  BackupScheduler(BackupProperties properties, BackupVerificationService service, ScheduledRunRepository runs,
      PlatformTransactionManager transactionManager, Clock clock, String node) {
    this.properties = properties;
    this.service = service;
    this.runs = runs;
    this.transaction = new TransactionTemplate(transactionManager);
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
    this.node = node;
    this.zone = properties.zone();
  }

  @Scheduled(fixedDelayString = "${sopflow.backup.scheduler-tick:PT30S}",
      initialDelayString = "${sopflow.backup.scheduler-tick:PT30S}")
  void tick() {
    runDue(clock.instant());
  }

  /** Starts what is due at {@code now}; returns the keys of the verifications this node started. */
  List<String> runDue(Instant now) {
    List<String> started = new ArrayList<>();
    for (Map.Entry<String, BackupProperties.BackupSet> set : properties.sets().entrySet()) {
      CronExpression cron = set.getValue().cron();
      if (cron == null) {
        continue;
      }
      Instant due = lastDue(cron, now, zone);
      if (due == null || runs.existsByBackupSetAndScheduledFor(set.getKey(), due)) {
        continue;
      }
      try {
        String key = transaction.execute(status -> claimAndStart(set.getKey(), due, now));
        started.add(key);
        log.info("Backup set {}: verification {} started for the run due at {}", set.getKey(), key, due);
      } catch (DataIntegrityViolationException e) {
        log.debug("Backup set {}: the run due at {} was claimed by another node", set.getKey(), due);
      } catch (RuntimeException e) {
        log.error("Backup set {}: the run due at {} could not be started", set.getKey(), due, e);
      }
    }
    return started;
  }

  private String claimAndStart(String set, Instant due, Instant now) {
    ScheduledRun run = runs.saveAndFlush(new ScheduledRun(set, due, node, now));
    String key = service.startScheduled(set, due).key();
    run.started(key);
    return key;
  }

  /** The latest time of {@code cron} not after {@code now}, within {@link #CATCH_UP}; null if none. */
  static Instant lastDue(CronExpression cron, Instant now, ZoneId zone) {
    return DueTimes.lastDue(cron, now, zone);
  }
}
