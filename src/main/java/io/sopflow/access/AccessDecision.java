package io.sopflow.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of a request's history: who decided, granted or revoked what, and when. Never changed. */
@Entity
@Table(name = "access_decision")
public class AccessDecision {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, updatable = false, length = 32)
  private String action;

  @Column(nullable = false, updatable = false, length = 64)
  private String actor;

  /** The approver a delegate stood in for ({@code actor} is then the delegate). */
  @Column(name = "acting_for", updatable = false, length = 64)
  private String actingFor;

  @Column(name = "decided_at", nullable = false, updatable = false)
  private Instant decidedAt;

  @Column(name = "comment_text", updatable = false, length = 2000)
  private String comment;

  protected AccessDecision() {}

  AccessDecision(String action, String actor, Instant decidedAt, String comment) {
    this(action, actor, null, decidedAt, comment);
  }

  AccessDecision(String action, String actor, String actingFor, Instant decidedAt, String comment) {
    this.actingFor = actingFor;
    this.action = action;
    this.actor = actor;
    this.decidedAt = decidedAt;
    this.comment = comment == null || comment.isBlank() ? null
        : comment.length() > 2000 ? comment.substring(0, 2000) : comment.strip();
  }

  public Long getId() { return id; }
  public String getAction() { return action; }
  public String getActor() { return actor; }
  public Instant getDecidedAt() { return decidedAt; }
  public String getComment() { return comment; }
  public String getActingFor() { return actingFor; }
}
