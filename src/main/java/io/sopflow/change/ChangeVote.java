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

  @Column(name = "voted_at", nullable = false, updatable = false)
  private Instant votedAt;

  protected ChangeVote() {}

  ChangeVote(ApprovalStage stage, String voter, String decision, String comment, String recordedBy, Instant votedAt) {
    this.recordedBy = recordedBy;
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

  public boolean approves() {
    return ChangeDecisions.APPROVE.equals(decision);
  }
}
