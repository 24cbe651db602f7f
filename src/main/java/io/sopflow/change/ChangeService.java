package io.sopflow.change;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.DirectoryUser;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.Links;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.persistence.RecordsByNumber;
import io.sopflow.sla.SlaBreached;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The public face of change approval: submitting and reading changes for the API, every decision and step the
 * process records, and what other SOPs (release deployment) may ask of a change.
 */
@Service
@Transactional
public class ChangeService implements NotificationModelContributor {

  static final String SUBJECT = "Change";
  static final String PREFIX = "CHG-";
  /** The groups that work on changes and see every one (besides managers and admins, see RecordVisibility). */
  static final Set<String> WORKING_GROUPS = Set.of(Groups.CHANGE_MANAGERS, Groups.CHANGE_ADVISORY_BOARD);
  /** The audit action of an overdue approval; its details name the stage. */
  static final String ESCALATED = "ESCALATED";

  private final ChangeRequestRepository changes;
  private final RecordsByNumber byNumber;
  private final ChangeRiskAssessor riskAssessor;
  private final ChangeProperties properties;
  private final Directory directory;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final AuditTrail auditTrail;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Links links;
  private final ReleaseOutcomes releaseOutcomes;

  ChangeService(ChangeRequestRepository changes, ChangeRiskAssessor riskAssessor, ChangeProperties properties,
      Directory directory, CurrentUser currentUser, RecordVisibility visibility, AuditTrail auditTrail,
      ApplicationEventPublisher events, Clock clock, Links links,
      ReleaseOutcomes releaseOutcomes, RecordsByNumber byNumber) {
    this.byNumber = byNumber;
    this.releaseOutcomes = releaseOutcomes;
    this.changes = changes;
    this.riskAssessor = riskAssessor;
    this.properties = properties;
    this.directory = directory;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.auditTrail = auditTrail;
    this.events = events;
    this.clock = clock;
    this.links = links;
  }

  // ---- API ----------------------------------------------------------------------------------------------------

  /**
   * Saves a change requested by the caller, rates its risk, picks its approval route and starts its process (through
   * the API or Tasklist's start form alike: the process starter binds the instance the form is starting).
   */
  public ChangeDetails submit(ChangeSubmission submission) {
    return submit(submission, null);
  }

  /**
   * A change raised by problem {@code problemNumber} to fix its root cause: exactly {@link #submit}, and the change
   * names the problem. When it ends ({@link ChangeImplementationEnded}) the problem hears of it.
   */
  public ChangeDetails submitForProblem(String problemNumber, ChangeSubmission submission) {
    return submit(submission, problemNumber);
  }

