package io.sopflow.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** An action the post-incident review agreed on: what, who owns it, by when. */
@Entity
@Table(name = "incident_review_action")
public class IncidentReviewAction {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "incident_id", nullable = false, updatable = false)
  private Long incidentId;

  @Column(nullable = false, updatable = false, length = 1000)
  private String action;

  @Column(nullable = false, updatable = false, length = 64)
  private String owner;

  @Column(name = "due_date", nullable = false, updatable = false)
  private LocalDate dueDate;

  @Column(name = "recorded_by", nullable = false, updatable = false, length = 64)
  private String recordedBy;

  @Column(name = "recorded_at", nullable = false, updatable = false)
  private Instant recordedAt;

  protected IncidentReviewAction() {}

  IncidentReviewAction(Long incidentId, String action, String owner, LocalDate dueDate, String recordedBy,
      Instant recordedAt) {
    this.incidentId = incidentId;
    this.action = action;
    this.owner = owner;
    this.dueDate = dueDate;
    this.recordedBy = recordedBy;
    this.recordedAt = recordedAt;
  }

  public Long getId() { return id; }
  public Long getIncidentId() { return incidentId; }
  public String getAction() { return action; }
  public String getOwner() { return owner; }
  public LocalDate getDueDate() { return dueDate; }
  public String getRecordedBy() { return recordedBy; }
  public Instant getRecordedAt() { return recordedAt; }
}
