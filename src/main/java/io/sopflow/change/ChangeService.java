package io.sopflow.change;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.DirectoryUser;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
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

  private final ChangeRequestRepository changes;
  private final ChangeRiskAssessor riskAssessor;
  private final ChangeProperties properties;
  private final Directory directory;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final AuditTrail auditTrail;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final String baseUrl;

  ChangeService(ChangeRequestRepository changes, ChangeRiskAssessor riskAssessor, ChangeProperties properties,
      Directory directory, CurrentUser currentUser, RecordVisibility visibility, AuditTrail auditTrail,
      ApplicationEventPublisher events, Clock clock, @Value("${sopflow.base-url}") String baseUrl) {
    this.changes = changes;
    this.riskAssessor = riskAssessor;
    this.properties = properties;
    this.directory = directory;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.auditTrail = auditTrail;
    this.events = events;
    this.clock = clock;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  // ---- API ----------------------------------------------------------------------------------------------------

  /** Saves a change requested by the caller, rates its risk, picks its approval route and starts its process. */
  public ChangeDetails submit(ChangeSubmission submission) {
    String requester = currentUser.require();
    Instant start = submission.plannedStart().toInstant();
    Instant end = submission.plannedEnd().toInstant();
    if (!end.isAfter(start)) {
      throw new InvalidRequestException("plannedEnd", "must be after plannedStart");
    }
    boolean backout = hasText(submission.backoutPlan());
    if (submission.type() == ChangeType.NORMAL && !backout) {
      throw new InvalidRequestException("backoutPlan", "is required for a NORMAL change");
    }
    if (!directory.userExists(submission.implementer())) {
      throw new InvalidRequestException("implementer", "is not a known user");
    }
    List<String> services = submission.affectedServices().stream().map(String::strip).distinct().toList();
    RiskLevel risk = riskAssessor.assess(submission.type(), services.size(), backout,
        hasText(submission.testEvidence()));
    ApprovalRoute route = ApprovalRoute.valueOf(submission.type().name());
    String template = null;
    if (submission.type() == ChangeType.STANDARD) {
      template = properties.standardTemplates().stream()
          .filter(t -> t.matches(submission.title(), services, risk)).map(ChangeProperties.StandardTemplate::name)
          .findFirst().orElse(null);
      route = template == null ? ApprovalRoute.NORMAL : ApprovalRoute.STANDARD;
    }
    Instant now = clock.instant();
    ChangeRequest change = changes.save(new ChangeRequest(submission.title().strip(), submission.description(),
        submission.type(), route, template, risk, services, submission.implementationPlan(), submission.backoutPlan(),
        submission.testEvidence(), start, end, requester, submission.implementer(), now));
    change.assignNumber();
    String routing = switch (route) {
      case STANDARD -> "Pre-approved standard change (template '" + template + "')";
      case NORMAL -> submission.type() == ChangeType.STANDARD
          ? "No standard change template matches; treated as a NORMAL change" : "Normal change: review and CAB";
      case EMERGENCY -> "Emergency change: emergency CAB";
    };
    change.addNote(AuditEvent.SYSTEM, ChangeNote.Kind.ROUTING, routing, now);
    auditTrail.record(AuditEvent.of(requester, "SUBMITTED", SUBJECT, change.getNumber(),
        "type=" + submission.type() + " risk=" + risk + " route=" + route + ". " + routing));
    List<String> conflicts = conflictsOf(change);
    events.publishEvent(new ChangeSubmitted(change.getId(), change.getNumber(), route, requester,
        change.getImplementer(), start, end));
    return ChangeDetails.of(change, conflicts);
  }

  /** The change, if the caller may see it (requester, implementer, change managers, CAB, overseers); 404 otherwise. */
  @Transactional(readOnly = true)
  public ChangeDetails get(String number) {
    ChangeRequest change = changes.findByNumber(number)
        .orElseThrow(() -> new RecordNotFoundException(SUBJECT, number));
    visibility.require(change, SUBJECT, number, WORKING_GROUPS, change.getRequester(), change.getImplementer());
    return ChangeDetails.of(change, conflictsOf(change));
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
        freezeWindowAt(change.getPlannedStart()).map(ChangeProperties.FreezeWindow::name).orElse(null),
        reviewerComment, change.getImplementationOutcome());
  }

  // ---- For other SOPs (release deployment) -----------------------------------------------------------------------

  /** A change by number, without visibility checks (for other SOPs, e.g. a release checking its change is APPROVED). */
  @Transactional(readOnly = true)
  public Optional<ChangeView> find(String number) {
    return changes.findByNumber(number).map(ChangeRequest::view);
  }

  /** Notes a release's deployment outcome on the change (and in the audit trail); any status of the change is fine. */
  public void recordReleaseOutcome(String changeNumber, String releaseKey, String outcome) {
    ChangeRequest change = load(changeNumber);
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
   * does not allow, and a second CAB vote of the same member.
   */
  public DecisionResult recordDecision(String number, ApprovalStage stage, String userId, String decision,
      String comment) {
    ChangeRequest change = load(number);
    change.decide(stage, userId, decision, comment, clock.instant());
    auditTrail.record(AuditEvent.of(userId, stage + "_" + action(decision), SUBJECT, number,
        comment == null ? null : "comment: " + comment));
    if (stage == ApprovalStage.CAB) {
      CabVoteTally tally = change.cabTally(properties.cab().votingRule());
      return new DecisionResult(tally.approved(), tally.decided());
    }
    return new DecisionResult(ChangeDecisions.APPROVE.equals(decision), true);
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

  /** Checks the planned window against freeze windows and other approved changes. */
  public ScheduleCheck checkSchedule(String number) {
    ChangeRequest change = load(number);
    Optional<ChangeProperties.FreezeWindow> freeze = freezeWindowAt(change.getPlannedStart());
    if (freeze.isPresent()) {
      change.requireFreezeException(clock.instant());
      auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "FREEZE_EXCEPTION_REQUIRED", SUBJECT, number,
          "planned start " + change.getPlannedStart() + " is in freeze window '" + freeze.get().name() + "'"));
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
    load(number).reject(clock.instant());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "REJECTED", SUBJECT, number, null));
  }

  /** The implementer reports the outcome (SUCCEEDED or FAILED). */
  public void recordImplementation(String number, String userId, String outcome, String notes) {
    ChangeRequest change = load(number);
    Instant now = clock.instant();
    change.recordImplementation(outcome, now);
    change.addNote(userId, ChangeNote.Kind.IMPLEMENTATION, outcome + (hasText(notes) ? ": " + notes : ""), now);
    auditTrail.record(AuditEvent.of(userId, "IMPLEMENTATION_" + outcome, SUBJECT, number, notes));
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

  /** A change manager sets a new window; it must not start in a freeze window. Field names as in the form. */
  public ChangeView reschedule(String number, String userId, Instant start, Instant end) {
    if (start == null) {
      throw new InvalidRequestException("newPlannedStart", "is required");
    }
    if (end == null || !end.isAfter(start)) {
      throw new InvalidRequestException("newPlannedEnd", "must be after the new planned start");
    }
    Optional<ChangeProperties.FreezeWindow> freeze = freezeWindowAt(start);
    if (freeze.isPresent()) {
      throw new InvalidRequestException("newPlannedStart", "is in freeze window '" + freeze.get().name() + "'");
    }
    ChangeRequest change = load(number);
    Instant now = clock.instant();
    change.reschedule(start, end, now);
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

  /** An approval SLA was breached: recorded; the process mails managers and offers them the task. */
  public void recordEscalation(String number, String stage) {
    ChangeRequest change = load(number);
    change.addNote(AuditEvent.SYSTEM, ChangeNote.Kind.ESCALATION, "Approval SLA breached in " + stage
        + "; escalated to managers", clock.instant());
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "ESCALATED", SUBJECT, number, stage));
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
    changes.findByNumber(reference).ifPresent(change -> {
      model.put("title", change.getTitle());
      model.put("status", change.getStatus());
      model.put("risk", change.getRisk());
      model.put("type", change.getType());
      model.put("requester", change.getRequester());
      model.put("implementer", change.getImplementer());
      model.put("plannedStart", change.getPlannedStart());
      model.put("plannedEnd", change.getPlannedEnd());
      model.put("affectedServices", String.join(", ", change.getAffectedServices()));
      model.put("link", baseUrl + "/api/changes/" + change.getNumber());
    });
    return model;
  }

  // ---- Internals -------------------------------------------------------------------------------------------------

  private ChangeRequest load(String number) {
    return changes.findByNumber(number).orElseThrow(() -> new RecordNotFoundException(SUBJECT, number));
  }

  private Optional<ChangeProperties.FreezeWindow> freezeWindowAt(Instant instant) {
    return properties.freezeWindows().stream().filter(w -> w.contains(instant)).findFirst();
  }

  /** Other approved changes on a shared service whose window overlaps this one. */
  List<String> conflictsOf(ChangeRequest change) {
    return changes.findByStatusInAndPlannedStartBeforeAndPlannedEndAfter(List.of(ChangeStatus.APPROVED),
            change.getPlannedEnd(), change.getPlannedStart()).stream()
        .filter(other -> !other.getId().equals(change.getId()) && change.overlaps(other))
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
