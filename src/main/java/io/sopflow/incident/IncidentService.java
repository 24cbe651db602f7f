package io.sopflow.incident;

import static io.sopflow.notification.NotificationModelContributor.lazy;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.incident.IncidentApi.AddComment;
import io.sopflow.incident.IncidentApi.CommentView;
import io.sopflow.incident.IncidentApi.IncidentFilter;
import io.sopflow.incident.IncidentApi.IncidentSummary;
import io.sopflow.incident.IncidentApi.IncidentView;
import io.sopflow.incident.IncidentApi.ReportIncident;
import io.sopflow.incident.IncidentApi.TaskDetails;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.persistence.RecordsByNumber;
import io.sopflow.sla.SlaBreached;
import io.sopflow.sla.SlaClock;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Incident management: the public face of the feature for the REST API and for the process (through its delegates).
 * Every decision is recorded in the audit trail; every SLA date comes from {@link SlaClock}.
 */
@Service
@Transactional
public class IncidentService implements NotificationModelContributor {

  /** The support tiers, in escalation order; the index + 1 is the escalation level. */
  public static final List<String> SUPPORT_TIERS = List.of(Groups.SERVICE_DESK, Groups.SUPPORT_L2, Groups.SUPPORT_L3);

  /** Groups that work on incidents and see every incident (managers and admins are overseers of every SOP). */
  static final Set<String> WORKING_GROUPS = Set.of(Groups.SERVICE_DESK, Groups.SUPPORT_L2, Groups.SUPPORT_L3,
      Groups.INCIDENT_MANAGERS);

  static final String SUBJECT = "Incident";
  /** The review form's field of actions, named in refusals. */
  static final String REVIEW_ACTIONS = "reviewActions";

  private final IncidentRepository incidents;
  private final IncidentEscalationRepository escalations;
  private final IncidentCommentRepository comments;
  private final IncidentReviewActionRepository reviewActions;
  private final Directory directory;
  private final PriorityMatrix priorityMatrix;
  private final SlaClock slaClock;
  private final IncidentSlaProperties sla;
  private final IncidentProperties properties;
  private final AuditTrail auditTrail;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ObjectProvider<ProblemLinks> problemLinks;
  private final RecordsByNumber byNumber;

  IncidentService(IncidentRepository incidents, IncidentEscalationRepository escalations,
      IncidentCommentRepository comments, IncidentReviewActionRepository reviewActions, Directory directory,
      PriorityMatrix priorityMatrix, SlaClock slaClock, IncidentSlaProperties sla,
      IncidentProperties properties, AuditTrail auditTrail, CurrentUser currentUser, RecordVisibility visibility,
      ApplicationEventPublisher events, Clock clock, ObjectProvider<ProblemLinks> problemLinks,
      RecordsByNumber byNumber) {
    this.incidents = incidents;
    this.byNumber = byNumber;
    this.problemLinks = problemLinks;
    this.escalations = escalations;
    this.comments = comments;
    this.reviewActions = reviewActions;
    this.directory = directory;
    this.priorityMatrix = priorityMatrix;
    this.slaClock = slaClock;
    this.sla = sla;
    this.properties = properties;
    this.auditTrail = auditTrail;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.events = events;
    this.clock = clock;
    // Fail at start-up, not at the first incident, if a target names a calendar that does not exist.
    for (Priority p : Priority.values()) {
      slaClock.calendar(sla.target(p).calendar());
    }
    slaClock.calendar(properties.autoCloseCalendar());
    slaClock.calendar(properties.requesterCalendar());
  }

  // ---------------------------------------------------------------- REST API

  /** Stores the incident and starts its process (same transaction): both exist afterwards, or neither. */
  public IncidentView report(ReportIncident request) {
    String reporter = currentUser.require();
    return report(reporter, request);
  }

