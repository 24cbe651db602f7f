package io.sopflow.sop.review;

import io.sopflow.sop.SopModels;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts each SOP's periodic review when it falls due, once per due date across all nodes: the approach of the
 * backup and SLA report schedulers. Every node ticks ({@code sopflow.sops.review.scheduler-tick}). Per SOP key it
 * first makes sure the SOP has a schedule (unique process key: of two nodes one inserts it), then, when the next
 * review is due and none is open, inserts the review, whose key {@code RVW-<key>-<due day>} is unique, and starts its
 * process in the same transaction. Of two nodes the database lets one commit; the other's insert fails with a
 * duplicate key, its transaction rolls back and it starts nothing. The review row is the claim.
 */
@Component
class SopReviewScheduler {

  private static final Logger log = LoggerFactory.getLogger(SopReviewScheduler.class);

  private final SopReviewProperties properties;
  private final SopReviewService service;
  private final SopReviewScheduleRepository schedules;
  private final SopModels models;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final String node;

  @Autowired
  SopReviewScheduler(SopReviewProperties properties, SopReviewService service, SopReviewScheduleRepository schedules,
      SopModels models, PlatformTransactionManager transactionManager, Clock clock) {
    this(properties, service, schedules, models, transactionManager, clock,
        ManagementFactory.getRuntimeMXBean().getName());
  }

  SopReviewScheduler(SopReviewProperties properties, SopReviewService service, SopReviewScheduleRepository schedules,
      SopModels models, PlatformTransactionManager transactionManager, Clock clock, String node) {
    this.properties = properties;
    this.service = service;
    this.schedules = schedules;
    this.models = models;
    this.transaction = new TransactionTemplate(transactionManager);
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
    this.node = node.length() > 100 ? node.substring(0, 100) : node;
  }

  /** The first tick a minute after start-up, so a fresh install's SOPs have their next review due date soon. */
  @Scheduled(fixedDelayString = "${sopflow.sops.review.scheduler-tick:PT10M}", initialDelayString = "PT1M")
  void tick() {
    if (properties.scheduleEnabled()) {
      runDue(clock.instant());
    }
  }

  /** Schedules new SOPs and starts the reviews due at {@code now} that this node claims; returns their keys. */
  List<String> runDue(Instant now) {
    List<String> started = new ArrayList<>();
    for (String processKey : models.sopKeys()) {
      try {
        SopReviewSchedule schedule = schedules.findByProcessKey(processKey)
            .orElseGet(() -> transaction.execute(status -> service.createSchedule(processKey)));
        if (!schedule.isDue(now) || service.hasOpenReview(processKey)) {
          continue;
        }
        Instant due = schedule.getNextReviewDue();
        String key = transaction.execute(status -> service.startScheduled(processKey, due, node));
        started.add(key);
        log.info("SOP review {} started ({} due at {})", key, processKey, due);
      } catch (DataIntegrityViolationException e) {
        log.debug("{}: the schedule or the review due was claimed by another node", processKey);
      } catch (RuntimeException e) {
        log.error("{}: the periodic review could not be scheduled or started", processKey, e);
      }
    }
    return started;
  }
}
