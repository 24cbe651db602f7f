package io.sopflow.change;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One person's decision on a change: a CAB vote, a review decision, a manager's approval. Never changed. */
@Entity
@Table(name = "change_vote")
public class ChangeVote {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 24, updatable = false)
  private ApprovalStage stage;

  @Column(nullable = false, length = 64, updatable = false)
  private String voter;

  @Column(nullable = false, length = 16, updatable = false)
  private String decision;

  @Column(name = "comment_text", length = 2000, updatable = false)
  private String comment;

  /** Who recorded the vote when not the voter: a change manager recording an overdue member's vote on their behalf. */
  @Column(name = "recorded_by", length = 64, updatable = false)
  private String recordedBy;

  /** Set when a delegate cast the vote (then {@code recordedBy}): the member they stood in for, i.e. the voter. */
  @Column(name = "acting_for", length = 64, updatable = false)
  private String actingFor;

  @Column(name = "voted_at", nullable = false, updatable = false)
  private Instant votedAt;

  protected ChangeVote() {}

  ChangeVote(ApprovalStage stage, String voter, String decision, String comment, String recordedBy, Instant votedAt) {
    this(stage, voter, decision, comment, recordedBy, null, votedAt);
  }

  /** A decision taken by {@code delegate} standing in for {@code voter} (their delegation in force). */
  static ChangeVote byDelegate(ApprovalStage stage, String voter, String delegate, String decision, String comment,
      Instant votedAt) {
    return new ChangeVote(stage, voter, decision, comment, delegate, voter, votedAt);
  }

  private ChangeVote(ApprovalStage stage, String voter, String decision, String comment, String recordedBy,
      String actingFor, Instant votedAt) {
    this.recordedBy = recordedBy;
    this.actingFor = actingFor;
    this.stage = stage;
    this.voter = voter;
    this.decision = decision;
    this.comment = comment != null && comment.length() > 2000 ? comment.substring(0, 2000) : comment;
    this.votedAt = votedAt;
  }

  public Long getId() { return id; }
  public ApprovalStage getStage() { return stage; }
  public String getVoter() { return voter; }
  public String getDecision() { return decision; }
  public String getComment() { return comment; }
  public Instant getVotedAt() { return votedAt; }
  public String getRecordedBy() { return recordedBy; }
  public String getActingFor() { return actingFor; }

  public boolean approves() {
    return ChangeDecisions.APPROVE.equals(decision);
  }
}