  private ChangeDetails submit(ChangeSubmission submission, String problemNumber) {
    String requester = currentUser.require();
    Instant start = submission.plannedStart().toInstant();
    Instant end = submission.plannedEnd().toInstant();
    if (!end.isAfter(start)) {
      throw new InvalidRequestException("plannedEnd", "must be after plannedStart");
    }
    String title = submission.title().strip();
    if (submission.type() == ChangeType.NORMAL && !hasText(submission.backoutPlan())) {
      throw new InvalidRequestException("backoutPlan", "is required for a NORMAL change");
    }
    if (!directory.userExists(submission.implementer())) {
      throw new InvalidRequestException("implementer", "is not a known user");
    }
    List<String> services = affectedServices(submission.affectedServices());
    Optional<ChangeProperties.StandardTemplate> template = template(submission);
    if (submission.type() == ChangeType.EMERGENCY) {
      requireEmergencyCab(requester, submission.implementer());
    }
    boolean backout = says(submission.backoutPlan(), title);
    boolean tested = says(submission.testEvidence(), title);
    RiskLevel risk = riskAssessor.assess(submission.type(), services.size(), backout, tested);
    ApprovalRoute route = ApprovalRoute.valueOf(submission.type().name());
    Optional<String> mismatch = template.flatMap(t -> t.mismatch(services, risk));
    if (template.isPresent() && mismatch.isPresent()) {
      route = ApprovalRoute.NORMAL;
    }
    Instant now = clock.instant();
    ChangeRequest change = changes.save(new ChangeRequest(title, submission.description(), submission.type(), route,
        template.map(ChangeProperties.StandardTemplate::key).orElse(null), risk, services,
        submission.implementationPlan(), submission.backoutPlan(), submission.testEvidence(), backout, tested, start,
        end, requester, submission.implementer(), now));
    change.assignNumber();
    if (problemNumber != null) {
      change.raisedByProblem(problemNumber);
    }
    String routing = switch (route) {
      case STANDARD -> "Pre-approved standard change (template '" + template.get().key() + "')";
      case NORMAL -> mismatch.map(m -> "Not pre-approved: " + m + "; treated as a NORMAL change")
          .orElse("Normal change: review and CAB");
      case EMERGENCY -> "Emergency change: two members of the emergency CAB (" + properties.ecabGroup() + ")";
    };
    change.addNote(AuditEvent.SYSTEM, ChangeNote.Kind.ROUTING, routing, now);
    List<String> absent = treatedAsAbsent(submission.backoutPlan(), backout, submission.testEvidence(), tested);
    if (!absent.isEmpty()) {
      change.addNote(AuditEvent.SYSTEM, ChangeNote.Kind.ROUTING, "Risk assessed without " + String.join(" and ", absent)
          + ": given, but says nothing (blank, the title again, or shorter than " + properties.minMeaningfulLength()
          + " characters)", now);
    }
    auditTrail.record(AuditEvent.of(requester, "SUBMITTED", SUBJECT, change.getNumber(),
        "type=" + submission.type() + " risk=" + risk + " route=" + route + ". " + routing));
    List<String> conflicts = visibleConflictsOf(change);
    events.publishEvent(new ChangeSubmitted(change.getId(), change.getNumber(), route, requester,
        change.getImplementer(), start, end));
    return ChangeDetails.of(change, conflicts);
  }

  /** The catalogue of standard (pre-approved) changes a STANDARD request chooses from by key. */
  @Transactional(readOnly = true)
  public List<ChangeProperties.StandardTemplate> templates() {
    return properties.standardTemplates();
  }

  /** The change, if the caller may see it (requester, implementer, change managers, CAB, overseers); 404 otherwise. */
  @Transactional(readOnly = true)
  public ChangeDetails get(String number) {
    ChangeRequest change = byNumber.find(ChangeRequest.class, number)
        .orElseThrow(() -> new RecordNotFoundException(SUBJECT, number));
    visibility.require(change, SUBJECT, number, WORKING_GROUPS, change.getRequester(), change.getImplementer());
    return ChangeDetails.of(change, visibleConflictsOf(change));
  }