  private IncidentView report(String reporter, ReportIncident request) {
    String category = request.category().strip();
    if (!properties.categories().contains(category)) {
      throw new InvalidRequestException("category", "must be one of " + properties.categories());
    }
    Priority priority = priorityMatrix.priorityOf(request.impact(), request.urgency());
    if (priority == null) {
      throw new IllegalStateException("The decision IncidentPriority gave no priority for " + request.impact() + "/"
          + request.urgency());
    }
    IncidentSlaProperties.Target target = sla.target(priority);
    Instant now = clock.instant();
    Incident incident = new Incident(request.title().strip(), request.description().strip(), request.impact(),
        request.urgency(), category, blankToNull(request.configurationItem()), priority, reporter,
        SUPPORT_TIERS.get(0), target.calendar(), now,
        slaClock.warningAt(now, target.response(), target.calendar()),
        slaClock.due(now, target.response(), target.calendar()),
        slaClock.warningAt(now, target.resolution(), target.calendar()),
        slaClock.due(now, target.resolution(), target.calendar()));
    incidents.saveAndFlush(incident);
    incident.assignNumber();
    auditTrail.record(AuditEvent.of(reporter, "REPORTED", SUBJECT, incident.getNumber(),
        "priority " + priority + " (impact " + request.impact() + ", urgency " + request.urgency() + ")"));
    events.publishEvent(new IncidentReported(incident.getId(), incident.getNumber(), reporter,
        incident.getAssignmentGroup(), incident.getEscalationLevel(), priority.isMajor(), priority.needsReview(),
        priority.taskPriority(), incident.getResponseWarningAt(), incident.getResponseDueAt(), incident.getResolutionWarningAt(),
        incident.getResolutionDueAt()));
    return IncidentView.of(incident, List.of(), List.of(), List.of(), problemOf(incident.getNumber()));
  }

  /** The categories a reporter may choose ({@code sopflow.incident.categories}). */
  @Transactional(readOnly = true)
  public List<String> categories() {
    return properties.categories();
  }

  @Transactional(readOnly = true)
  public IncidentView get(String number) {
    Incident incident = visible(number);
    return IncidentView.of(incident, escalations.findByIncidentIdOrderByIdAsc(incident.getId()),
        comments.findByIncidentIdOrderByIdAsc(incident.getId()),
        reviewActions.findByIncidentIdOrderByIdAsc(incident.getId()), problemOf(number));
  }

