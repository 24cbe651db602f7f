package io.sopflow.closure;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.InvalidRequestException;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.NaturalId;

/**
 * The closure of one project ({@code PRJ-<project code>}). It guards its own life cycle: deliverables are verified
 * (open ones resolved and verified again), the sponsor signs off (a refusal goes back to the project manager), then
 * lessons learned, financial closure and release of resources are recorded in any order, the closure report is
 * attached, and the post-implementation review closes the project.
 */
@Entity
@Table(name = "project_closure")
public class ProjectClosure {

  public static final String KEY_PREFIX = "PRJ-";

  public enum Status { VERIFYING, RESOLVING, SIGN_OFF, SIGN_OFF_REFUSED, WRAPPING_UP, REVIEW_SCHEDULED, CLOSED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Version
  private long version;

  /** Loaded through {@link io.sopflow.persistence.RecordsByNumber}. */
  @NaturalId
  @Column(name = "record_key", nullable = false, unique = true, updatable = false, length = 40)
  private String key;

  @Column(name = "project_code", nullable = false, unique = true, updatable = false, length = 32)
  private String projectCode;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(name = "project_manager", nullable = false, length = 64)
  private String projectManager;

  @Column(nullable = false, length = 64)
  private String sponsor;

  /** The client's person (a known user) who accepts the deliverables. */
  @Column(name = "client_contact", length = 200)
  private String clientContact;

  @Column(nullable = false, precision = 19, scale = 2)
  private BigDecimal budget;

  /** Entered by finance when it closes the finances; null until then. */
  @Column(name = "actual_cost", precision = 19, scale = 2)
  private BigDecimal actualCost;

  /** The project's access grants that releasing its resources revoked (keys, comma-separated). */
  @Column(name = "released_access", length = 4000)
  private String releasedAccess;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 24)
  private Status status;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Column(name = "requested_by", nullable = false, updatable = false, length = 64)
  private String requestedBy;

  @Column(name = "requested_at", nullable = false, updatable = false)
  private Instant requestedAt;

  @Column(name = "signed_off_by", length = 64)
  private String signedOffBy;

  @Column(name = "signed_off_at")
  private Instant signedOffAt;

  /** The sponsor a delegate signed off for ({@code signedOffBy} is then the delegate); null otherwise. */
  @Column(name = "signed_off_acting_for", length = 64)
  private String signedOffActingFor;

  @Column(name = "sign_off_comment", length = 2000)
  private String signOffComment;

  @Column(name = "sign_off_refusals", nullable = false)
  private int signOffRefusals;

  @Column(name = "last_refusal_by", length = 64)
  private String lastRefusalBy;

  @Column(name = "last_refusal_reason", length = 2000)
  private String lastRefusalReason;

  @Column(name = "last_refusal_response", length = 2000)
  private String lastRefusalResponse;

  @Column(name = "sign_off_escalated_at")
  private Instant signOffEscalatedAt;

  // Long text: LONGTEXT on MySQL keeps the row under its 64 KB limit.
  @Lob
  @Column(name = "lessons_went_well", length = Integer.MAX_VALUE)
  private String lessonsWentWell;

  // Long text: LONGTEXT on MySQL keeps the row under its 64 KB limit.
  @Lob
  @Column(name = "lessons_to_improve", length = Integer.MAX_VALUE)
  private String lessonsToImprove;

  // Long text: LONGTEXT on MySQL keeps the row under its 64 KB limit.
  @Lob
  @Column(name = "lessons_recommendations", length = Integer.MAX_VALUE)
  private String lessonsRecommendations;

  @Column(name = "lessons_by", length = 64)
  private String lessonsBy;

  @Column(name = "lessons_at")
  private Instant lessonsAt;

  // Long text: LONGTEXT on MySQL keeps the row under its 64 KB limit.
  @Lob
  @Column(name = "variance_explanation", length = Integer.MAX_VALUE)
  private String varianceExplanation;

  @Column(name = "finance_closed_by", length = 64)
  private String financeClosedBy;

  @Column(name = "finance_closed_at")
  private Instant financeClosedAt;

  @Column(name = "accounts_closed", nullable = false)
  private boolean accountsClosed;

