package io.sopflow.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An entry of the incident's work log (author, time, text): a comment, a triage or resolution note, a question to the
 * reporter or their answer. The reporter's answer resumes the work.
 */
@Entity
@Table(name = "incident_comment")
public class IncidentComment {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "incident_id", nullable = false, updatable = false)
  private Long incidentId;

  @Column(nullable = false, updatable = false, length = 64)
  private String author;

  @Column(nullable = false, updatable = false, length = 4000)
  private String body;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "kind", nullable = false, updatable = false, length = 20)
  private WorkLogKind kind;

  protected IncidentComment() {}

  IncidentComment(Long incidentId, WorkLogKind kind, String author, String body, Instant createdAt) {
    this.incidentId = incidentId;
    this.kind = kind;
    this.author = author;
    this.body = body;
    this.createdAt = createdAt;
  }

  public Long getId() { return id; }
  public Long getIncidentId() { return incidentId; }
  public String getAuthor() { return author; }
  public String getBody() { return body; }
  public Instant getCreatedAt() { return createdAt; }
  public WorkLogKind getKind() { return kind; }
}