  /**
   * The incidents the caller may see ({@link RecordVisibility}: their own as reporter, all of them for the incident
   * groups and overseers), newest first, filtered, one page.
   */
  @Transactional(readOnly = true)
  public RecordPage<IncidentSummary> list(IncidentFilter filter, PageQuery page) {
    Specification<Incident> filters = (root, query, cb) -> {
      List<Predicate> where = new ArrayList<>();
      if (filter.status() != null) {
        where.add(cb.equal(root.get("status"), filter.status()));
      }
      if (filter.priority() != null) {
        where.add(cb.equal(root.get("priority"), filter.priority()));
      }
      if (filter.assignmentGroup() != null && !filter.assignmentGroup().isBlank()) {
        where.add(cb.equal(root.get("assignmentGroup"), filter.assignmentGroup()));
      }
      if (Boolean.TRUE.equals(filter.breached())) {
        where.add(cb.or(cb.isTrue(root.get("responseBreached")), cb.isTrue(root.get("resolutionBreached"))));
      } else if (Boolean.FALSE.equals(filter.breached())) {
        where.add(cb.and(cb.isFalse(root.get("responseBreached")), cb.isFalse(root.get("resolutionBreached"))));
      }
      return cb.and(where.toArray(Predicate[]::new));
    };
    Specification<Incident> spec = visibility.<Incident>visibleRecords(WORKING_GROUPS, "reporter").and(filters);
    Page<Incident> result = incidents.findAll(spec,
        PageRequest.of(page.page(), page.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(page, result.getContent(), result.getTotalElements(), IncidentSummary::of);
  }

  /**
   * A comment by anyone who may see the incident. The reporter's comment on an incident that waits for them is their
   * answer ({@link #answer}): the process resumes ("Answer question" is done).
   */
  public CommentView comment(String number, AddComment request) {
    Incident incident = visible(number);
    String author = currentUser.require();
    if (incident.getStatus() == IncidentStatus.AWAITING_REQUESTER && author.equals(incident.getReporter())) {
      ResolutionDates dates = answer(number, author, request.text());
      events.publishEvent(new RequesterReplied(number, dates.resolutionWarningAt(), dates.resolutionDueAt()));
      List<IncidentComment> log = comments.findByIncidentIdOrderByIdAsc(incident.getId());
      return CommentView.of(log.get(log.size() - 1));
    }
    if (incident.getStatus() == IncidentStatus.CLOSED) {
      throw new ConflictException("Incident " + number + " is closed");
    }
    return CommentView.of(log(incident, WorkLogKind.COMMENT, author, request.text()));
  }

  /**
   * The reporter answers the question of an incident that waits for them, through the API or the "Answer question"
   * task: the answer goes to the work log and the resolution clock restarts, its dates moved by the time waited.
   */
  public ResolutionDates answer(String number, String by, String text) {
    Incident incident = load(number);
    if (!incident.getReporter().equals(by)) {
      throw new ForbiddenException("Only the reporter " + incident.getReporter() + " may answer the question of "
          + number);
    }
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException("answer", "must not be blank");
    }
    ResolutionDates dates = endWait(incident, clock.instant());
    log(incident, WorkLogKind.ANSWER, by, text);
    auditTrail.record(AuditEvent.of(by, "REQUESTER_REPLIED", SUBJECT, number,
        "resolution due moved to " + dates.resolutionDueAt()));
    return dates;
  }

  // ---------------------------------------------------------------- reported by other SOPs

  /**
   * An incident that another SOP opens on its own (a failed backup restore test, say), with {@code reporter} naming
   * the system that reports it: no person is signed in, and the request is built by code, not by a caller. Otherwise
   * exactly {@link #report}: same priority, SLAs and process.
   */
  public IncidentView reportBySystem(String reporter, ReportIncident request) {
    return report(reporter, request);
  }

  // ---------------------------------------------------------------- for the problem SOP

  /** The incident's configuration item (null if none); 404 if there is no such incident. */
  @Transactional(readOnly = true)
  public IncidentFacts facts(String number) {
    Incident i = load(number);
    return new IncidentFacts(i.getNumber(), i.getConfigurationItem(), i.getPriority(), i.getStatus(),
        i.getCreatedAt());
  }

  /** Whether an incident with this number exists (no visibility check: the caller checks its own rights). */
  @Transactional(readOnly = true)
  public boolean exists(String number) {
    return find(number).isPresent();
  }

  /** The numbers of the incidents reported on a configuration item since {@code since}, oldest first. */
  @Transactional(readOnly = true)
  public List<String> reportedOn(String configurationItem, Instant since) {
    return incidents.findByConfigurationItemAndCreatedAtGreaterThanEqualOrderByIdAsc(configurationItem, since).stream()
        .map(Incident::getNumber).toList();
  }

  /**
   * The change of problem {@code problemNumber} fixed the cause of this incident: if it waits for its resolution
   * (IN_PROGRESS), its process resolves it and asks the reporter to confirm. Returns whether it did; an incident in
   * triage, waiting for its reporter, resolved or closed keeps its course.
   */
  public boolean resolveByProblemFix(String number, String problemNumber) {
    Incident incident = load(number);
    if (incident.getStatus() != IncidentStatus.IN_PROGRESS) {
      return false;
    }
    events.publishEvent(new ProblemFixAnnounced(number, problemNumber));
    return true;
  }

  /** The incident process caught the fix: resolved by the system; returns when it closes by itself. */
  public Instant resolveWithProblemFix(String number, String problemNumber) {
    return resolve(number, AuditEvent.SYSTEM, "Resolved by the fix of problem " + problemNumber
        + " (its change succeeded and the fix was verified)");
  }

  // ---------------------------------------------------------------- process steps

  /**
   * What a task of the incident's process shows in its form, read from the record when the task is created (the
   * process carries references only). No visibility check: the process reads it, not a caller.
   */
  @Transactional(readOnly = true)
  public TaskDetails taskDetails(String number) {
    Incident incident = load(number);
    return TaskDetails.of(incident, comments.findByIncidentIdOrderByIdAsc(incident.getId()), problemOf(number));
  }

  /** The process instance was started for the incident (same transaction as {@link #report}). */
  public void processStarted(String number, String processInstanceId) {
    load(number).processStarted(processInstanceId);
  }

  /**
   * Triage completed by {@code by}: the incident goes to {@code resolverGroup}. Impact and urgency (null: unchanged)
   * may be corrected: the priority is decided again by the table and the resolution target recomputed from when the
   * incident was reported, with before and after in the audit trail. Notes go to the work log.
   */
  public Triage acknowledge(String number, String by, String resolverGroup, String notes, Level impact,
      Level urgency) {
    int level = SUPPORT_TIERS.indexOf(resolverGroup) + 1;
    if (level == 0) {
      throw new InvalidRequestException("resolverGroup", "must be one of " + SUPPORT_TIERS);
    }
    Incident incident = load(number);
    Instant now = clock.instant();
    // The response clock ran in the calendar of the priority it was reported with (its target and escalation timers
    // did): measured there, before a corrected priority brings another calendar (docs/sla.md, MTTA).
    long responseMinutes = workingMinutes(incident, incident.getCreatedAt(), now);
    Level newImpact = impact == null ? incident.getImpact() : impact;
    Level newUrgency = urgency == null ? incident.getUrgency() : urgency;
    if (newImpact != incident.getImpact() || newUrgency != incident.getUrgency()) {
      Priority before = incident.getPriority();
      String was = "impact " + incident.getImpact() + ", urgency " + incident.getUrgency() + ", priority " + before
          + ", resolution due " + incident.getResolutionDueAt();
      Priority priority = priorityMatrix.priorityOf(newImpact, newUrgency);
      IncidentSlaProperties.Target target = sla.target(priority);
      Instant reported = incident.getCreatedAt();
      incident.reprioritise(newImpact, newUrgency, priority, target.calendar(),
          slaClock.warningAt(reported, target.resolution(), target.calendar()),
          slaClock.due(reported, target.resolution(), target.calendar()));
      auditTrail.record(AuditEvent.of(by, "REPRIORITISED", SUBJECT, number, "before: " + was + "; after: impact "
          + newImpact + ", urgency " + newUrgency + ", priority " + priority + ", resolution due "
          + incident.getResolutionDueAt()));
      if (priority != before) {
        events.publishEvent(new IncidentReprioritised(number, before, priority, by));
      }
    }
    incident.acknowledge(by, resolverGroup, level, now, responseMinutes);
    if (notes != null && !notes.isBlank()) {
      log(incident, WorkLogKind.TRIAGE_NOTE, by, notes);
    }
    auditTrail.record(AuditEvent.of(by, "ACKNOWLEDGED", SUBJECT, number, "assigned to " + resolverGroup));
    return new Triage(resolverGroup, incident.getPriority(), incident.getResolutionWarningAt(),
        incident.getResolutionDueAt());
  }

  /**
   * The response target of the triage was breached. Functional escalation to the next tier, which gets a fresh
   * response target from now; after the last tier, hierarchical escalation to the incident managers and the triage
   * stays where it is. Recorded once per (incident, level), however often the timer job runs.
   */
  public ResponseEscalation escalateResponse(String number) {
    Incident incident = load(number);
    Instant now = clock.instant();
    int from = incident.getEscalationLevel();
    String fromGroup = incident.getAssignmentGroup();
    if (from < SUPPORT_TIERS.size()) {
      int to = from + 1;
      String toGroup = SUPPORT_TIERS.get(to - 1);
      if (!escalations.existsByIncidentIdAndSlaTargetAndToLevel(incident.getId(), SlaTarget.RESPONSE, to)) {
        IncidentSlaProperties.Target target = sla.target(incident.getPriority());
        incident.escalateTo(to, toGroup, slaClock.warningAt(now, target.response(), target.calendar()),
            slaClock.due(now, target.response(), target.calendar()));
        record(incident, SlaTarget.RESPONSE, EscalationKind.FUNCTIONAL, from, to, fromGroup, toGroup,
            "Response target breached at level " + from + " (" + fromGroup + ")", now);
      }
      return new ResponseEscalation(true, incident.getAssignmentGroup(), incident.getEscalationLevel(),
          incident.getResponseWarningAt(), incident.getResponseDueAt(), incident.getAssignmentGroup());
    }
    if (!escalations.existsByIncidentIdAndSlaTargetAndToLevel(incident.getId(), SlaTarget.RESPONSE,
        Incident.MANAGEMENT_LEVEL)) {
      incident.escalateToManagers();
      record(incident, SlaTarget.RESPONSE, EscalationKind.HIERARCHICAL, from, Incident.MANAGEMENT_LEVEL, fromGroup,
          Groups.INCIDENT_MANAGERS, "Response target breached at the last support tier (" + fromGroup + ")", now);
    }
    return new ResponseEscalation(false, incident.getAssignmentGroup(), incident.getEscalationLevel(),
        incident.getResponseWarningAt(), incident.getResponseDueAt(),
        Groups.INCIDENT_MANAGERS + "," + incident.getAssignmentGroup());
  }

  /**
   * The resolution target reached its warning level: true if the resolver group is to be warned, false if the warning
   * for this warning date went out already (the timer of a "Resolve incident" that came back after a pause or a
   * reopening, at a date reached before the pause). Recorded on the incident, as breaches are, so it holds across
   * nodes and retries.
   */
  public boolean warnResolution(String number) {
    return load(number).warnResolution();
  }

  /**
   * The resolution target was breached: hierarchical escalation to the incident managers; the resolver keeps working.
   * Returns false if this was already recorded (e.g. the timer fired again after a pause), so nobody is told twice.
   */
  public boolean escalateResolution(String number) {
    Incident incident = load(number);
    if (escalations.existsByIncidentIdAndSlaTargetAndToLevel(incident.getId(), SlaTarget.RESOLUTION,
        Incident.MANAGEMENT_LEVEL)) {
      return false;
    }
    incident.breachResolution();
    record(incident, SlaTarget.RESOLUTION, EscalationKind.HIERARCHICAL, incident.getEscalationLevel(),
        Incident.MANAGEMENT_LEVEL, incident.getAssignmentGroup(), Groups.INCIDENT_MANAGERS,
        "Resolution target breached (due " + incident.getResolutionDueAt() + ")", clock.instant());
    return true;
  }

  /**
   * The resolver needs the reporter's answer: the resolution clock stops until the reporter answers. The wait is
   * bounded: returns when the reporter is reminded and when the incident is resolved without the answer.
   */
  public RequesterWait awaitRequester(String number, String by, String question) {
    Incident incident = load(number);
    Instant now = clock.instant();
    incident.awaitRequester(question, now);
    log(incident, WorkLogKind.QUESTION, by, question);
    auditTrail.record(AuditEvent.of(by, "AWAITING_REQUESTER", SUBJECT, number, question));
    return new RequesterWait(
        slaClock.due(now, properties.requesterReminderAfter(), properties.requesterCalendar()),
        slaClock.due(now, properties.requesterTimeout(), properties.requesterCalendar()));
  }

  /** Resolved by {@code by}; returns when it closes by itself if the reporter does not answer. */
  public Instant resolve(String number, String by, String notes) {
    Incident incident = load(number);
    Instant now = clock.instant();
    incident.resolve(by, notes, now, workingMinutes(incident, incident.getCreatedAt(), now));
    log(incident, WorkLogKind.RESOLUTION_NOTE, by, notes);
    auditTrail.record(AuditEvent.of(by, "RESOLVED", SUBJECT, number, notes));
    return slaClock.due(now, properties.autoCloseAfter(), properties.autoCloseCalendar());
  }

  /**
   * The reporter did not answer the question within {@code sopflow.incident.requester-timeout}: the wait ends as an
   * answer would end it (its time excluded, the resolution dates moved by it), then the incident is resolved without
   * the answer; the reporter is told and may still reopen, and a reopening resumes the clock from these dates.
   * Returns when it closes by itself.
   */
  public Instant resolveUnanswered(String number) {
    Incident incident = load(number);
    Instant now = clock.instant();
    String notes = "Resolved without an answer from the reporter to: " + incident.getQuestionForRequester();
    endWait(incident, now);
    incident.resolve(AuditEvent.SYSTEM, notes, now, workingMinutes(incident, incident.getCreatedAt(), now));
    log(incident, WorkLogKind.RESOLUTION_NOTE, AuditEvent.SYSTEM, notes);
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "RESOLVED", SUBJECT, number,
        "no answer from the reporter within " + properties.requesterTimeout()));
    return slaClock.due(now, properties.autoCloseAfter(), properties.autoCloseCalendar());
  }

  public void confirm(String number, String by) {
    Incident incident = load(number);
    requireReporter(incident, by);
    incident.confirm(clock.instant());
    auditTrail.record(AuditEvent.of(by, "RESOLUTION_CONFIRMED", SUBJECT, number, null));
  }

  /** The reporter reopens: back to resolution, the resolution clock restarts where it stopped at resolution. */
  public ResolutionDates reopen(String number, String by, String reason) {
    Incident incident = load(number);
    requireReporter(incident, by);
    Instant now = clock.instant();
    ResolutionDates dates = resumedResolution(incident, incident.getResolvedAt(), now);
    incident.reopen(dates.resolutionWarningAt(), dates.resolutionDueAt(),
        workingMinutes(incident, incident.getResolvedAt(), now));
    auditTrail.record(AuditEvent.of(by, "REOPENED", SUBJECT, number, reason));
    return dates;
  }

  /** Closes after confirmation, or by itself when the reporter did not answer in time. */
  public void close(String number) {
    Incident incident = load(number);
    incident.close(clock.instant());
    auditTrail.record(AuditEvent.of(incident.isClosedAutomatically() ? AuditEvent.SYSTEM : incident.getReporter(),
        "CLOSED", SUBJECT, number, incident.isClosedAutomatically() ? "closed automatically: no answer from the reporter"
            : "resolution confirmed by the reporter"));
  }

  /**
   * The post-incident review, with the actions it agreed on: one per line of {@code actions}, as
   * {@code owner | due date (YYYY-MM-DD) | action}. The owner is a known user and the due date not in the past; a bad
   * line is refused naming {@code reviewActions} and the line, and nothing is recorded.
   */
  public void recordReview(String number, String by, String summary, String actions) {
    recordReview(number, by, summary, actions, false);
  }

  /**
   * The review as above; {@code raiseProblem}: the review found a cause worth a root-cause analysis, and a problem is
   * raised for it in the same transaction ({@link ProblemRequested}), by the reviewer.
   */
  public void recordReview(String number, String by, String summary, String actions, boolean raiseProblem) {
    Incident incident = load(number);
    Instant now = clock.instant();
    List<IncidentReviewAction> parsed = new ArrayList<>();
    if (actions != null) {
      String[] lines = actions.strip().split("\\R");
      for (int n = 0; n < lines.length; n++) {
        if (!lines[n].isBlank()) {
          parsed.add(reviewAction(incident, lines[n], n + 1, by, now));
        }
      }
    }
    incident.recordReview(by, now);
    reviewActions.saveAll(parsed);
    auditTrail.record(AuditEvent.of(by, "REVIEWED", SUBJECT, number, summary
        + (parsed.isEmpty() ? "" : " (" + parsed.size() + " action" + (parsed.size() == 1 ? "" : "s") + ")")));
    if (raiseProblem) {
      events.publishEvent(new ProblemRequested(number, by, "Root cause of " + number + ": " + incident.getTitle(),
          "Raised by the post-incident review of " + number + ": " + summary, incident.getConfigurationItem()));
    }
  }

  private IncidentReviewAction reviewAction(Incident incident, String line, int n, String by, Instant now) {
    String[] parts = line.split("\\|", 3);
    if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
      throw new InvalidRequestException(REVIEW_ACTIONS, "line " + n + " must read 'owner | YYYY-MM-DD | action'");
    }
    String owner = parts[0].strip();
    if (!directory.userExists(owner)) {
      throw new InvalidRequestException(REVIEW_ACTIONS, "line " + n + ": " + owner + " is no known user");
    }
    LocalDate due;
    try {
      due = LocalDate.parse(parts[1].strip());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(REVIEW_ACTIONS, "line " + n + ": due date must be YYYY-MM-DD");
    }
    if (due.isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
      throw new InvalidRequestException(REVIEW_ACTIONS, "line " + n + ": due date is in the past");
    }
    String action = parts[2].strip();
    if (action.length() > 1000) {
      throw new InvalidRequestException(REVIEW_ACTIONS, "line " + n + ": the action is longer than 1000 characters");
    }
    return new IncidentReviewAction(incident.getId(), action, owner, due, by, now);
  }

  /** A major incident's status update is due: true while it is not resolved (nor closed). */
  @Transactional(readOnly = true)
  public boolean isUnresolved(String number) {
    IncidentStatus status = load(number).getStatus();
    return status != IncidentStatus.RESOLVED && status != IncidentStatus.CLOSED;
  }

  /** The repetition of major-incident status updates, as an ISO 8601 cycle for the timer of the coordination. */
  public String majorIncidentUpdateCycle() {
    return "R/" + properties.major().updateInterval();
  }

  public void recordCoordination(String number, String by, String notes) {
    load(number);
    auditTrail.record(AuditEvent.of(by, "MAJOR_INCIDENT_COORDINATED", SUBJECT, number, notes));
  }

  // ---------------------------------------------------------------- notifications

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith("INC-");
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Object> model(String reference) {
    Incident i = load(reference);
    Map<String, Object> model = new HashMap<>();
    model.put("title", i.getTitle());
    model.put("description", i.getDescription());
    model.put("priority", i.getPriority());
    model.put("status", i.getStatus());
    model.put("category", i.getCategory());
    model.put("configurationItem", i.getConfigurationItem() == null ? "-" : i.getConfigurationItem());
    model.put("reporter", i.getReporter());
    model.put("assignmentGroup", i.getAssignmentGroup());
    model.put("escalationLevel", i.getEscalationLevel());
    model.put("responseDueAt", i.getResponseDueAt());
    model.put("resolutionDueAt", i.getResolutionDueAt());
    model.put("slaCalendar", i.getSlaCalendar());
    model.put("questionForRequester", i.getQuestionForRequester() == null ? "" : i.getQuestionForRequester());
    model.put("resolutionNotes", i.getResolutionNotes() == null ? "" : i.getResolutionNotes());
    model.put("number", i.getNumber());
    if (i.getPausedAt() != null) {
      model.put("requesterTimeoutAt",
          slaClock.due(i.getPausedAt(), properties.requesterTimeout(), properties.requesterCalendar()));
    }
    Supplier<List<IncidentComment>> log = lazy(() -> comments.findByIncidentIdOrderByIdAsc(i.getId()));
    model.put("workLog", lazy(() -> TaskDetails.workLogText(log.get())));
    model.put("answer", lazy(() -> log.get().stream().filter(e -> e.getKind() == WorkLogKind.ANSWER)
        .reduce((first, second) -> second).map(IncidentComment::getBody).orElse("")));
    Supplier<Optional<IncidentEscalation>> last = lazy(() -> escalations.findByIncidentIdOrderByIdAsc(i.getId())
        .stream().reduce((first, second) -> second));
    model.put("escalationKind", lazy(() -> last.get().map(IncidentEscalation::getKind).orElse(null)));
    model.put("escalatedFrom", lazy(() -> last.get().map(IncidentEscalation::getFromGroup).orElse(null)));
    model.put("escalatedTo", lazy(() -> last.get().map(IncidentEscalation::getToGroup).orElse(null)));
    model.put("escalationReason", lazy(() -> last.get().map(IncidentEscalation::getReason).orElse(null)));
    return model;
  }

  // ---------------------------------------------------------------- helpers

  private IncidentComment log(Incident incident, WorkLogKind kind, String author, String text) {
    return comments.save(new IncidentComment(incident.getId(), kind, author, text.strip(), clock.instant()));
  }

  private void record(Incident incident, SlaTarget target, EscalationKind kind, int from, int to, String fromGroup,
      String toGroup, String reason, Instant now) {
    // Flushed at once: a concurrent duplicate fails on the unique constraint here, and its job is retried.
    escalations.saveAndFlush(new IncidentEscalation(incident.getId(), target, kind, from, to, fromGroup, toGroup,
        reason, now));
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "ESCALATED", SUBJECT, incident.getNumber(),
        kind + " " + target + " escalation from " + fromGroup + " (level " + from + ") to " + toGroup + " (level " + to
            + "): " + reason));
    events.publishEvent(SlaBreached.in(IncidentService.class, incident.getPriority().name(),
        target.name().toLowerCase(java.util.Locale.ROOT), to));
  }

  /** Working minutes between two instants in the incident's SLA calendar (the SLA report's durations, docs/sla.md). */
  private long workingMinutes(Incident incident, Instant from, Instant to) {
    return slaClock.elapsed(from, to, incident.getSlaCalendar()).toMinutes();
  }

  /**
   * The one place a wait for the reporter ends, answered or not: the working time waited is excluded from the
   * resolution time, and the resolution dates move by it (DESIGN.md: the due date moves by the paused time).
   */
  private ResolutionDates endWait(Incident incident, Instant now) {
    Instant pausedAt = incident.getPausedAt();
    ResolutionDates moved = resumedResolution(incident, pausedAt, now);
    incident.resume(moved.resolutionWarningAt(), moved.resolutionDueAt(), workingMinutes(incident, pausedAt, now));
    return moved;
  }

  private ResolutionDates resumedResolution(Incident incident, Instant pausedAt, Instant resumedAt) {
    if (pausedAt == null) {
      return new ResolutionDates(incident.getResolutionWarningAt(), incident.getResolutionDueAt());
    }
    String calendar = incident.getSlaCalendar();
    return new ResolutionDates(
        slaClock.resumedDue(incident.getResolutionWarningAt(), pausedAt, resumedAt, calendar),
        slaClock.resumedDue(incident.getResolutionDueAt(), pausedAt, resumedAt, calendar));
  }

  private void requireReporter(Incident incident, String by) {
    if (!incident.getReporter().equals(by)) {
      throw new ForbiddenException("Only the reporter " + incident.getReporter() + " may confirm or reopen "
          + incident.getNumber());
    }
  }

  private Incident load(String number) {
    return find(number).orElseThrow(() -> new RecordNotFoundException(SUBJECT, number));
  }

  private Optional<Incident> find(String number) {
    return byNumber.find(Incident.class, number);
  }

  /** The incident if the caller may see it; 404 otherwise, as if it did not exist. */
  private Incident visible(String number) {
    Incident incident = load(number);
    return visibility.require(incident, SUBJECT, number, WORKING_GROUPS, incident.getReporter());
  }

  private ProblemLinks.ProblemLink problemOf(String number) {
    ProblemLinks links = problemLinks.getIfAvailable();
    return links == null ? null : links.problemOf(number).orElse(null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