  @Column(name = "environments_decommissioned", nullable = false)
  private boolean environmentsDecommissioned;

  @Column(name = "team_released", nullable = false)
  private boolean teamReleased;

  @Column(name = "resources_note", length = 2000)
  private String resourcesNote;

  @Column(name = "resources_released_by", length = 64)
  private String resourcesReleasedBy;

  @Column(name = "resources_released_at")
  private Instant resourcesReleasedAt;

  @Lob
  @Column(name = "report_html", length = Integer.MAX_VALUE)
  private String reportHtml;

  @Column(name = "report_generated_at")
  private Instant reportGeneratedAt;

  @Column(name = "review_due_at")
  private Instant reviewDueAt;

  // Long text: LONGTEXT on MySQL keeps the row under its 64 KB limit.
  @Lob
  @Column(name = "review_findings", length = Integer.MAX_VALUE)
  private String reviewFindings;

  @Column(name = "reviewed_by", length = 64)
  private String reviewedBy;

  @Column(name = "closed_at")
  private Instant closedAt;

  @OneToMany(mappedBy = "closure", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("sortIndex ASC")
  private List<Deliverable> deliverables = new ArrayList<>();

  protected ProjectClosure() {}

  ProjectClosure(String projectCode, String name, String projectManager, String sponsor, String clientContact,
      BigDecimal budget, String requestedBy, Instant requestedAt) {
    if (budget.signum() < 0) {
      throw new InvalidRequestException("budget", "must not be negative");
    }
    this.projectCode = projectCode;
    this.key = KEY_PREFIX + projectCode;
    this.name = name;
    this.projectManager = projectManager;
    this.sponsor = sponsor;
    this.clientContact = clientContact;
    this.budget = budget.setScale(2, RoundingMode.HALF_UP);
    this.requestedBy = requestedBy;
    this.requestedAt = requestedAt;
    this.status = Status.VERIFYING;
  }

  void addDeliverable(String deliverableName, String acceptanceCriteria) {
    deliverables.add(new Deliverable(this, deliverables.size(), deliverableName, acceptanceCriteria));
  }

  void attachProcessInstance(String processInstanceId) {
    if (this.processInstanceId != null && !this.processInstanceId.equals(processInstanceId)) {
      throw new ConflictException(key + " already has process instance " + this.processInstanceId);
    }
    this.processInstanceId = processInstanceId;
  }

  // --- deliverables ----------------------------------------------------------------------------------------------

  /** Records one verification; once no deliverable is pending, the closure moves to sign-off or to resolution. */
  /** {@code actingFor}: the client contact when {@code by} is their delegate, else null. */
  void verifyDeliverable(Long deliverableId, boolean accepted, String note, String by, String actingFor, Instant when) {
    requireStatus(Status.VERIFYING, "verify a deliverable");
    if (!accepted && isBlank(note)) {
      throw new InvalidRequestException("verificationNote", "is required when a deliverable is not accepted");
    }
    deliverable(deliverableId).verify(accepted, trimToNull(note), by, actingFor, when);
    if (deliverables.stream().noneMatch(Deliverable::isPending)) {
      status = allDeliverablesAccepted() ? Status.SIGN_OFF : Status.RESOLVING;
    }
  }

  /** The project manager has worked on the open deliverables: each is verified again. */
  void resolveOpenDeliverables(String resolutionNote) {
    requireStatus(Status.RESOLVING, "resolve open deliverables");
    if (isBlank(resolutionNote)) {
      throw new InvalidRequestException("resolutionNote", "is required: say how the open deliverables were resolved");
    }
    deliverables.stream().filter(Deliverable::isOpen).forEach(d -> d.reopenForVerification(resolutionNote.strip()));
    status = Status.VERIFYING;
  }

  public boolean allDeliverablesAccepted() {
    return deliverables.stream().allMatch(Deliverable::isAccepted);
  }

  public List<Deliverable> pendingDeliverables() {
    return deliverables.stream().filter(Deliverable::isPending).toList();
  }

  public List<Deliverable> openDeliverables() {
    return deliverables.stream().filter(Deliverable::isOpen).toList();
  }

  public Deliverable deliverable(Long deliverableId) {
    return deliverables.stream().filter(d -> d.getId().equals(deliverableId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Deliverable " + deliverableId + " is not part of " + key));
  }

  // --- client contact ----------------------------------------------------------------------------------------------

  /**
   * Refuses (409, naming the status) a new client contact once the deliverables are accepted: from the sign-off on,
   * the closure and its report name who accepted them, and a contact named afterwards accepted nothing. While they
   * are verified or their open ones resolved, the next acceptance is still to come.
   */
  void requireAcceptancePending(String action) {
    if (status != Status.VERIFYING && status != Status.RESOLVING) {
      throw new ConflictException("Cannot " + action + " of " + key + ": it is " + status
          + ", and only while its deliverables are verified (" + Status.VERIFYING + ") or resolved ("
          + Status.RESOLVING + ") is an acceptance still to come");
    }
  }

  /**
   * Another person accepts the deliverables from now on; the verifications recorded so far keep who made them.
   * Returns the client contact replaced (null on a closure recorded before there was one).
   */
  String replaceClientContact(String contact) {
    requireAcceptancePending("replace the client contact");
    String previous = clientContact;
    clientContact = contact;
    return previous;
  }

  // --- sign-off --------------------------------------------------------------------------------------------------

  /**
   * Whether this user may sign off: the sponsor (or whoever the sign-off task was offered to as the sponsor's
   * delegate: {@code userId} is then the sponsor, on whose behalf they act), and after an escalation also the managers.
   */
  boolean maySignOff(String userId, boolean isManager) {
    return sponsor.equals(userId) || (signOffEscalatedAt != null && isManager);
  }

  /** Signed off by {@code by}; {@code actingFor} the sponsor when {@code by} is the sponsor's delegate, else null. */
  void signOff(String by, String actingFor, String comment, Instant when) {
    requireStatus(Status.SIGN_OFF, "sign off");
    signedOffBy = by;
    signedOffActingFor = actingFor;
    signedOffAt = when;
    signOffComment = trimToNull(comment);
    status = Status.WRAPPING_UP;
  }

  /**
   * A refusal ends the sign-off round. Once the refusal is addressed the sponsor is asked again, with an SLA of its own
   * (a new task, new timers): its escalation, if it comes, is the new round's, recorded and counted as such, and until
   * then only the sponsor decides.
   */
  void refuseSignOff(String by, String reason, Instant when) {
    requireStatus(Status.SIGN_OFF, "refuse the sign-off");
    if (isBlank(reason)) {
      throw new InvalidRequestException("signOffComment", "is required when the sign-off is refused: give the reason");
    }
    signOffRefusals++;
    lastRefusalBy = by;
    lastRefusalReason = reason.strip();
    lastRefusalResponse = null;
    signOffEscalatedAt = null;
    status = Status.SIGN_OFF_REFUSED;
  }

  void addressRefusal(String response) {
    requireStatus(Status.SIGN_OFF_REFUSED, "address the sign-off refusal");
    if (isBlank(response)) {
      throw new InvalidRequestException("refusalResponse", "is required: say how the refusal was addressed");
    }
    lastRefusalResponse = response.strip();
    status = Status.SIGN_OFF;
  }

  /**
   * The sign-off is overdue: managers may sign off as well. Returns false if this round was escalated already (a round
   * ends with a refusal).
   */
  boolean escalateSignOff(Instant when) {
    requireStatus(Status.SIGN_OFF, "escalate the sign-off");
    if (signOffEscalatedAt != null) {
      return false;
    }
    signOffEscalatedAt = when;
    return true;
  }

  // --- wrap-up (in any order) ------------------------------------------------------------------------------------

  void recordLessons(String wentWell, String toImprove, String recommendations, String by, Instant when) {
    requireStatus(Status.WRAPPING_UP, "record lessons learned");
    requireText("lessonsWentWell", wentWell);
    requireText("lessonsToImprove", toImprove);
    requireText("lessonsRecommendations", recommendations);
    if (lessonsAt != null) {
      throw new ConflictException("Lessons learned of " + key + " are recorded already");
    }
    lessonsWentWell = wentWell.strip();
    lessonsToImprove = toImprove.strip();
    lessonsRecommendations = recommendations.strip();
    lessonsBy = by;
    lessonsAt = when;
  }

  /** Finance enters the actual cost; the variance is computed from it now, and above the threshold explained. */
  void closeFinances(BigDecimal enteredActualCost, String explanation, BigDecimal thresholdPercent, String by,
      Instant when) {
    requireStatus(Status.WRAPPING_UP, "close the finances");
    if (financeClosedAt != null) {
      throw new ConflictException("Finances of " + key + " are closed already");
    }
    if (enteredActualCost == null) {
      throw new InvalidRequestException("actualCost", "is required");
    }
    if (enteredActualCost.signum() < 0) {
      throw new InvalidRequestException("actualCost", "must not be negative");
    }
    if (enteredActualCost.stripTrailingZeros().scale() > 2 || enteredActualCost.precision()
        - enteredActualCost.scale() > 17) {
      throw new InvalidRequestException("actualCost", "must be an amount with at most 17 digits and 2 decimals");
    }
    BigDecimal entered = enteredActualCost.setScale(2, RoundingMode.HALF_UP);
    if (explanationRequired(budget, entered, thresholdPercent) && isBlank(explanation)) {
      BigDecimal variance = entered.subtract(budget);
      throw new InvalidRequestException("varianceExplanation", "is required: the cost variance of "
          + (budget.signum() == 0 ? variance.toPlainString()
              : variance.multiply(BigDecimal.valueOf(100)).divide(budget, 2, RoundingMode.HALF_UP).toPlainString()
                  + " %")
          + " exceeds " + thresholdPercent.stripTrailingZeros().toPlainString() + " %");
    }
    actualCost = entered;
    varianceExplanation = trimToNull(explanation);
    financeClosedBy = by;
    financeClosedAt = when;
  }

  void releaseResources(boolean accountsClosed, boolean environmentsDecommissioned, boolean teamReleased, String note,
      String by, Instant when) {
    requireStatus(Status.WRAPPING_UP, "release the project resources");
    if (!accountsClosed) {
      throw new InvalidRequestException("accountsClosed", "must be confirmed before the resources are released");
    }
    if (!environmentsDecommissioned) {
      throw new InvalidRequestException("environmentsDecommissioned",
          "must be confirmed before the resources are released");
    }
    if (!teamReleased) {
      throw new InvalidRequestException("teamReleased", "must be confirmed before the resources are released");
    }
    if (resourcesReleasedAt != null) {
      throw new ConflictException("Resources of " + key + " are released already");
    }
    this.accountsClosed = true;
    this.environmentsDecommissioned = true;
    this.teamReleased = true;
    this.resourcesNote = trimToNull(note);
    this.resourcesReleasedBy = by;
    this.resourcesReleasedAt = when;
  }

  void recordReleasedAccess(java.util.List<String> releasedAccessKeys) {
    this.releasedAccess = String.join(",", releasedAccessKeys);
  }

  void attachReport(String html, Instant when, Instant reviewDue) {
    requireStatus(Status.WRAPPING_UP, "attach the closure report");
    if (lessonsAt == null || financeClosedAt == null || resourcesReleasedAt == null) {
      throw new ConflictException("The wrap-up of " + key + " is not complete");
    }
    reportHtml = html;
    reportGeneratedAt = when;
    reviewDueAt = reviewDue;
    status = Status.REVIEW_SCHEDULED;
  }

  void completeReview(String findings, String by, Instant when) {
    requireStatus(Status.REVIEW_SCHEDULED, "complete the post-implementation review");
    requireText("reviewFindings", findings);
    reviewFindings = findings.strip();
    reviewedBy = by;
    closedAt = when;
    status = Status.CLOSED;
  }

  // --- finances --------------------------------------------------------------------------------------------------

  /** Actual cost minus budget: positive = overrun; null until finance entered the actual cost. */
  public BigDecimal variance() {
    return actualCost == null ? null : actualCost.subtract(budget);
  }

  /** Variance in percent of the budget, two decimals; empty for a zero budget or before finance entered the cost. */
  public Optional<BigDecimal> variancePercent() {
    if (actualCost == null || budget.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(variance().multiply(BigDecimal.valueOf(100)).divide(budget, 2, RoundingMode.HALF_UP));
  }

  /** Exactly (not on the rounded percentage): |variance| / budget > threshold %; with no budget, any variance. */
  public boolean varianceExplanationRequired(BigDecimal thresholdPercent) {
    return actualCost != null && explanationRequired(budget, actualCost, thresholdPercent);
  }

  private static boolean explanationRequired(BigDecimal budget, BigDecimal actual, BigDecimal thresholdPercent) {
    BigDecimal variance = actual.subtract(budget);
    if (budget.signum() == 0) {
      return variance.signum() != 0;
    }
    return variance.abs().multiply(BigDecimal.valueOf(100)).compareTo(thresholdPercent.multiply(budget)) > 0;
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  private void requireStatus(Status required, String action) {
    if (status != required) {
      throw new ConflictException("Cannot " + action + " for " + key + " in status " + status);
    }
  }

  private static void requireText(String field, String value) {
    if (isBlank(value)) {
      throw new InvalidRequestException(field, "is required");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String trimToNull(String value) {
    return isBlank(value) ? null : value.strip();
  }

  public Long getId() {
    return id;
  }

  public String getKey() {
    return key;
  }

  public String getProjectCode() {
    return projectCode;
  }

  public String getName() {
    return name;
  }

  public String getProjectManager() {
    return projectManager;
  }

  public String getSponsor() {
    return sponsor;
  }

  public String getClientContact() {
    return clientContact;
  }

  public BigDecimal getBudget() {
    return budget;
  }

  /** The keys of the access grants that releasing the resources revoked. */
  public java.util.List<String> getReleasedAccess() {
    return releasedAccess == null || releasedAccess.isEmpty() ? java.util.List.of()
        : java.util.List.of(releasedAccess.split(","));
  }

  public BigDecimal getActualCost() {
    return actualCost;
  }

  public Status getStatus() {
    return status;
  }

  public String getProcessInstanceId() {
    return processInstanceId;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public Instant getRequestedAt() {
    return requestedAt;
  }

  public String getSignedOffBy() {
    return signedOffBy;
  }

  public Instant getSignedOffAt() {
    return signedOffAt;
  }

  public String getSignOffComment() {
    return signOffComment;
  }

  public int getSignOffRefusals() {
    return signOffRefusals;
  }

  public String getLastRefusalBy() {
    return lastRefusalBy;
  }

  public String getLastRefusalReason() {
    return lastRefusalReason;
  }

  public String getLastRefusalResponse() {
    return lastRefusalResponse;
  }

  public String getSignedOffActingFor() {
    return signedOffActingFor;
  }

  public Instant getSignOffEscalatedAt() {
    return signOffEscalatedAt;
  }

  public String getLessonsWentWell() {
    return lessonsWentWell;
  }

  public String getLessonsToImprove() {
    return lessonsToImprove;
  }

  public String getLessonsRecommendations() {
    return lessonsRecommendations;
  }

  public String getLessonsBy() {
    return lessonsBy;
  }

  public Instant getLessonsAt() {
    return lessonsAt;
  }

  public String getVarianceExplanation() {
    return varianceExplanation;
  }

  public String getFinanceClosedBy() {
    return financeClosedBy;
  }

  public Instant getFinanceClosedAt() {
    return financeClosedAt;
  }

  public boolean isAccountsClosed() {
    return accountsClosed;
  }

  public boolean isEnvironmentsDecommissioned() {
    return environmentsDecommissioned;
  }

  public boolean isTeamReleased() {
    return teamReleased;
  }

  public String getResourcesNote() {
    return resourcesNote;
  }

  public String getResourcesReleasedBy() {
    return resourcesReleasedBy;
  }

  public Instant getResourcesReleasedAt() {
    return resourcesReleasedAt;
  }

  public String getReportHtml() {
    return reportHtml;
  }

  public Instant getReportGeneratedAt() {
    return reportGeneratedAt;
  }

  public Instant getReviewDueAt() {
    return reviewDueAt;
  }

  public String getReviewFindings() {
    return reviewFindings;
  }

  public String getReviewedBy() {
    return reviewedBy;
  }

  public Instant getClosedAt() {
    return closedAt;
  }

  public List<Deliverable> getDeliverables() {
    return Collections.unmodifiableList(deliverables);
  }
}