  /** The changes the caller may see, filtered, newest first. */
  @Transactional(readOnly = true)
  public RecordPage<ChangeSummary> list(ChangeFilter filter, PageQuery query) {
    Page<ChangeRequest> page = changes.findAll(
        visibility.<ChangeRequest>visibleRecords(WORKING_GROUPS, "requester", "implementer").and(filters(filter)),
        PageRequest.of(query.page(), query.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(query, page.getContent(), page.getTotalElements(), ChangeSummary::of);
  }

  /** What the form of a change task shows (see {@link ChangeTaskView}). */
  public ChangeTaskView taskView(String number) {
    ChangeRequest change = load(number);
    List<String> conflicts = conflictsOf(change);
    String reviewerComment = change.getVotes().stream().filter(v -> v.getStage() == ApprovalStage.REVIEW)
        .reduce((first, last) -> last).map(ChangeVote::getComment).orElse(null);
    return new ChangeTaskView(change.getNumber(), change.getTitle(), change.getRisk(), change.getRequester(),
        change.getImplementer(), conflicts.isEmpty() ? "None" : String.join("\n", conflicts),
        freezeWindowDuring(change.getPlannedStart(), change.getPlannedEnd()).map(ChangeProperties.FreezeWindow::name)
            .orElse(null),
        reviewerComment, change.getImplementationOutcome());
  }

  // ---- For other SOPs (release deployment) -----------------------------------------------------------------------

  /** A change by number, without visibility checks (for other SOPs, e.g. a release checking its change is APPROVED). */
  @Transactional(readOnly = true)
  public Optional<ChangeView> find(String number) {
    return byNumber.find(ChangeRequest.class, number).map(ChangeRequest::view);
  }

  /**
   * A release of this change ended. DEPLOYED and ROLLED_BACK move the change through its process (a message to the
   * implementation it waits for: implemented or failed); other outcomes, and a change not waiting for its
   * implementation, are noted on the change (and in the audit trail).
   */
  public void recordReleaseOutcome(String changeNumber, String releaseKey, String outcome) {
    ChangeRequest change = load(changeNumber);
    if (("DEPLOYED".equals(outcome) || "ROLLED_BACK".equals(outcome))
        && releaseOutcomes.deliver(changeNumber, releaseKey, "DEPLOYED".equals(outcome))) {
      return;
    }
    String text = "Release " + releaseKey + ": " + outcome;
    change.addNote(currentUser.idOr(AuditEvent.SYSTEM), ChangeNote.Kind.RELEASE, text, clock.instant());
    auditTrail.record(AuditEvent.of(currentUser.idOr(AuditEvent.SYSTEM), "RELEASE_" + action(outcome), SUBJECT,
        changeNumber, text));
  }

  // ---- Process steps ---------------------------------------------------------------------------------------------

  public void attachProcessInstance(String number, String processInstanceId) {
    load(number).attachProcessInstance(processInstanceId);
  }

  /**
   * Records a person's decision in an approval stage. Refuses requester and implementer (four-eyes), values the stage
   * does not allow, and a second CAB vote of the same member. With a {@code delegate} (not null: a delegation in force)
   * the decision is taken by the delegate standing in for {@code userId}: it counts as {@code userId}'s, says who cast
   * it, and the audit says "<delegate> acting for <userId>"; four-eyes then refuses either of them. A stage other than
   * the CAB vote is decided only by a member of its group ({@link #decidersOf}; 403 for anyone else, whoever the task
   * reached). The emergency approval: see {@link #recordEmergencyDecision}.
   */
  public DecisionResult recordDecision(String number, ApprovalStage stage, String userId, String delegate,
      String decision, String comment) {
    if (stage == ApprovalStage.EMERGENCY) {
      throw new IllegalArgumentException("The emergency approval of " + number
          + " is decided by the emergency CAB it was routed to: recordEmergencyDecision");
    }
    return decide(number, stage, null, userId, delegate, decision, comment);
  }

  /**
   * {@link #recordDecision} of the emergency approval, by a member of {@code emergencyCab}: the group the change's
   * process routed the approval to when it started ({@code sopflow.change.ecab-group} then), never the configuration
   * of today, which applies to new changes only.
   */
  public DecisionResult recordEmergencyDecision(String number, String emergencyCab, String userId, String delegate,
      String decision, String comment) {
    if (emergencyCab == null || emergencyCab.isBlank()) {
      throw new IllegalArgumentException("The emergency approval of " + number + " names no emergency CAB");
    }
    return decide(number, ApprovalStage.EMERGENCY, emergencyCab, userId, delegate, decision, comment);
  }

  private DecisionResult decide(String number, ApprovalStage stage, String emergencyCab, String userId,
      String delegate, String decision, String comment) {
    ChangeRequest change = load(number);
    if (stage != ApprovalStage.CAB) {
      // The person deciding, not whom they would stand in for: a group's task is never offered to a delegate
      // (platform/process/DelegatedTasks), so a delegate holding one was given it by an admin.
      directory.requireMemberOfAny(delegate == null ? userId : delegate, decidersOf(change, stage, emergencyCab),
          "decide the " + stage + " stage of " + number);
    }
    change.decide(stage, userId, delegate, decision, comment, clock.instant());
    String details = comment == null ? null : "comment: " + comment;
    if (delegate != null) {
      details = delegate + " acting for " + userId + (details == null ? "" : "; " + details);
    }
    auditTrail.record(new AuditEvent(delegate == null ? userId : delegate, delegate == null ? null : userId,
        stage + "_" + action(decision), SUBJECT, number, details));
    if (stage == ApprovalStage.CAB) {
      CabVoteTally tally = change.cabTally(properties.cab().votingRule());
      return new DecisionResult(tally.approved(), tally.decided());
    }
    if (stage == ApprovalStage.EMERGENCY) {
      return change.emergencyTally();
    }
    return new DecisionResult(ChangeDecisions.APPROVE.equals(decision), true);
  }

  /**
   * A change manager records an overdue CAB member's vote on their behalf (the process re-offered the vote to the
   * change managers), with a reason; the audit says "<manager> on behalf of <member>: <reason>".
   */
  public DecisionResult recordCabVoteOnBehalf(String number, String manager, String member, String decision,
      String reason) {
    if (!directory.isMember(manager, Groups.CHANGE_MANAGERS)) {
      throw new io.sopflow.domain.ForbiddenException(manager + " may not cast " + member + "'s CAB vote on " + number
          + ": only change managers record an overdue vote on a member's behalf");
    }
    if (!hasText(reason)) {
      throw new InvalidRequestException("onBehalfReason", "is required to vote on behalf of " + member);
    }
    ChangeRequest change = load(number);
    change.decideOnBehalf(member, manager, decision, reason.strip(), clock.instant());
    auditTrail.record(AuditEvent.of(manager, "CAB_" + action(decision) + "_ON_BEHALF", SUBJECT, number,
        manager + " on behalf of " + member + ": " + reason.strip()));
    CabVoteTally tally = change.cabTally(properties.cab().votingRule());
    return new DecisionResult(tally.approved(), tally.decided());
  }

  /** A change manager acknowledges that this change overlaps other approved changes on a shared service. */
  public void acknowledgeOverlap(String number, String manager, String comment) {
    ChangeRequest change = load(number);
    List<String> conflicts = conflictsOf(change);
    Instant now = clock.instant();
    change.acknowledgeOverlap(manager, now);
    String remark = hasText(comment) ? ". " + comment.strip() : "";
    // The change's notes are read by its requester, who may not open the other changes: the note counts them, the
    // audit trail (managers and admins) names them.
    change.addNote(manager, ChangeNote.Kind.SCHEDULE, "Overlap acknowledged with " + (conflicts.isEmpty()
        ? "no current conflict" : conflicts.size() + " other approved change(s) on a shared service") + remark, now);
    auditTrail.record(AuditEvent.of(manager, "OVERLAP_ACKNOWLEDGED", SUBJECT, number, "Overlap acknowledged with "
        + (conflicts.isEmpty() ? "no current conflict" : String.join("; ", conflicts)) + remark));
  }

  /** The requester answers the reviewer's questions; the change goes back to review. */
  public void provideDetails(String number, String userId, String details) {
    if (!hasText(details)) {
      throw new InvalidRequestException("requesterDetails", "is required");
    }
    load(number).detailsProvided(userId, details, clock.instant());
    auditTrail.record(AuditEvent.of(userId, "DETAILS_PROVIDED", SUBJECT, number, details));
  }

  /** Opens the CAB vote: returns the members who vote (the board without the requester and implementer). */
  public List<String> openCabVote(String number) {
    ChangeRequest change = load(number);
    List<String> board = directory.membersOf(Groups.CHANGE_ADVISORY_BOARD).stream().map(DirectoryUser::id).toList();
    List<String> voters = change.openCabVote(board, clock.instant());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "CAB_VOTE_OPENED", SUBJECT, number,
        "voters=" + voters + " rule=" + properties.cab().votingRule()));
    return voters;
  }

