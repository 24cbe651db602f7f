package io.sopflow.incident;

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
import java.util.Objects;
import org.hibernate.annotations.NaturalId;

/**
 * An incident and its SLA state. It guards its own transitions: each method refuses a state it does not apply to
 * (409), so a late timer or a double click cannot, say, resolve a closed incident.
 */
@Entity
@Table(name = "incident")
public class Incident {

  /** The escalation level of the incident managers (hierarchical escalation); 1-3 are the support tiers. */
  public static final int MANAGEMENT_LEVEL = 4;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** Loaded through {@link io.sopflow.persistence.RecordsByNumber}; assigned after the insert, hence mutable. */
  @NaturalId(mutable = true)
  @Column(name = "incident_number", unique = true, length = 20)
  private String number;

  @Version
  private long version;

  @Column(nullable = false, length = 200)
  private String title;

  @Column(nullable = false, length = 4000)
  private String description;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 10)
  private Level impact;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 10)
  private Level urgency;

  @Column(nullable = false, length = 100)
  private String category;

  @Column(name = "configuration_item", length = 200)
  private String configurationItem;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 4)
  private Priority priority;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 24)
  private IncidentStatus status;

  @Column(nullable = false, length = 64)
  private String reporter;

  @Column(name = "assignment_group", nullable = false, length = 64)
  private String assignmentGroup;

  @Column(name = "escalation_level", nullable = false)
  private int escalationLevel;

  @Column(name = "sla_calendar", nullable = false, length = 64)
  private String slaCalendar;

  @Column(name = "response_breached", nullable = false)
  private boolean responseBreached;

  @Column(name = "resolution_breached", nullable = false)
  private boolean resolutionBreached;

  @Column(name = "managers_notified", nullable = false)
  private boolean managersNotified;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "response_warning_at", nullable = false)
  private Instant responseWarningAt;

  @Column(name = "response_due_at", nullable = false)
  private Instant responseDueAt;

  @Column(name = "resolution_warning_at", nullable = false)
  private Instant resolutionWarningAt;

  @Column(name = "resolution_due_at", nullable = false)
  private Instant resolutionDueAt;

  /** The resolution warning date whose warning went out (null: none yet); see {@link #warnResolution}. */
  @Column(name = "resolution_warned_for")
  private Instant resolutionWarnedFor;

  @Column(name = "acknowledged_at")
  private Instant acknowledgedAt;

  @Column(name = "acknowledged_by", length = 64)
  private String acknowledgedBy;

  @Column(name = "paused_at")
  private Instant pausedAt;

  @Column(name = "question_for_requester", length = 4000)
  private String questionForRequester;

  @Column(name = "resolved_at")
  private Instant resolvedAt;

  @Column(name = "resolved_by", length = 64)
  private String resolvedBy;

  @Column(name = "resolution_notes", length = 4000)
  private String resolutionNotes;

  @Column(name = "confirmed_at")
  private Instant confirmedAt;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Column(name = "closed_automatically", nullable = false)
  private boolean closedAutomatically;

  @Column(name = "reopen_count", nullable = false)
  private int reopenCount;

  @Column(name = "reviewed_at")
  private Instant reviewedAt;

  @Column(name = "reviewed_by", length = 64)
  private String reviewedBy;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  // SLA durations for reporting, in minutes of working time of the incident's calendar (docs/sla.md): computed once
  // by SlaClock at the step that ends them, so the report aggregates stored columns in SQL.
  /**
   * Reported to acknowledged (MTTA): set on acknowledgement, in the calendar of the priority the incident was reported
   * with (the one its response target ran in), even when that triage gives it another priority.
   */
  @Column(name = "response_minutes")
  private Long responseMinutes;

  /** Working time not counted against resolution: waiting for the reporter, and resolved until reopened. */
  @Column(name = "excluded_minutes", nullable = false)
  private long excludedMinutes;

  /** Reported to resolved minus {@link #excludedMinutes} (MTTR): set on resolution, cleared on reopen. */
  @Column(name = "resolution_minutes")
  private Long resolutionMinutes;


  protected Incident() {}

  Incident(String title, String description, Level impact, Level urgency, String category, String configurationItem,
      Priority priority, String reporter, String firstTier, String slaCalendar, Instant now,
      Instant responseWarningAt, Instant responseDueAt, Instant resolutionWarningAt, Instant resolutionDueAt) {
    this.title = Objects.requireNonNull(title);
    this.description = Objects.requireNonNull(description);
    this.impact = Objects.requireNonNull(impact);
    this.urgency = Objects.requireNonNull(urgency);
    this.category = Objects.requireNonNull(category);
    this.configurationItem = configurationItem;
    this.priority = Objects.requireNonNull(priority);
    this.reporter = Objects.requireNonNull(reporter);
    this.assignmentGroup = Objects.requireNonNull(firstTier);
    this.escalationLevel = 1;
    this.slaCalendar = slaCalendar;
    this.status = IncidentStatus.NEW;
    this.createdAt = now;
    this.responseWarningAt = responseWarningAt;
    this.responseDueAt = responseDueAt;
    this.resolutionWarningAt = resolutionWarningAt;
    this.resolutionDueAt = resolutionDueAt;
  }

  /** The business number follows from the identity column: unique on every node without a lock. */
  void assignNumber() {
    if (id == null) {
      throw new IllegalStateException("An incident gets its number once it is stored");
    }
    if (number == null) {
      number = "INC-%06d".formatted(id);
    }
  }

  void processStarted(String processInstanceId) {
    require(IncidentStatus.NEW, "start its process");
    this.processInstanceId = processInstanceId;
    this.status = IncidentStatus.IN_TRIAGE;
  }

  /** Triage done: the response target is met and the incident goes to the group that resolves it. */
  void acknowledge(String by, String resolverGroup, int resolverLevel, Instant when, long responseMinutes) {
    require(IncidentStatus.IN_TRIAGE, "acknowledge it");
    this.acknowledgedAt = when;
    this.responseMinutes = responseMinutes;
    this.acknowledgedBy = by;
    this.assignmentGroup = resolverGroup;
    this.escalationLevel = resolverLevel;
    this.status = IncidentStatus.IN_PROGRESS;
  }

  /**
   * Triage corrected impact and urgency: the priority the table gives for them and the resolution target of that
   * priority, counted from when the incident was reported, in that priority's calendar.
   */
  void reprioritise(Level impact, Level urgency, Priority priority, String slaCalendar, Instant resolutionWarningAt,
      Instant resolutionDueAt) {
    require(IncidentStatus.IN_TRIAGE, "change its priority");
    this.impact = Objects.requireNonNull(impact);
    this.urgency = Objects.requireNonNull(urgency);
    this.priority = Objects.requireNonNull(priority);
    this.slaCalendar = slaCalendar;
    this.resolutionWarningAt = resolutionWarningAt;
    this.resolutionDueAt = resolutionDueAt;
  }

  /** Functional escalation of the triage to the next tier, with that tier's fresh response target. */
  void escalateTo(int level, String group, Instant warningAt, Instant dueAt) {
    require(IncidentStatus.IN_TRIAGE, "escalate its triage");
    if (level <= escalationLevel) {
      throw new ConflictException("Incident " + number + " is already at escalation level " + escalationLevel);
    }
    this.escalationLevel = level;
    this.assignmentGroup = group;
    this.responseWarningAt = warningAt;
    this.responseDueAt = dueAt;
    this.responseBreached = true;
  }

  /** Hierarchical escalation: the incident managers were told (response breached at the last tier). */
  void escalateToManagers() {
    if (status == IncidentStatus.CLOSED) {
      throw new ConflictException("Incident " + number + " is closed");
    }
    this.responseBreached = true;
    this.managersNotified = true;
  }

  void breachResolution() {
    if (status == IncidentStatus.CLOSED) {
      throw new ConflictException("Incident " + number + " is closed");
    }
    this.resolutionBreached = true;
    this.managersNotified = true;
  }

  /**
   * The resolution clock reached its warning date: true if the resolver group is to be warned now, false if the warning
   * for this date went out already. "Resolve incident" comes back after an answer or a reopening, and its warning timer
   * with it: a warning date reached before the pause stays where it was ({@code SlaClock.resumedDue}) and is not warned
   * again, as an SLA's 75 % warning does not repeat when the SLA resumes; a date that moved past the last warning (not
   * reached before the pause, or a new target) is warned once.
   */
  boolean warnResolution() {
    if (status == IncidentStatus.CLOSED) {
      throw new ConflictException("Incident " + number + " is closed");
    }
    if (resolutionWarnedFor != null && !resolutionWarningAt.isAfter(resolutionWarnedFor)) {
      return false;
    }
    this.resolutionWarnedFor = resolutionWarningAt;
    return true;
  }

  /** Waiting for the reporter stops the resolution clock. */
  void awaitRequester(String question, Instant when) {
    require(IncidentStatus.IN_PROGRESS, "wait for the requester");
    this.questionForRequester = question;
    this.pausedAt = when;
    this.status = IncidentStatus.AWAITING_REQUESTER;
  }

  /**
   * The wait for the reporter ended (answered, or about to be resolved without the answer): the clock runs again to
   * the moved dates. {@code pausedMinutes}: the working time it stood still, excluded from the resolution time.
   */
  void resume(Instant resolutionWarningAt, Instant resolutionDueAt, long pausedMinutes) {
    require(IncidentStatus.AWAITING_REQUESTER, "resume it");
    this.pausedAt = null;
    this.excludedMinutes += pausedMinutes;
    this.resolutionWarningAt = resolutionWarningAt;
    this.resolutionDueAt = resolutionDueAt;
    this.status = IncidentStatus.IN_PROGRESS;
  }

  /** {@code elapsedMinutes}: working time from reported to now; the resolution time is that less the excluded time. */
  void resolve(String by, String notes, Instant when, long elapsedMinutes) {
    require(IncidentStatus.IN_PROGRESS, "resolve it");
    this.resolutionMinutes = Math.max(0, elapsedMinutes - excludedMinutes);
    this.resolvedBy = by;
    this.resolutionNotes = notes;
    this.resolvedAt = when;
    this.confirmedAt = null;
    this.status = IncidentStatus.RESOLVED;
  }

  void confirm(Instant when) {
    require(IncidentStatus.RESOLVED, "confirm its resolution");
    this.confirmedAt = when;
  }

  /** Back to resolution; the time it was resolved does not count against the resolution target. */
  void reopen(Instant resolutionWarningAt, Instant resolutionDueAt, long resolvedMinutes) {
    require(IncidentStatus.RESOLVED, "reopen it");
    this.reopenCount++;
    this.excludedMinutes += resolvedMinutes;
    this.resolutionMinutes = null;
    this.resolvedAt = null;
    this.resolvedBy = null;
    this.resolutionWarningAt = resolutionWarningAt;
    this.resolutionDueAt = resolutionDueAt;
    this.status = IncidentStatus.IN_PROGRESS;
  }

  void close(Instant when) {
    require(IncidentStatus.RESOLVED, "close it");
    this.closedAt = when;
    this.closedAutomatically = confirmedAt == null;
    this.status = IncidentStatus.CLOSED;
  }

  void recordReview(String by, Instant when) {
    require(IncidentStatus.CLOSED, "review it");
    if (reviewedAt != null) {
      throw new ConflictException("Incident " + number + " was already reviewed");
    }
    this.reviewedBy = by;
    this.reviewedAt = when;
  }

  private void require(IncidentStatus expected, String action) {
    if (status != expected) {
      throw new ConflictException("Incident " + number + " is " + status + ": cannot " + action);
    }
  }

  public Long getId() { return id; }
  public String getNumber() { return number; }
  public String getTitle() { return title; }
  public String getDescription() { return description; }
  public Level getImpact() { return impact; }
  public Level getUrgency() { return urgency; }
  public String getCategory() { return category; }
  public String getConfigurationItem() { return configurationItem; }
  public Priority getPriority() { return priority; }
  public IncidentStatus getStatus() { return status; }
  public String getReporter() { return reporter; }
  public String getAssignmentGroup() { return assignmentGroup; }
  public int getEscalationLevel() { return escalationLevel; }
  public String getSlaCalendar() { return slaCalendar; }
  public boolean isResponseBreached() { return responseBreached; }
  public boolean isResolutionBreached() { return resolutionBreached; }
  public boolean isManagersNotified() { return managersNotified; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getResponseWarningAt() { return responseWarningAt; }
  public Instant getResponseDueAt() { return responseDueAt; }
  public Instant getResolutionWarningAt() { return resolutionWarningAt; }
  public Instant getResolutionDueAt() { return resolutionDueAt; }
  public Instant getResolutionWarnedFor() { return resolutionWarnedFor; }
  public Instant getAcknowledgedAt() { return acknowledgedAt; }
  public String getAcknowledgedBy() { return acknowledgedBy; }
  public Instant getPausedAt() { return pausedAt; }
  public String getQuestionForRequester() { return questionForRequester; }
  public Instant getResolvedAt() { return resolvedAt; }
  public String getResolvedBy() { return resolvedBy; }
  public String getResolutionNotes() { return resolutionNotes; }
  public Instant getConfirmedAt() { return confirmedAt; }
  public Instant getClosedAt() { return closedAt; }
  public boolean isClosedAutomatically() { return closedAutomatically; }
  public int getReopenCount() { return reopenCount; }
  public Instant getReviewedAt() { return reviewedAt; }
  public String getReviewedBy() { return reviewedBy; }
  public String getProcessInstanceId() { return processInstanceId; }
  public Long getResponseMinutes() { return responseMinutes; }
  public long getExcludedMinutes() { return excludedMinutes; }
  public Long getResolutionMinutes() { return resolutionMinutes; }
}
