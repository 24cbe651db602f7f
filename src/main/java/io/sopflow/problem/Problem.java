package io.sopflow.problem;

import io.sopflow.domain.ConflictException;
import io.sopflow.incident.Priority;
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
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.NaturalId;

/**
 * A problem: the unknown (then known) cause of one or more incidents. It guards its own life cycle; every refused
 * transition is a {@link ConflictException} (409), so a late message or a double click cannot, say, close a problem
 * whose fix was never verified.
 */
@Entity
@Table(name = "problem")
public class Problem {

  static final String NUMBER_FORMAT = "PRB-%06d";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** Loaded through {@link io.sopflow.persistence.RecordsByNumber}; assigned after the insert, hence mutable. */
  @NaturalId(mutable = true)
  @Column(name = "problem_number", unique = true, length = 20)
  private String number;

  @Version
  @Column(name = "row_version", nullable = false)
  private long version;

  @Column(nullable = false, length = 200)
  private String title;

  @Column(nullable = false, length = 4000)
  private String description;

  @Column(name = "configuration_item", length = 200)
  private String configurationItem;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private ProblemOrigin origin;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 24)
  private ProblemStatus status;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 4)
  private Priority priority;

  @Column(name = "raised_by", nullable = false, length = 64)
  private String raisedBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Column(name = "decided_by", length = 64)
  private String decidedBy;

  @Column(name = "decision_reason", length = 1000)
  private String decisionReason;

  @Column(name = "five_whys", length = 2000)
  private String fiveWhys;

  @Column(name = "root_cause", length = 1000)
  private String rootCause;

  @Enumerated(EnumType.STRING)
  @Column(name = "root_cause_category", length = 32)
  private RootCauseCategory rootCauseCategory;

  @Column(name = "contributing_factors", length = 1000)
  private String contributingFactors;

  @Column(length = 2000)
  private String workaround;

  @Column(name = "investigated_by", length = 64)
  private String investigatedBy;

  @Column(name = "known_error_at")
  private Instant knownErrorAt;

  @Column(name = "change_number", length = 20)
  private String changeNumber;

  @Column(name = "change_outcome", length = 16)
  private String changeOutcome;

  @Column(name = "investigation_rounds", nullable = false)
  private int investigationRounds;

  @Column(name = "fix_verified_by", length = 64)
  private String fixVerifiedBy;

  @Column(name = "fix_verified_at")
  private Instant fixVerifiedAt;

  @Column(name = "closed_at")
  private Instant closedAt;

  protected Problem() {}

  Problem(String title, String description, String configurationItem, ProblemOrigin origin, Priority priority,
      String raisedBy, Instant now) {
    this.title = title;
    this.description = description;
    this.configurationItem = configurationItem;
    this.origin = origin;
    this.priority = priority;
    this.raisedBy = raisedBy;
    this.status = origin == ProblemOrigin.RECURRENCE ? ProblemStatus.PROPOSED : ProblemStatus.INVESTIGATING;
    this.investigationRounds = status == ProblemStatus.INVESTIGATING ? 1 : 0;
    this.createdAt = now;
    this.updatedAt = now;
  }

  void assignNumber() {
    this.number = String.format(NUMBER_FORMAT, id);
  }

  void attachProcessInstance(String processInstanceId) {
    this.processInstanceId = processInstanceId;
  }

  /**
   * An incident linked to the problem (when it is raised, or a later incident on the item), to be stored by the
   * caller; refused once the problem is closed or rejected. A link is a row of its own and leaves the problem as it
   * is: incidents reported at the same moment join it side by side (the caller checks before its commit, holding the
   * problem with a shared lock, that it is still open).
   */
  ProblemIncident link(String incidentNumber) {
    require(status.isOpen(), "link an incident to it");
    return new ProblemIncident(id, incidentNumber);
  }

  void decideProposal(String by, boolean accepted, String reason, Instant now) {
    require(status == ProblemStatus.PROPOSED, accepted ? "accept it" : "reject it");
    this.decidedBy = by;
    this.decisionReason = reason;
    this.status = accepted ? ProblemStatus.INVESTIGATING : ProblemStatus.REJECTED;
    if (accepted) {
      investigationRounds++;
    } else {
      closedAt = now;
    }
    touch(now);
  }

  /**
   * An incident of a higher priority joined the open problem: the problem takes its priority (never a lower one).
   * Returns the priority it had, or empty if it is not raised.
   */
  Optional<Priority> raisePriority(Priority incidentPriority, Instant now) {
    if (!status.isOpen() || incidentPriority.compareTo(priority) >= 0) {
      return Optional.empty();
    }
    Priority before = priority;
    this.priority = incidentPriority;
    touch(now);
    return Optional.of(before);
  }

  /** The priorities a problem may have for an incident of {@code incidentPriority} to raise it. */
  static Set<Priority> lowerThan(Priority incidentPriority) {
    Set<Priority> lower = EnumSet.noneOf(Priority.class);
    for (Priority priority : Priority.values()) {
      if (priority.compareTo(incidentPriority) > 0) {
        lower.add(priority);
      }
    }
    return lower;
  }

  /** Root cause found: a known error, with the workaround the linked incidents show. */
  void recordInvestigation(String by, String fiveWhys, String rootCause, RootCauseCategory category,
      String contributingFactors, String workaround, Instant now) {
    require(status == ProblemStatus.INVESTIGATING, "record an investigation");
    this.investigatedBy = by;
    this.fiveWhys = fiveWhys;
    this.rootCause = rootCause;
    this.rootCauseCategory = category;
    this.contributingFactors = contributingFactors;
    this.workaround = workaround;
    this.knownErrorAt = now;
    this.status = ProblemStatus.KNOWN_ERROR;
    touch(now);
  }

  void changeRaised(String changeNumber, Instant now) {
    require(status == ProblemStatus.KNOWN_ERROR, "raise a change");
    this.changeNumber = changeNumber;
    this.changeOutcome = null;
    this.status = ProblemStatus.AWAITING_CHANGE;
    touch(now);
  }

  /** Its change ended: succeeded, the fix is verified next; otherwise back to the investigation. */
  void changeEnded(String changeNumber, String outcome, boolean succeeded, Instant now) {
    require(status == ProblemStatus.AWAITING_CHANGE && changeNumber.equals(this.changeNumber),
        "take the end of change " + changeNumber);
    this.changeOutcome = outcome;
    if (succeeded) {
      this.status = ProblemStatus.VERIFYING;
    } else {
      reinvestigate();
    }
    touch(now);
  }

  void verifyFix(String by, boolean verified, Instant now) {
    require(status == ProblemStatus.VERIFYING, "verify its fix");
    if (verified) {
      this.fixVerifiedBy = by;
      this.fixVerifiedAt = now;
    } else {
      reinvestigate();
    }
    touch(now);
  }

  void close(Instant now) {
    require(status == ProblemStatus.VERIFYING && fixVerifiedBy != null, "close it before its fix is verified");
    this.status = ProblemStatus.CLOSED;
    this.closedAt = now;
    touch(now);
  }

  private void reinvestigate() {
    this.status = ProblemStatus.INVESTIGATING;
    this.investigationRounds++;
  }

  private void require(boolean allowed, String action) {
    if (!allowed) {
      throw new ConflictException("Problem " + number + " is " + status + ": cannot " + action);
    }
  }

  private void touch(Instant now) {
    this.updatedAt = now;
  }

  public boolean isKnownError() {
    return knownErrorAt != null;
  }

  public Long getId() { return id; }
  public String getNumber() { return number; }
  public String getTitle() { return title; }
  public String getDescription() { return description; }
  public String getConfigurationItem() { return configurationItem; }
  public ProblemOrigin getOrigin() { return origin; }
  public ProblemStatus getStatus() { return status; }
  public Priority getPriority() { return priority; }
  public String getRaisedBy() { return raisedBy; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getUpdatedAt() { return updatedAt; }
  public String getProcessInstanceId() { return processInstanceId; }
  public String getDecidedBy() { return decidedBy; }
  public String getDecisionReason() { return decisionReason; }
  public String getFiveWhys() { return fiveWhys; }
  public String getRootCause() { return rootCause; }
  public RootCauseCategory getRootCauseCategory() { return rootCauseCategory; }
  public String getContributingFactors() { return contributingFactors; }
  public String getWorkaround() { return workaround; }
  public String getInvestigatedBy() { return investigatedBy; }
  public Instant getKnownErrorAt() { return knownErrorAt; }
  public String getChangeNumber() { return changeNumber; }
  public String getChangeOutcome() { return changeOutcome; }
  public int getInvestigationRounds() { return investigationRounds; }
  public String getFixVerifiedBy() { return fixVerifiedBy; }
  public Instant getFixVerifiedAt() { return fixVerifiedAt; }
  public Instant getClosedAt() { return closedAt; }
}