  /** Closes the CAB vote: whether the CAB approved under the voting rule, and whether a manager must approve too. */
  public CabConclusion concludeCabVote(String number) {
    ChangeRequest change = load(number);
    CabVoteTally tally = change.cabTally(properties.cab().votingRule());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, tally.approved() ? "CAB_APPROVED" : "CAB_REJECTED", SUBJECT,
        number, tally.toString()));
    boolean managerApprovalRequired = tally.approved() && change.getRisk() == RiskLevel.HIGH;
    if (managerApprovalRequired) {
      change.requireManagerApproval(clock.instant());
    }
    return new CabConclusion(tally.approved(), managerApprovalRequired);
  }

  /**
   * Checks the whole planned window (not only its start) against freeze windows, and against other approved changes
   * on a shared service (an overlap needs a change manager's acknowledgement).
   */
  public ScheduleCheck checkSchedule(String number) {
    ChangeRequest change = load(number);
    Optional<ChangeProperties.FreezeWindow> freeze = freezeWindowDuring(change.getPlannedStart(),
        change.getPlannedEnd());
    if (freeze.isPresent()) {
      change.requireFreezeException(clock.instant());
      auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "FREEZE_EXCEPTION_REQUIRED", SUBJECT, number,
          "planned window " + change.getPlannedStart() + " - " + change.getPlannedEnd() + " overlaps freeze window '"
              + freeze.get().name() + "'"));
    }
    return new ScheduleCheck(freeze.isPresent(), freeze.map(ChangeProperties.FreezeWindow::name).orElse(null),
        change.getPlannedStart(), change.getPlannedEnd(), conflictsOf(change));
  }

  public void approve(String number) {
    ChangeRequest change = load(number);
    change.approve(clock.instant());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "APPROVED", SUBJECT, number, "route=" + change.getRoute()
        + (change.getStandardTemplate() == null ? "" : " template=" + change.getStandardTemplate())));
  }

  public void reject(String number) {
    ChangeRequest change = load(number);
    change.reject(clock.instant());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "REJECTED", SUBJECT, number, null));
    ended(change);
  }

  /** The implementer reports the outcome (SUCCEEDED or FAILED). */
  public void recordImplementation(String number, String userId, String outcome, String notes) {
    ChangeRequest change = load(number);
    Instant now = clock.instant();
    change.recordImplementation(outcome, now);
    change.addNote(userId, ChangeNote.Kind.IMPLEMENTATION, outcome + (hasText(notes) ? ": " + notes : ""), now);
    auditTrail.record(AuditEvent.of(userId, "IMPLEMENTATION_" + outcome, SUBJECT, number, notes));
    ended(change);
  }

  /**
   * The change's release ended and the process received it while waiting for the implementation: a deployed release
   * implemented the change, a rolled-back one failed it (the process then asks the implementer to confirm the backout).
   */
  public void recordReleaseImplementation(String number, String releaseKey, boolean deployed) {
    ChangeRequest change = load(number);
    Instant now = clock.instant();
    String outcome = deployed ? ChangeDecisions.SUCCEEDED : ChangeDecisions.FAILED;
    change.recordImplementation(outcome, now);
    String text = "Release " + releaseKey + (deployed ? " DEPLOYED: change implemented" : " ROLLED_BACK: change failed")
        + (now.isBefore(change.getPlannedStart()) ? " before its planned window (from " + change.getPlannedStart() + ")"
            : "");
    change.addNote(AuditEvent.SYSTEM, ChangeNote.Kind.RELEASE, text, now);
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "IMPLEMENTATION_" + outcome, SUBJECT, number, text));
    ended(change);
  }

  /** Tells other SOPs (a problem waiting for its fix) that the change ended, in the transaction that ends it. */
  private void ended(ChangeRequest change) {
    events.publishEvent(new ChangeImplementationEnded(change.getNumber(), change.getStatus(),
        change.getProblemNumber()));
  }

  public void recordBackout(String number, String userId, String notes) {
    ChangeRequest change = load(number);
    Instant now = clock.instant();
    change.backedOut(now);
    change.addNote(userId, ChangeNote.Kind.BACKOUT, hasText(notes) ? notes : "Backed out", now);
    auditTrail.record(AuditEvent.of(userId, "BACKED_OUT", SUBJECT, number, notes));
  }

  /** The planned window ended without an implementation: the change goes back to scheduling. */
  public void windowExpired(String number) {
    ChangeRequest change = load(number);
    change.addNote(AuditEvent.SYSTEM, ChangeNote.Kind.RESCHEDULE, "Planned window ended at "
        + change.getPlannedEnd() + " without implementation", clock.instant());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "WINDOW_EXPIRED", SUBJECT, number, null));
  }

  /**
   * A change manager sets a new window. It must not have ended already (it would end again at once and the change
   * come straight back); it may be open now. The schedule check runs again on it: no part of it may fall into a
   * freeze window, and an overlap with other approved changes on a shared service needs {@code overlapAcknowledged}.
   * Field names as in the form.
   */
  public ChangeView reschedule(String number, String userId, Instant start, Instant end,
      boolean overlapAcknowledged) {
    if (start == null) {
      throw new InvalidRequestException("newPlannedStart", "is required");
    }
    if (end == null || !end.isAfter(start)) {
      throw new InvalidRequestException("newPlannedEnd", "must be after the new planned start");
    }
    Instant now = clock.instant();
    if (!end.isAfter(now)) {
      throw new InvalidRequestException("newPlannedEnd", "has already passed: the new window must end in the future");
    }
    Optional<ChangeProperties.FreezeWindow> freeze = freezeWindowDuring(start, end);
    if (freeze.isPresent()) {
      throw new InvalidRequestException("newPlannedStart", "the new window overlaps freeze window '"
          + freeze.get().name() + "'");
    }
    ChangeRequest change = load(number);
    change.reschedule(start, end, now);
    List<String> conflicts = conflictsOf(change);
    if (!conflicts.isEmpty()) {
      if (!overlapAcknowledged) {
        throw new InvalidRequestException("overlapAcknowledged", "the new window overlaps " + String.join("; ",
            conflicts) + ": a change manager must acknowledge it");
      }
      acknowledgeOverlap(number, userId, "on reschedule");
    }
    change.addNote(userId, ChangeNote.Kind.RESCHEDULE, "Rescheduled to " + start + " - " + end, now);
    auditTrail.record(AuditEvent.of(userId, "RESCHEDULED", SUBJECT, number, start + " - " + end));
    return change.view();
  }

  /** A review after implementation (retrospective of an emergency change, or the post-implementation review). */
  public void recordReview(String number, String userId, boolean retrospective, String summary) {
    ChangeRequest change = load(number);
    change.addNote(userId, ChangeNote.Kind.REVIEW, (retrospective ? "Retrospective review: "
        : "Post-implementation review: ") + (hasText(summary) ? summary : "-"), clock.instant());
    auditTrail.record(AuditEvent.of(userId, retrospective ? "RETROSPECTIVE_REVIEWED" : "POST_IMPLEMENTATION_REVIEWED",
        SUBJECT, number, summary));
  }

  public void close(String number) {
    load(number).close(clock.instant());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "CLOSED", SUBJECT, number, null));
  }

  /**
   * The groups whose members decide a stage (the README's change SOP): the review is the change managers', a HIGH-risk
   * approval and a freeze exception the managers', an emergency approval the emergency CAB's ({@code emergencyCab},
   * the group the instance routed it to). An overdue review or emergency approval is offered to the managers too
   * ({@code ChangeApprovalProcess}, recorded by {@link #recordEscalation}): a manager decides it as well, in that pass
   * of the stage ({@link ChangeRequest#isEscalated}); a review that comes back after the requester's details is a new
   * pass. A CAB vote is its member's own ({@link ChangeRequest#decide}).
   */
  private static Set<String> decidersOf(ChangeRequest change, ApprovalStage stage, String emergencyCab) {
    Set<String> groups = new LinkedHashSet<>();
    switch (stage) {
      case REVIEW -> groups.add(Groups.CHANGE_MANAGERS);
      case MANAGER, FREEZE_EXCEPTION -> groups.add(Groups.MANAGERS);
      case EMERGENCY -> groups.add(emergencyCab);
      case CAB -> { }
    }
    if (change.isEscalated(stage)) {
      groups.add(Groups.MANAGERS);
    }
    return groups;
  }

  /** An approval SLA was breached: recorded; the process mails managers and offers them the task. */
  public void recordEscalation(String number, String stage) {
    ChangeRequest change = load(number);
    Instant now = clock.instant();
    change.escalate(ApprovalStage.valueOf(stage), now);
    change.addNote(AuditEvent.SYSTEM, ChangeNote.Kind.ESCALATION, "Approval SLA breached in " + stage
        + "; escalated to managers", now);
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, ESCALATED, SUBJECT, number, stage));
    events.publishEvent(SlaBreached.in(ChangeService.class, null,
        stage.toLowerCase(java.util.Locale.ROOT).replace('_', '-'), 1));
  }

  /**
   * The emergency CAB ({@code sopflow.change.ecab-group}) must exist once the groups are set up: a misspelt group
   * would leave every emergency change without approvers. Too few members is refused per request instead (422).
   */
  @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
  @Transactional(readOnly = true)
  public void requireEmergencyCabGroup() {
    if (!directory.groupExists(properties.ecabGroup())) {
      throw new IllegalStateException("sopflow.change.ecab-group names group '" + properties.ecabGroup()
          + "', which does not exist: emergency changes would have no approvers");
    }
  }

  // ---- Notifications ---------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(PREFIX);
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Object> model(String reference) {
    Map<String, Object> model = new HashMap<>();
    byNumber.find(ChangeRequest.class, reference).ifPresent(change -> {
      model.put("title", change.getTitle());
      model.put("status", change.getStatus());
      model.put("risk", change.getRisk());
      model.put("type", change.getType());
      model.put("requester", change.getRequester());
      model.put("implementer", change.getImplementer());
      model.put("plannedStart", change.getPlannedStart());
      model.put("plannedEnd", change.getPlannedEnd());
      model.put("affectedServices", String.join(", ", change.getAffectedServices()));
      model.put("link", links.record("changes", change.getNumber()));
    });
    return model;
  }

  // ---- Internals -------------------------------------------------------------------------------------------------

  private ChangeRequest load(String number) {
    return byNumber.find(ChangeRequest.class, number).orElseThrow(() -> new RecordNotFoundException(SUBJECT, number));
  }

  private Optional<ChangeProperties.FreezeWindow> freezeWindowDuring(Instant start, Instant end) {
    return properties.freezeWindows().stream().filter(w -> w.overlaps(start, end)).findFirst();
  }

  private List<String> affectedServices(List<String> submitted) {
    // A single string from the start form's text field is a comma-separated list.
    List<String> services = submitted.stream().flatMap(s -> java.util.Arrays.stream(s.split(",")))
        .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    if (services.isEmpty()) {
      throw new InvalidRequestException("affectedServices", "must name at least one service");
    }
    if (services.size() > 20) {
      throw new InvalidRequestException("affectedServices", "must name at most 20 services");
    }
    if (services.stream().anyMatch(s -> s.length() > 100)) {
      throw new InvalidRequestException("affectedServices", "names a service longer than 100 characters");
    }
    return services;
  }

  private Optional<ChangeProperties.StandardTemplate> template(ChangeSubmission submission) {
    String key = submission.template() == null ? null : submission.template().strip();
    if (submission.type() != ChangeType.STANDARD) {
      if (hasText(key)) {
        throw new InvalidRequestException("template", "applies to STANDARD changes only");
      }
      return Optional.empty();
    }
    if (!hasText(key)) {
      throw new InvalidRequestException("template", "is required for a STANDARD change (see /api/change-templates)");
    }
    return Optional.of(properties.template(key).orElseThrow(() -> new InvalidRequestException("template",
        "'" + key + "' is not a standard change template (see /api/change-templates)")));
  }

  /** The emergency CAB must have two members who may approve (neither requester nor implementer). */
  private void requireEmergencyCab(String requester, String implementer) {
    long approvers = directory.membersOf(properties.ecabGroup()).stream().map(DirectoryUser::id)
        .filter(id -> !id.equals(requester) && !id.equals(implementer)).distinct().count();
    if (approvers < ChangeRequest.EMERGENCY_APPROVERS) {
      throw new io.sopflow.domain.UnprocessableRequestException("type", "the emergency CAB ("
          + properties.ecabGroup() + ") has fewer than " + ChangeRequest.EMERGENCY_APPROVERS
          + " members who may approve this change");
    }
  }

  /** Whether a backout plan or test evidence says something: not blank, not the title again, not too short. */
  private boolean says(String text, String title) {
    if (!hasText(text)) {
      return false;
    }
    String stripped = text.strip();
    return stripped.length() >= properties.minMeaningfulLength() && !stripped.equalsIgnoreCase(title);
  }

  private static List<String> treatedAsAbsent(String backoutPlan, boolean backout, String testEvidence,
      boolean tested) {
    List<String> absent = new ArrayList<>();
    if (hasText(backoutPlan) && !backout) {
      absent.add("backoutPlan");
    }
    if (hasText(testEvidence) && !tested) {
      absent.add("testEvidence");
    }
    return absent;
  }

  /** Other approved changes on a shared service whose window overlaps this one (the change managers' and CAB's view). */
  List<String> conflictsOf(ChangeRequest change) {
    return conflictsOf(change, other -> true);
  }

  /**
   * {@link #conflictsOf} as {@code /api} shows them to the caller: only the changes they could open themselves (the
   * change managers, the CAB and overseers see all of them); a requester learns nothing of the others, not even their
   * titles, as {@code GET /api/changes/{number}} would answer 404 for them.
   */
  private List<String> visibleConflictsOf(ChangeRequest change) {
    return conflictsOf(change, other -> visibility.maySee(WORKING_GROUPS, other.getRequester(), other.getImplementer()));
  }

  private List<String> conflictsOf(ChangeRequest change, java.util.function.Predicate<ChangeRequest> shown) {
    return changes.findByStatusInAndPlannedStartBeforeAndPlannedEndAfter(List.of(ChangeStatus.APPROVED),
            change.getPlannedEnd(), change.getPlannedStart()).stream()
        .filter(other -> !other.getId().equals(change.getId()) && change.overlaps(other) && shown.test(other))
        .map(other -> other.getNumber() + " '" + other.getTitle() + "' on "
            + String.join(", ", other.getAffectedServices().stream().sorted().toList()) + " from "
            + other.getPlannedStart() + " to " + other.getPlannedEnd())
        .toList();
  }

  private Specification<ChangeRequest> filters(ChangeFilter filter) {
    return (root, query, cb) -> {
      List<Predicate> predicates = new ArrayList<>();
      if (filter.status() != null) {
        predicates.add(cb.equal(root.get("status"), filter.status()));
      }
      if (filter.type() != null) {
        predicates.add(cb.equal(root.get("type"), filter.type()));
      }
      if (filter.risk() != null) {
        predicates.add(cb.equal(root.get("risk"), filter.risk()));
      }
      if (hasText(filter.service())) {
        Join<ChangeRequest, String> services = root.join("affectedServices");
        predicates.add(cb.equal(services, filter.service().strip()));
        query.distinct(true);
      }
      return cb.and(predicates.toArray(Predicate[]::new));
    };
  }

  private static String action(String value) {
    return value == null ? "UNKNOWN" : value.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
