package io.sopflow.sop.review;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.Period;

/**
 * When an SOP is next due for its periodic review. One row per process key (unique), so two nodes creating the
 * schedule of a newly deployed SOP at once create it once. The next due date moves only forward from a fact: a review
 * recorded, or a revision coming into force (both restart the interval).
 */
@Entity
@Table(name = "sop_review_schedule")
class SopReviewSchedule {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "process_key", nullable = false, unique = true, length = 100)
  private String processKey;

  @Column(name = "review_interval", nullable = false, length = 32)
  private String reviewInterval;

  @Column(name = "next_review_due", nullable = false)
  private Instant nextReviewDue;

  @Column(name = "last_reviewed_at")
  private Instant lastReviewedAt;

  /** When the current interval started: the deployment, the last review or the last revision in force. */
  @Column(name = "restarted_at", nullable = false)
  private Instant restartedAt;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected SopReviewSchedule() {}

  SopReviewSchedule(String processKey, Period interval, Instant from) {
    this.processKey = processKey;
    restart(from, interval);
  }

  /** A review was recorded at {@code when}: the next one is an interval later. */
  void reviewed(Instant when, Period interval) {
    this.lastReviewedAt = when;
    restart(when, interval);
  }

  /** A new interval from {@code from} (a revision came into force then). */
  void restart(Instant from, Period interval) {
    this.reviewInterval = interval.toString();
    this.restartedAt = from;
    this.nextReviewDue = ReviewIntervals.after(from, interval);
  }

  boolean isDue(Instant now) {
    return !nextReviewDue.isAfter(now);
  }

  String getProcessKey() { return processKey; }
  String getReviewInterval() { return reviewInterval; }
  Instant getNextReviewDue() { return nextReviewDue; }
  Instant getLastReviewedAt() { return lastReviewedAt; }
  Instant getRestartedAt() { return restartedAt; }
}
