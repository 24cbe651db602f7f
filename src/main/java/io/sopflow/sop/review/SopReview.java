package io.sopflow.sop.review;

import io.sopflow.domain.ConflictException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One periodic review of one SOP ({@code RVW-IncidentEscalationProcess-2027-12-05}: the process key and the day it
 * fell due). The key is unique: the scheduler inserts the review before it starts its process, so a due review is
 * started once across all nodes.
 */
@Entity
@Table(name = "sop_review")
class SopReview {

  enum Status { OPEN, COMPLETED }

  static final String KEY_PREFIX = "RVW-";
  static final int MAX_COMMENT = 2000;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "review_key", nullable = false, unique = true, length = 120)
  private String reviewKey;

  @Column(name = "process_key", nullable = false, length = 100)
  private String processKey;

  @Column(name = "due_at", nullable = false)
  private Instant dueAt;

  @Column(name = "owner_group", nullable = false, length = 64)
  private String ownerGroup;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Status status;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "claimed_by", nullable = false, length = 100)
  private String claimedBy;

  @Enumerated(EnumType.STRING)
  @Column(length = 32)
  private ReviewOutcome outcome;

  @Column(name = "review_comment", length = MAX_COMMENT)
  private String comment;

  @Column(name = "reviewed_by", length = 64)
  private String reviewedBy;

  @Column(name = "reviewed_at")
  private Instant reviewedAt;

  @Column(name = "next_review_due")
  private Instant nextReviewDue;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected SopReview() {}

  SopReview(String processKey, Instant dueAt, String ownerGroup, String claimedBy, Instant now) {
    this.reviewKey = keyOf(processKey, dueAt);
    this.processKey = processKey;
    this.dueAt = dueAt;
    this.ownerGroup = ownerGroup;
    this.claimedBy = claimedBy;
    this.startedAt = now;
    this.status = Status.OPEN;
  }

  static String keyOf(String processKey, Instant dueAt) {
    return KEY_PREFIX + processKey + "-" + dueAt.atZone(ZoneOffset.UTC).toLocalDate();
  }

  void processStarted(String processInstanceId) {
    this.processInstanceId = processInstanceId;
  }

  /** The owner group's finding; a review is recorded once. */
  void complete(ReviewOutcome outcome, String comment, String by, Instant when, Instant nextReviewDue) {
    if (status != Status.OPEN) {
      throw new ConflictException("Review " + reviewKey + " was recorded already (" + this.outcome + ")");
    }
    this.outcome = outcome;
    this.comment = comment;
    this.reviewedBy = by;
    this.reviewedAt = when;
    this.nextReviewDue = nextReviewDue;
    this.status = Status.COMPLETED;
  }

  String getReviewKey() { return reviewKey; }
  String getProcessKey() { return processKey; }
  Instant getDueAt() { return dueAt; }
  String getOwnerGroup() { return ownerGroup; }
  Status getStatus() { return status; }
  Instant getStartedAt() { return startedAt; }
  ReviewOutcome getOutcome() { return outcome; }
  String getComment() { return comment; }
  String getReviewedBy() { return reviewedBy; }
  Instant getReviewedAt() { return reviewedAt; }
  Instant getNextReviewDue() { return nextReviewDue; }
  String getProcessInstanceId() { return processInstanceId; }
}
