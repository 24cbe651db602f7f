package io.sopflow.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/**
 * One escalation of an incident. Unique per (incident, SLA target, level reached): the database refuses a second row
 * for the same escalation, whichever node or retry tries to write it.
 */
@Entity
@Table(name = "incident_escalation", uniqueConstraints = @UniqueConstraint(name = "uk_incident_escalation_level",
    columnNames = {"incident_id", "sla_target", "to_level"}))
public class IncidentEscalation {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "incident_id", nullable = false, updatable = false)
  private Long incidentId;

  @Enumerated(EnumType.STRING)
  @Column(name = "sla_target", nullable = false, updatable = false, length = 16)
  private SlaTarget slaTarget;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false, length = 16)
  private EscalationKind kind;

  @Column(name = "from_level", nullable = false, updatable = false)
  private int fromLevel;

  @Column(name = "to_level", nullable = false, updatable = false)
  private int toLevel;

  @Column(name = "from_group", nullable = false, updatable = false, length = 64)
  private String fromGroup;

  @Column(name = "to_group", nullable = false, updatable = false, length = 64)
  private String toGroup;

  @Column(nullable = false, updatable = false, length = 500)
  private String reason;

  @Column(name = "escalated_at", nullable = false, updatable = false)
  private Instant escalatedAt;

  protected IncidentEscalation() {}

  IncidentEscalation(Long incidentId, SlaTarget slaTarget, EscalationKind kind, int fromLevel, int toLevel,
      String fromGroup, String toGroup, String reason, Instant escalatedAt) {
    this.incidentId = incidentId;
    this.slaTarget = slaTarget;
    this.kind = kind;
    this.fromLevel = fromLevel;
    this.toLevel = toLevel;
    this.fromGroup = fromGroup;
    this.toGroup = toGroup;
    this.reason = reason;
    this.escalatedAt = escalatedAt;
  }

  public Long getId() { return id; }
  public Long getIncidentId() { return incidentId; }
  public SlaTarget getSlaTarget() { return slaTarget; }
  public EscalationKind getKind() { return kind; }
  public int getFromLevel() { return fromLevel; }
  public int getToLevel() { return toLevel; }
  public String getFromGroup() { return fromGroup; }
  public String getToGroup() { return toGroup; }
  public String getReason() { return reason; }
  public Instant getEscalatedAt() { return escalatedAt; }
}
