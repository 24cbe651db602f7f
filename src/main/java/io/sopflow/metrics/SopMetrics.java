package io.sopflow.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sopflow.platform.SopProcesses;
import io.sopflow.platform.process.ConfidentialInstances;
import io.sopflow.sla.SlaBreached;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * SOPFlow's own meters, in one place (Prometheus names in brackets):
 * <ul>
 *   <li>{@code sopflow.sla.breaches} {sop, priority, target} ({@code sopflow_sla_breaches_total}) and
 *       {@code sopflow.escalations} {sop, level} ({@code sopflow_escalations_total}): from {@link SlaBreached}, the
 *       event every SOP publishes with its escalation, counted after its transaction commits, so a rolled-back or
 *       retried job counts once;</li>
 *   <li>{@code sopflow.notifications} {outcome} ({@code sopflow_notifications_total}): sent, retried (a failed attempt that will be retried), failed (given up);</li>
 *   <li>{@code sopflow.task.wait} {sop} ({@code sopflow_task_wait_seconds}): how long a user task waited, from its
 *       creation to its completion;</li>
 *   <li>{@code sopflow.open.records} {sop, status} ({@code sopflow_open_records}) and {@code sopflow.failed.jobs} {sop}
 *       ({@code sopflow_failed_jobs}): see {@link ClusterGauges}.</li>
 * </ul>
 * Counters and timers are per node (Prometheus adds the nodes up); the gauges are the cluster's one figure.
 *
 * <p>None of them counts a confidential SOP ({@link ConfidentialInstances#PROCESS_KEYS}: security incidents). Only its
 * readers may know how many of its instances run (the SOP catalogue hides the count from everyone else), because a
 * count that rises right after one's own doing tells whether it was detected; a scrape is open to
 * {@code metrics-readers}, and what Prometheus stores is open to whoever reaches Prometheus. Folding them into one
 * unlabelled figure would not hide that rise, so they are left out: {@link #meters(String)} is the one test.
 */
@Component
public class SopMetrics {

  public static final String SLA_BREACHES = "sopflow.sla.breaches";
  public static final String ESCALATIONS = "sopflow.escalations";
  public static final String NOTIFICATIONS = "sopflow.notifications";
  public static final String TASK_WAIT = "sopflow.task.wait";
  public static final String OPEN_RECORDS = "sopflow.open.records";
  public static final String FAILED_JOBS = "sopflow.failed.jobs";
  public static final String SNAPSHOT_AGE = "sopflow.metrics.snapshot.age";

  /** Outcomes of {@link #notification(String)}. */
  public static final String SENT = "sent";
  public static final String RETRIED = "retried";
  public static final String FAILED = "failed";

  private final MeterRegistry registry;
  private final Set<String> confidential;

  SopMetrics(MeterRegistry registry, SopProcesses processes) {
    this.registry = registry;
    this.confidential = ConfidentialInstances.PROCESS_KEYS.stream().map(processes::sopOf)
        .collect(Collectors.toUnmodifiableSet());
    for (String outcome : new String[] {SENT, RETRIED, FAILED}) {
      notifications(outcome); // present from the start, so a rate() has a zero to start from
    }
  }

  /** Whether the figures of {@code sop} (its package below {@code io.sopflow}) may be metered: not a confidential SOP's. */
  public boolean meters(String sop) {
    return !confidential.contains(sop);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void breached(SlaBreached breach) {
    if (!meters(breach.sop())) {
      return;
    }
    Counter.builder(SLA_BREACHES).description("SLA targets missed (each escalates the record)")
        .tag("sop", breach.sop()).tag("priority", breach.priority()).tag("target", breach.target())
        .register(registry).increment();
    Counter.builder(ESCALATIONS).description("Escalations of SOP records, by the level reached")
        .tag("sop", breach.sop()).tag("level", String.valueOf(breach.level()))
        .register(registry).increment();
  }

  /** Counts a notification's outcome once the caller's transaction (if any) commits. */
  public void notification(String outcome) {
    afterCommit(() -> notifications(outcome).increment());
  }

  /** Records how long a task of {@code sop} waited, once the completing transaction (if any) commits. */
  public void taskWaited(String sop, Duration waited) {
    if (waited.isNegative() || !meters(sop)) {
      return;
    }
    afterCommit(() -> Timer.builder(TASK_WAIT).description("Time a user task waited, from creation to completion")
        .tag("sop", sop).register(registry).record(waited));
  }

  private Counter notifications(String outcome) {
    return Counter.builder(NOTIFICATIONS).description("Notification delivery attempts by outcome (sent, retried, failed)")
        .tag("outcome", outcome).register(registry);
  }

  private static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          action.run();
        }
      });
    } else {
      action.run();
    }
  }
}
