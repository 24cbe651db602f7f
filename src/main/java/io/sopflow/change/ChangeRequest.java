package io.sopflow.change;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hibernate.annotations.NaturalId;

/**
 * A change request. Guards its own life cycle: who may decide (four-eyes), which decisions a stage allows, and which
 * transitions the current status permits.
 */
@Entity
@Table(name = "change_request")
public class ChangeRequest {

  static final String NUMBER_FORMAT = "CHG-%06d";
  /** How many different members of the emergency CAB approve an emergency change. */
  static final int EMERGENCY_APPROVERS = 2;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** Loaded through {@link io.sopflow.persistence.RecordsByNumber}; assigned after the insert, hence mutable. */
  @NaturalId(mutable = true)
  @Column(name = "change_number", unique = true, length = 20)
  private String number;

  @Column(nullable = false, length = 200)
  private String title;

  @Lob
  @Column(length = Integer.MAX_VALUE)
  private String description;

  @Enumerated(EnumType.STRING)
  @Column(name = "change_type", nullable = false, length = 16)
  private ChangeType type;

  @Enumerated(EnumType.STRING)
  @Column(name = "approval_route", nullable = false, length = 16)
  private ApprovalRoute route;

  @Column(name = "standard_template", length = 100)
  private String standardTemplate;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 8)
  private RiskLevel risk;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 24)
  private ChangeStatus status;

  @Lob
  @Column(name = "implementation_plan", nullable = false, length = Integer.MAX_VALUE)
  private String implementationPlan;

  @Lob
  @Column(name = "backout_plan", length = Integer.MAX_VALUE)
  private String backoutPlan;

  @Lob
  @Column(name = "test_evidence", length = Integer.MAX_VALUE)
  private String testEvidence;

  /**
   * Whether the risk assessment counted the backout plan and the test evidence as present: text that says nothing
   * (blank, the title again, too short) counts as absent. Null for changes recorded before this was kept.
   */
  @Column(name = "backout_plan_counted")
  private Boolean backoutPlanCounted;

  @Column(name = "test_evidence_counted")
  private Boolean testEvidenceCounted;

  /** The change manager who acknowledged that this change overlaps others on a shared service, and when. */
  @Column(name = "overlap_acknowledged_by", length = 64)
  private String overlapAcknowledgedBy;

  @Column(name = "overlap_acknowledged_at")
  private Instant overlapAcknowledgedAt;

  /** The problem this change fixes, if a problem raised it (ChangeService.submitForProblem). */
  @Column(name = "problem_number", length = 20)
  private String problemNumber;

  @Column(name = "planned_start", nullable = false)
  private Instant plannedStart;

  @Column(name = "planned_end", nullable = false)
  private Instant plannedEnd;

  @Column(nullable = false, length = 64)
  private String requester;

  @Column(nullable = false, length = 64)
  private String implementer;

  @Column(name = "implementation_outcome", length = 16)
  private String implementationOutcome;

  /**
   * The approval stage whose current pass is overdue and was escalated (offered to the managers too), or null. It
   * counts for that pass only: any change of status ends it, so a review the requester was asked to add details to
   * comes back as a new pass, not escalated until its own SLA is breached.
   */
  @Enumerated(EnumType.STRING)
  @Column(name = "escalated_stage", length = 24)
  private ApprovalStage escalatedStage;

  /** The CAB members eligible for this change's vote, comma separated, fixed when the vote opens. */
  @Column(name = "cab_voters", length = 2000)
  private String cabVoters;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** When it was approved (the SLA report's approval lead time); null before approval and for older changes. */
  @Column(name = "approved_at")
  private Instant approvedAt;

  @Version
  @Column(nullable = false)
  private long version;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "change_affected_service", joinColumns = @JoinColumn(name = "change_id"))
  @Column(name = "service_name", nullable = false, length = 100)
  private Set<String> affectedServices = new LinkedHashSet<>();

  @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
  @JoinColumn(name = "change_id", nullable = false)
  @OrderBy("votedAt ASC, id ASC")
  private List<ChangeVote> votes = new ArrayList<>();

  @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
  @JoinColumn(name = "change_id", nullable = false)
  @OrderBy("createdAt ASC, id ASC")
  private List<ChangeNote> notes = new ArrayList<>();

  protected ChangeRequest() {}

  ChangeRequest(String title, String description, ChangeType type, ApprovalRoute route, String standardTemplate,
      RiskLevel risk, List<String> affectedServices, String implementationPlan, String backoutPlan,
      String testEvidence, boolean backoutPlanCounted, boolean testEvidenceCounted, Instant plannedStart,
      Instant plannedEnd, String requester, String implementer, Instant now) {
    if (!plannedEnd.isAfter(plannedStart)) {
      throw new IllegalArgumentException("plannedEnd must be after plannedStart");
    }
    this.title = title;
    this.description = description;
    this.type = type;
    this.route = route;
    this.standardTemplate = standardTemplate;
    this.risk = risk;
    this.affectedServices.addAll(affectedServices);
    this.implementationPlan = implementationPlan;
    this.backoutPlan = backoutPlan;
    this.testEvidence = testEvidence;
    this.backoutPlanCounted = backoutPlanCounted;
    this.testEvidenceCounted = testEvidenceCounted;
    this.plannedStart = plannedStart;
    this.plannedEnd = plannedEnd;
    this.requester = requester;
    this.implementer = implementer;
    this.status = switch (route) {
      case STANDARD -> ChangeStatus.SUBMITTED;
      case NORMAL -> ChangeStatus.IN_REVIEW;
      case EMERGENCY -> ChangeStatus.EMERGENCY_APPROVAL;
    };
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** Sets the business number from the generated id: unique on every node without a lock. */
  void assignNumber() {
    if (id == null) {
      throw new IllegalStateException("Save the change before numbering it");
    }
    if (number == null) {
      number = NUMBER_FORMAT.formatted(id);
    }
  }

  void attachProcessInstance(String processInstanceId) {
    if (this.processInstanceId != null && !this.processInstanceId.equals(processInstanceId)) {
      throw new ConflictException(number + " already has process instance " + this.processInstanceId);
    }
    this.processInstanceId = processInstanceId;
  }

  /** Four-eyes: the people who asked for and who carry out a change never approve it. */
  boolean isInvolved(String userId) {
    return Objects.equals(userId, requester) || Objects.equals(userId, implementer);
  }

  void ensureMayDecide(String userId) {
    if (isInvolved(userId)) {
      throw new FourEyesViolationException(userId, number);
    }
  }

  /** Records one person's decision in an approval stage (after the four-eyes and allowed-value checks). */
  ChangeVote decide(ApprovalStage stage, String userId, String decision, String comment, Instant now) {
    return decide(stage, userId, null, decision, comment, now);
  }

  /**
   * Records {@code userId}'s decision; with a {@code delegate}, taken by the delegate standing in for them. Four-eyes
   * holds for both: neither may be the requester or the implementer.
   */
  ChangeVote decide(ApprovalStage stage, String userId, String delegate, String decision, String comment,
      Instant now) {
    ensureMayDecide(userId);
    if (delegate != null) {
      ensureMayDecide(delegate);
    }
    if (!status.inApproval()) {
      throw new ConflictException(number + " is " + status + "; no decision can be recorded");
    }
    if (decision == null || !stage.decisions().contains(decision)) {
      throw new IllegalArgumentException("Decision '" + decision + "' is not one of " + stage.decisions());
    }
    if (stage == ApprovalStage.CAB && !cabVoters().contains(userId)) {
      throw new FourEyesViolationException(userId, number);
    }
    if (stage == ApprovalStage.CAB && votes.stream()
        .anyMatch(v -> v.getStage() == ApprovalStage.CAB && v.getVoter().equals(userId))) {
      throw new ConflictException(userId + " has already voted on " + number);
    }
    if (stage == ApprovalStage.EMERGENCY && votes.stream()
        .anyMatch(v -> v.getStage() == ApprovalStage.EMERGENCY && v.getVoter().equals(userId))) {
      throw new ForbiddenException(userId + " has already approved emergency change " + number
          + "; two different members of the emergency CAB must approve it");
    }
    ChangeVote vote = delegate == null ? new ChangeVote(stage, userId, decision, comment, null, now)
        : ChangeVote.byDelegate(stage, userId, delegate, decision, comment, now);
    return record(vote, stage, decision, now);
  }

  /**
   * A change manager records an overdue CAB member's vote on their behalf (the vote was re-offered to them); the vote
   * counts as the member's, and says who recorded it and why.
   */
  ChangeVote decideOnBehalf(String member, String manager, String decision, String reason, Instant now) {
    ensureMayDecide(manager);
    if (status != ChangeStatus.CAB_REVIEW) {
      throw new ConflictException(number + " is " + status + "; no CAB vote can be recorded");
    }
    if (!cabVoters().contains(member)) {
      throw new ConflictException(member + " is not a voter on " + number);
    }
    if (votes.stream().anyMatch(v -> v.getStage() == ApprovalStage.CAB && v.getVoter().equals(member))) {
      throw new ConflictException(member + " has already voted on " + number);
    }
    if (decision == null || !ApprovalStage.CAB.decisions().contains(decision)) {
      throw new IllegalArgumentException("Decision '" + decision + "' is not one of " + ApprovalStage.CAB.decisions());
    }
    return record(new ChangeVote(ApprovalStage.CAB, member, decision,
        manager + " on behalf of " + member + ": " + reason, manager, now), ApprovalStage.CAB, decision, now);
  }

  /** The approval of {@code stage} is overdue: its current pass is escalated, until the change moves on. */
  void escalate(ApprovalStage stage, Instant now) {
    if (!status.inApproval()) {
      throw new ConflictException(number + " is " + status + "; no approval of it can be overdue");
    }
    escalatedStage = stage;
    touch(now);
  }

  /** Whether the current pass of {@code stage} was escalated (not an earlier pass of it). */
  boolean isEscalated(ApprovalStage stage) {
    return stage == escalatedStage;
  }

  /** The emergency CAB's approvals so far: decided on the first rejection or the second (different) approval. */
  DecisionResult emergencyTally() {
    List<ChangeVote> emergency = votes.stream().filter(v -> v.getStage() == ApprovalStage.EMERGENCY).toList();
    boolean rejected = emergency.stream().anyMatch(v -> !v.approves());
    long approvers = emergency.stream().filter(ChangeVote::approves).map(ChangeVote::getVoter).distinct().count();
    boolean approved = !rejected && approvers >= EMERGENCY_APPROVERS;
    return new DecisionResult(approved, rejected || approved);
  }

  void acknowledgeOverlap(String manager, Instant now) {
    if (status == ChangeStatus.CLOSED || status == ChangeStatus.REJECTED) {
      throw new ConflictException(number + " is " + status);
    }
    overlapAcknowledgedBy = manager;
    overlapAcknowledgedAt = now;
    touch(now);
  }

  private ChangeVote record(ChangeVote vote, ApprovalStage stage, String decision, Instant now) {
    votes.add(vote);
    if (stage == ApprovalStage.REVIEW && ChangeDecisions.MORE_INFO.equals(decision)) {
      moveTo(ChangeStatus.AWAITING_DETAILS, now, ChangeStatus.IN_REVIEW);
    }
    touch(now);
    return vote;
  }

  void detailsProvided(String userId, String details, Instant now) {
    if (!Objects.equals(userId, requester)) {
      throw new FourEyesViolationException(userId, number);
    }
    moveTo(ChangeStatus.IN_REVIEW, now, ChangeStatus.AWAITING_DETAILS);
    addNote(userId, ChangeNote.Kind.DETAILS, details, now);
  }

  /** Opens the CAB vote for the given members, leaving out requester and implementer (four-eyes). */
  List<String> openCabVote(List<String> boardMembers, Instant now) {
    moveTo(ChangeStatus.CAB_REVIEW, now, ChangeStatus.IN_REVIEW);
    List<String> eligible = boardMembers.stream().filter(m -> !isInvolved(m)).distinct().sorted().toList();
    cabVoters = String.join(",", eligible);
    return eligible;
  }

  List<String> cabVoters() {
    return cabVoters == null || cabVoters.isBlank() ? List.of() : List.of(cabVoters.split(","));
  }

  CabVoteTally cabTally(ChangeProperties.VotingRule rule) {
    List<ChangeVote> cab = votes.stream().filter(v -> v.getStage() == ApprovalStage.CAB).toList();
    int approvals = (int) cab.stream().filter(ChangeVote::approves).count();
    return new CabVoteTally(cabVoters().size(), approvals, cab.size() - approvals, rule);
  }

  void requireManagerApproval(Instant now) {
    moveTo(ChangeStatus.MANAGER_APPROVAL, now, ChangeStatus.CAB_REVIEW);
  }

  void requireFreezeException(Instant now) {
    if (!status.inApproval()) {
      throw new ConflictException(number + " is " + status);
    }
    enter(ChangeStatus.FREEZE_EXCEPTION, now);
  }

  void approve(Instant now) {
    if (!status.inApproval()) {
      throw new ConflictException(number + " is " + status + " and cannot be approved");
    }
    enter(ChangeStatus.APPROVED, now);
    approvedAt = now;
  }

  void reject(Instant now) {
    if (!status.inApproval()) {
      throw new ConflictException(number + " is " + status + " and cannot be rejected");
    }
    enter(ChangeStatus.REJECTED, now);
  }

  void reschedule(Instant newStart, Instant newEnd, Instant now) {
    if (status != ChangeStatus.APPROVED) {
      throw new ConflictException(number + " is " + status + "; only approved changes are rescheduled");
    }
    if (!newEnd.isAfter(newStart)) {
      throw new IllegalArgumentException("plannedEnd must be after plannedStart");
    }
    plannedStart = newStart;
    plannedEnd = newEnd;
    touch(now);
  }

  void recordImplementation(String outcome, Instant now) {
    if (status != ChangeStatus.APPROVED) {
      throw new ConflictException(number + " is " + status + "; only approved changes are implemented");
    }
    if (ChangeDecisions.SUCCEEDED.equals(outcome)) {
      enter(ChangeStatus.IMPLEMENTED, now);
    } else if (ChangeDecisions.FAILED.equals(outcome)) {
      enter(ChangeStatus.FAILED, now);
    } else {
      throw new IllegalArgumentException("Outcome '" + outcome + "' is not SUCCEEDED or FAILED");
    }
    implementationOutcome = outcome;
  }

  void backedOut(Instant now) {
    moveTo(ChangeStatus.BACKED_OUT, now, ChangeStatus.FAILED);
  }

  void close(Instant now) {
    moveTo(ChangeStatus.CLOSED, now, ChangeStatus.IMPLEMENTED, ChangeStatus.BACKED_OUT);
  }

  void addNote(String author, ChangeNote.Kind kind, String text, Instant now) {
    notes.add(new ChangeNote(author, kind, text == null ? "" : text, now));
    touch(now);
  }

  private void moveTo(ChangeStatus target, Instant now, ChangeStatus... from) {
    if (!List.of(from).contains(status)) {
      throw new ConflictException(number + " is " + status + "; cannot move to " + target);
    }
    enter(target, now);
  }

  /** Every change of status goes through here: it ends the pass an escalation counted for. */
  private void enter(ChangeStatus target, Instant now) {
    if (target != status) {
      escalatedStage = null;
    }
    status = target;
    touch(now);
  }

  private void touch(Instant now) {
    updatedAt = now;
  }

  boolean overlaps(ChangeRequest other) {
    return plannedStart.isBefore(other.plannedEnd) && other.plannedStart.isBefore(plannedEnd)
        && other.affectedServices.stream().anyMatch(affectedServices::contains);
  }

  public ChangeView view() {
    return new ChangeView(number, status, implementer, requester, title, plannedStart, plannedEnd);
  }

  public Long getId() { return id; }
  public String getNumber() { return number; }
  public String getTitle() { return title; }
  public String getDescription() { return description; }
  public ChangeType getType() { return type; }
  public ApprovalRoute getRoute() { return route; }
  public String getStandardTemplate() { return standardTemplate; }
  public RiskLevel getRisk() { return risk; }
  public ChangeStatus getStatus() { return status; }
  public String getImplementationPlan() { return implementationPlan; }
  public String getBackoutPlan() { return backoutPlan; }
  public String getTestEvidence() { return testEvidence; }
  public Boolean getBackoutPlanCounted() { return backoutPlanCounted; }
  public Boolean getTestEvidenceCounted() { return testEvidenceCounted; }
  public String getOverlapAcknowledgedBy() { return overlapAcknowledgedBy; }
  public Instant getOverlapAcknowledgedAt() { return overlapAcknowledgedAt; }
  public String getProblemNumber() { return problemNumber; }

  void raisedByProblem(String problemNumber) {
    this.problemNumber = problemNumber;
  }
  public Instant getPlannedStart() { return plannedStart; }
  public Instant getPlannedEnd() { return plannedEnd; }
  public String getRequester() { return requester; }
  public String getImplementer() { return implementer; }
  public String getImplementationOutcome() { return implementationOutcome; }
  public String getProcessInstanceId() { return processInstanceId; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getUpdatedAt() { return updatedAt; }
  public Instant getApprovedAt() { return approvedAt; }
  public Set<String> getAffectedServices() { return Set.copyOf(affectedServices); }
  public List<ChangeVote> getVotes() { return List.copyOf(votes); }
  public List<ChangeNote> getNotes() { return List.copyOf(notes); }
}
