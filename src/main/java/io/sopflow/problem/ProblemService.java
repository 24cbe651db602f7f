package io.sopflow.problem;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeStatus;
import io.sopflow.change.ChangeSubmission;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.incident.IncidentFacts;
import io.sopflow.incident.IncidentReported;
import io.sopflow.incident.IncidentReprioritised;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.Priority;
import io.sopflow.incident.ProblemLinks;
import io.sopflow.incident.ProblemRequested;
import io.sopflow.persistence.LockRows;
import io.sopflow.persistence.RecordLocks;
import io.sopflow.persistence.RecordsByNumber;
import io.sopflow.securityincident.SecurityProblemProposed;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.problem.ProblemApi.Investigation;
import io.sopflow.problem.ProblemApi.ProblemView;
import io.sopflow.problem.ProblemApi.RaiseProblem;
import io.sopflow.problem.ProblemApi.TaskDetails;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Problem management: the public face of the feature. Problems are raised by people (API, Tasklist start form, a
 * post-incident review) or proposed by recurring incidents on one configuration item; their investigation makes a
 * known error whose workaround the linked incidents show; a change raised through {@link ChangeService} fixes it, and
 * closing the problem resolves its open incidents through {@link IncidentService}. Every step is audited.
 */
@Service
@Transactional
public class ProblemService implements NotificationModelContributor, ProblemLinks {

  static final String SUBJECT = "Problem";
  static final String PREFIX = "PRB-";
  /** Groups that work on problems and see every one (managers and admins oversee every SOP). */
  static final Set<String> WORKING_GROUPS = Set.of(Groups.PROBLEM_MANAGERS, Groups.SERVICE_DESK, Groups.SUPPORT_L2,
      Groups.SUPPORT_L3, Groups.INCIDENT_MANAGERS);
  /** Who may raise a problem (DESIGN.md); admins may do everything. */
  static final Set<String> MAY_RAISE = Set.of(Groups.PROBLEM_MANAGERS, Groups.SUPPORT_L2, Groups.SUPPORT_L3,
      Groups.INCIDENT_MANAGERS, Groups.ADMINS);
  static final String INCIDENT_NUMBERS = "incidentNumbers";
  private static final Pattern INCIDENT_NUMBER = Pattern.compile("INC-\\d{6,}");
  private static final Set<ProblemStatus> OPEN = Set.copyOf(Arrays.stream(ProblemStatus.values())
      .filter(ProblemStatus::isOpen).toList());

  private static final Logger log = LoggerFactory.getLogger(ProblemService.class);

  private final ProblemRepository problems;
  private final ProblemIncidentRepository links;
  private final RecordsByNumber byNumber;
  private final RecurrenceItemRepository recurrenceItems;
  private final ProblemProperties properties;
  private final IncidentService incidents;
  private final ChangeService changes;
  private final AuditTrail audit;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final LockRows lockRows;
  private final RecordLocks recordLocks;

  ProblemService(ProblemRepository problems, ProblemIncidentRepository links, RecurrenceItemRepository recurrenceItems,
      ProblemProperties properties, IncidentService incidents, ChangeService changes, AuditTrail audit, CurrentUser currentUser,
      RecordVisibility visibility, ApplicationEventPublisher events, Clock clock,
      LockRows lockRows, RecordsByNumber byNumber, RecordLocks recordLocks) {
    this.byNumber = byNumber;
    this.recordLocks = recordLocks;
    this.problems = problems;
    this.links = links;
    this.recurrenceItems = recurrenceItems;
    this.properties = properties;
    this.incidents = incidents;
    this.changes = changes;
    this.audit = audit;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.events = events;
    this.clock = clock;
    this.lockRows = lockRows;
  }

  // ---- API -------------------------------------------------------------------------------------------------------

  /**
   * A problem raised by the caller (API or Tasklist's start form). Who may raise is checked first; then every incident
   * number must name an incident that is not yet linked to another open problem. Nothing is stored on a refusal.
   */
  public ProblemView raise(RaiseProblem request) {
    String by = currentUser.require();
    if (currentUser.groups().stream().noneMatch(MAY_RAISE::contains)) {
      throw new ForbiddenException("Only problem-managers, support-l2, support-l3 and incident-managers may raise a "
          + "problem");
    }
    if (request == null || request.title() == null || request.title().isBlank()) {
      throw new InvalidRequestException("title", "must not be blank");
    }
    if (request.description() == null || request.description().isBlank()) {
      throw new InvalidRequestException("description", "must not be blank");
    }
    List<String> numbers = incidentNumbers(request.incidentNumbers());
    return view(store(request.title().strip(), request.description().strip(),
        blankToNull(request.configurationItem()), ProblemOrigin.RAISED, by, numbers));
  }

  /** The problem, if the caller may see it; 404 otherwise, as if it did not exist. */
  @Transactional(readOnly = true)
  public ProblemView find(String number) {
    Problem p = byNumber.find(Problem.class, number).orElseThrow(() -> new RecordNotFoundException(SUBJECT, number));
    return view(visibility.require(p, SUBJECT, number, WORKING_GROUPS, p.getRaisedBy()));
  }

  /** The problems the caller may see, newest first, by configuration item and status (null = any), one page. */
  @Transactional(readOnly = true)
  public RecordPage<ProblemView> list(String configurationItem, ProblemStatus status, PageQuery page) {
    if (configurationItem != null && (configurationItem.isBlank() || configurationItem.length() > 200)) {
      throw new InvalidRequestException("configurationItem", "must be 1 to 200 characters");
    }
    Specification<Problem> filters = (root, query, cb) -> {
      List<Predicate> where = new ArrayList<>();
      if (configurationItem != null) {
        where.add(cb.equal(root.get("configurationItem"), configurationItem.strip()));
      }
      if (status != null) {
        where.add(cb.equal(root.get("status"), status));
      }
      return cb.and(where.toArray(Predicate[]::new));
    };
    Page<Problem> result = problems.findAll(visibility.<Problem>visibleRecords(WORKING_GROUPS, "raisedBy")
        .and(filters), PageRequest.of(page.page(), page.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(page, result.getContent(), result.getTotalElements(), this::view);
  }

  // ---- raised by the incident SOP --------------------------------------------------------------------------------

  /**
   * A post-incident review asked for a problem: raised by the reviewer for the incident, unless the incident already
   * belongs to an open problem (then the review's request is noted on that one).
   */
  @EventListener
  public void onReviewRequestedProblem(ProblemRequested request) {
    Optional<Problem> open = openProblemOf(request.number());
    if (open.isPresent()) {
      audit.record(AuditEvent.of(request.by(), "REVIEW_POINTED_HERE", SUBJECT, open.get().getNumber(),
          "the review of " + request.number() + " asked for a problem"));
      return;
    }
    store(request.title(), request.description(), request.configurationItem(), ProblemOrigin.INCIDENT_REVIEW,
        request.by(), List.of(request.number()));
  }

  /**
   * A security incident's post-incident review asked for a problem: raised by the reviewer. The security incident is
   * confidential, so the problem names it by number only (no title, description or lessons are copied); whoever may
   * see the security incident finds the details there.
   */
  @EventListener
  public void onSecurityReviewRequestedProblem(SecurityProblemProposed proposal) {
    String source = proposal.securityIncidentNumber();
    store("Root cause of security incident " + source, "Raised by the post-incident review of " + source
        + " (confidential: the details are on the security incident).", null, ProblemOrigin.SECURITY_REVIEW,
        proposal.reviewedBy(), List.of());
  }

  /**
   * Every reported incident on a configuration item: it joins the item's open problem, or, if none is open, counts
   * towards recurrence. Joining does not take the item's lock: it proposes nothing, and the incident is this
   * transaction's own. Only the decision whether to propose is serialised: the item's lock row is held while deciding
   * (docs/problems.md), so two nodes reporting incidents on one item at once decide one after the other, each seeing
   * what the other committed, and an item gets one proposal per window. Runs before the incident's process starts, so its triage
   * already shows the problem's workaround.
   */
  @EventListener
  @Order(Ordered.HIGHEST_PRECEDENCE)
  public void onIncidentReported(IncidentReported reported) {
    IncidentFacts incident = incidents.facts(reported.number());
    String item = incident.configurationItem();
    if (item == null || joinOpenProblem(item, incident)) {
      return;
    }
    RecurrenceItem lock = lockItem(item);
    // Looked for again: a problem proposed by the transaction this one waited for is open now.
    if (joinOpenProblem(item, incident)) {
      return;
    }
    Instant now = clock.instant();
    Instant since = now.minus(properties.recurrence().window());
    if (lock.proposedSince(since)) {
      return;
    }
    List<String> recent = incidents.reportedOn(item, since).stream()
        .filter(number -> openProblemOf(number).isEmpty()).toList();
    if (recent.size() < properties.recurrence().threshold()) {
      return;
    }
    Problem proposed = store("Recurring incidents on " + item, recent.size() + " incidents on " + item + " within "
        + properties.recurrence().window() + ": " + String.join(", ", recent), item, ProblemOrigin.RECURRENCE,
        AuditEvent.SYSTEM, recent);
    lock.proposed(proposed.getNumber(), now);
    log.info("Problem {} proposed: {} incidents on {} within {}", proposed.getNumber(), recent.size(), item,
        properties.recurrence().window());
  }

  // ---- for the incident SOP --------------------------------------------------------------------------------------

  @Override
  @Transactional(readOnly = true)
  public Optional<ProblemLink> problemOf(String incidentNumber) {
    return problems.findByIncident(incidentNumber).stream()
        .min(Comparator.comparing((Problem p) -> !p.getStatus().isOpen()))
        .map(p -> new ProblemLink(p.getNumber(), p.getStatus().name(), p.getWorkaround()));
  }

  // ---- process steps ---------------------------------------------------------------------------------------------

  public void attachProcessInstance(String number, String processInstanceId) {
    load(number).attachProcessInstance(processInstanceId);
  }

  /** What a task's form shows (the process carries references only). No visibility check: the process reads it. */
  @Transactional(readOnly = true)
  public TaskDetails taskDetails(String number) {
    Problem problem = load(number);
    return TaskDetails.of(problem, links.numbersOf(problem.getId()));
  }

  /** A problem manager accepts (investigation follows) or rejects a proposal; a rejection needs a reason. */
  public void decideProposal(String number, String by, boolean accepted, String reason) {
    if (!accepted && (reason == null || reason.isBlank())) {
      throw new InvalidRequestException("decisionReason", "is required to reject a proposal");
    }
    load(number).decideProposal(by, accepted, blankToNull(reason), clock.instant());
    audit.record(AuditEvent.of(by, accepted ? "PROPOSAL_ACCEPTED" : "PROPOSAL_REJECTED", SUBJECT, number, reason));
  }

  /** The root cause is found: a known error, whose workaround the linked incidents show from now on. */
  public void recordInvestigation(String number, String by, Investigation findings) {
    load(number).recordInvestigation(by, findings.fiveWhys(), findings.rootCause(), findings.category(),
        findings.contributingFactors(), findings.workaround(), clock.instant());
    audit.record(AuditEvent.of(by, "KNOWN_ERROR", SUBJECT, number, findings.category() + ": "
        + findings.rootCause()));
  }

  /** "Raise change": a change through the change SOP's own door, naming this problem. Returns its number. */
  public String raiseChange(String number, String by, ChangeSubmission submission) {
    Problem problem = load(number);
    String changeNumber = changes.submitForProblem(number, submission).number();
    problem.changeRaised(changeNumber, clock.instant());
    audit.record(AuditEvent.of(by, "CHANGE_RAISED", SUBJECT, number, changeNumber));
    return changeNumber;
  }

  /**
   * The change of a problem ended. Returns whether it succeeded, or empty if the problem no longer waits for that
   * change (the end is noted in the audit trail and changes nothing).
   */
  public Optional<Boolean> changeEnded(String number, String changeNumber, ChangeStatus status) {
    Optional<Problem> problem = byNumber.find(Problem.class, number);
    if (problem.isEmpty() || problem.get().getStatus() != ProblemStatus.AWAITING_CHANGE
        || !changeNumber.equals(problem.get().getChangeNumber())) {
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "CHANGE_END_IGNORED", SUBJECT, number, changeNumber + " "
          + status + ": the problem does not wait for it"));
      return Optional.empty();
    }
    boolean succeeded = status == ChangeStatus.IMPLEMENTED;
    problem.get().changeEnded(changeNumber, status.name(), succeeded, clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, succeeded ? "CHANGE_SUCCEEDED" : "CHANGE_FAILED", SUBJECT, number,
        changeNumber + " " + status + (succeeded ? "" : ": back to investigation")));
    return Optional.of(succeeded);
  }

  /** A problem manager checked whether the change fixed the cause; if not, the investigation resumes. */
  public void verifyFix(String number, String by, boolean verified, String notes) {
    load(number).verifyFix(by, verified, clock.instant());
    audit.record(AuditEvent.of(by, verified ? "FIX_VERIFIED" : "FIX_NOT_VERIFIED", SUBJECT, number, notes));
  }

  /**
   * Closes the problem and resolves its open incidents through the incident SOP (each one's process resolves it and
   * mails its reporter). Returns the incidents resolved; those in another state keep their course.
   */
  public List<String> close(String number) {
    // Held first: an incident joining the problem at this moment commits before the links are read, or is refused.
    Problem problem = recordLocks.holdExclusive(load(number));
    problem.close(clock.instant());
    List<String> resolved = links.numbersOf(problem.getId()).stream()
        .filter(incident -> incidents.resolveByProblemFix(incident, number)).toList();
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "CLOSED", SUBJECT, number, "incidents resolved by the fix: "
        + (resolved.isEmpty() ? "none" : String.join(", ", resolved))));
    return resolved;
  }

  // ---- notifications ---------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(PREFIX);
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Object> model(String reference) {
    return byNumber.find(Problem.class, reference).map(p -> {
      Map<String, Object> model = new HashMap<>();
      model.put("title", p.getTitle());
      model.put("status", p.getStatus().name());
      model.put("priority", p.getPriority().name());
      model.put("configurationItem", p.getConfigurationItem() == null ? "-" : p.getConfigurationItem());
      model.put("incidentNumbers", String.join(", ", links.numbersOf(p.getId())));
      model.put("rootCause", p.getRootCause() == null ? "" : p.getRootCause());
      model.put("workaround", p.getWorkaround() == null ? "" : p.getWorkaround());
      model.put("changeNumber", p.getChangeNumber() == null ? "" : p.getChangeNumber());
      return model;
    }).orElseGet(Map::of);
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private Problem store(String title, String description, String item, ProblemOrigin origin, String by,
      List<String> incidentNumbers) {
    Priority priority = incidentNumbers.stream().map(n -> incidents.facts(n).priority()).min(Comparator.naturalOrder())
        .orElse(Priority.P3);
    Instant now = clock.instant();
    Problem problem = problems.saveAndFlush(new Problem(title, description, item, origin, priority, by, now));
    problem.assignNumber();
    incidentNumbers.forEach(incident -> links.save(problem.link(incident)));
    audit.record(AuditEvent.of(by, origin == ProblemOrigin.RECURRENCE ? "PROPOSED" : "RAISED", SUBJECT,
        problem.getNumber(), origin + ", priority " + priority + (incidentNumbers.isEmpty() ? ""
            : ", incidents " + String.join(", ", incidentNumbers))));
    events.publishEvent(new ProblemRaised(problem.getNumber(), origin == ProblemOrigin.RECURRENCE,
        ProblemSlaProperties.investigation(priority)));
    return problem;
  }

  /** Known incidents, each at most once, none already in an open problem; refused naming the field otherwise. */
  private List<String> incidentNumbers(List<String> given) {
    Set<String> numbers = new LinkedHashSet<>();
    for (String entry : given == null ? List.<String>of() : given) {
      for (String part : entry.split(",")) {
        String number = part.strip();
        if (number.isEmpty()) {
          continue;
        }
        if (!INCIDENT_NUMBER.matcher(number).matches() || !incidents.exists(number)) {
          throw new InvalidRequestException(INCIDENT_NUMBERS, "'" + abbreviate(number) + "' is no known incident");
        }
        Optional<Problem> open = openProblemOf(number);
        if (open.isPresent()) {
          throw new InvalidRequestException(INCIDENT_NUMBERS, number + " already belongs to open problem "
              + open.get().getNumber());
        }
        numbers.add(number);
      }
    }
    if (numbers.size() > 50) {
      throw new InvalidRequestException(INCIDENT_NUMBERS, "must name at most 50 incidents");
    }
    return List.copyOf(numbers);
  }

  private Optional<Problem> openProblemOf(String incidentNumber) {
    return problems.findByIncident(incidentNumber).stream().filter(p -> p.getStatus().isOpen()).findFirst();
  }

  /**
   * Links the incident to the item's open problem, if it has one (the newest); false if it has none. The problem is
   * read without a lock and checked again just before the commit ({@link #confirmJoin}), so that the incidents
   * joining it at the same moment do not wait for each other's work, on H2 (whose shared lock is exclusive) neither.
   * (On MySQL/MariaDB the link's foreign-key check holds the problem shared from the link's insert on: shared holds
   * do not wait for each other.) An incident of a higher priority raises the problem's ({@link #raisePriority}).
   */
  private boolean joinOpenProblem(String item, IncidentFacts incident) {
    Optional<Problem> open = problems.findOn(item, OPEN).stream().findFirst();
    if (open.isEmpty()) {
      return false;
    }
    Problem problem = open.get();
    String incidentNumber = incident.number();
    Optional<Priority> raisedFrom = raisePriority(problem, incident.priority());
    if (!links.existsByProblemIdAndIncidentNumber(problem.getId(), incidentNumber)) {
      links.save(problem.link(incidentNumber));
    }
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "INCIDENT_LINKED", SUBJECT, problem.getNumber(),
        incidentNumber + " on " + item));
    raisedFrom.ifPresent(before -> priorityRaised(problem, before, AuditEvent.SYSTEM,
        incidentNumber + " (" + incident.priority() + ") joined it"));
    events.publishEvent(new IncidentJoinedProblem(problem.getNumber(), incidentNumber));
    return true;
  }

  /**
   * The triage of an incident that already belongs to an open problem raised its priority: the problem runs on the
   * SLA of its worst incident, so it is raised as when a higher-priority incident joins ({@link #raisePriority}; the
   * link exists already, so the exclusive hold comes first here too). A lower priority changes nothing: a problem's
   * priority only goes up.
   */
  @EventListener
  public void onIncidentReprioritised(IncidentReprioritised reprioritised) {
    openProblemOf(reprioritised.number()).ifPresent(problem -> raisePriority(problem, reprioritised.after())
        .ifPresent(before -> priorityRaised(problem, before, reprioritised.by(), reprioritised.number()
            + " was reprioritised from " + reprioritised.before() + " to " + reprioritised.after())));
  }

  private void priorityRaised(Problem problem, Priority before, String by, String why) {
    audit.record(AuditEvent.of(by, "PRIORITY_RAISED", SUBJECT, problem.getNumber(), "from " + before + " to "
        + problem.getPriority() + ": " + why));
    events.publishEvent(new ProblemPriorityRaised(problem.getNumber(), problem.getProcessInstanceId(),
        ProblemSlaProperties.investigation(problem.getPriority())));
  }

  /**
   * A joining incident of a higher priority raises the open problem's priority, so that its investigation runs on the
   * SLA of the worst incident it explains, as when it was raised. Returns the priority the problem had, or empty.
   *
   * <p>Most joins change nothing and take no lock (the priority read without one can only be older, that is lower,
   * than the row's). A raise holds the problem exclusively, before the link is inserted: on MySQL/MariaDB the link's
   * foreign-key check holds the problem shared, and two reports each holding it shared and then asking for it
   * exclusively would deadlock. The hold is taken only if the row's priority is still lower: the reports of an outage
   * that raise the problem at the same moment wait for the first one's commit, then find its priority and go on
   * without the row; only the first one raises, audits and has the owners told.
   */
  private Optional<Priority> raisePriority(Problem problem, Priority incidentPriority) {
    if (incidentPriority.compareTo(problem.getPriority()) >= 0) {
      return Optional.empty();
    }
    return problems.holdIfPriorityIn(problem.getId(), Problem.lowerThan(incidentPriority), OPEN)
        .flatMap(held -> recordLocks.holdExclusive(held).raisePriority(incidentPriority, clock.instant()));
  }

  /**
   * Just before an incident that joined a problem commits: the problem is read again and held with a shared lock
   * until the commit, so that it cannot be closed or rejected between this check and the commit (a close holds it
   * exclusively before it reads the links: it waits for this report and sees its link, or this check waits for the
   * close). Closed or rejected since the incident joined it: the whole report is refused (409, nothing stored), and
   * reported again it counts towards recurrence instead.
   */
  @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
  public void confirmJoin(IncidentJoinedProblem joined) {
    Problem problem = recordLocks.holdShared(load(joined.problemNumber()));
    if (!problem.getStatus().isOpen()) {
      throw new ConflictException("Problem " + joined.problemNumber() + " was " + problem.getStatus().name()
          .toLowerCase(Locale.ROOT) + " while incident " + joined.incidentNumber() + " joined it; nothing was "
          + "stored, report the incident again");
    }
  }

  /**
   * The item's lock row, locked until this transaction ends (created once: two nodes creating it at once do not fail
   * the incident report).
   */
  private RecurrenceItem lockItem(String item) {
    return lockRows.hold(recurrenceItems, item, () -> new RecurrenceItem(item), recurrenceItems::lock);
  }

  private ProblemView view(Problem problem) {
    return ProblemView.of(problem, links.numbersOf(problem.getId()));
  }

  private Problem load(String number) {
    return byNumber.find(Problem.class, number).orElseThrow(() -> new RecordNotFoundException(SUBJECT, number));
  }

  private static String abbreviate(String s) {
    return s.length() > 30 ? s.substring(0, 30) + "..." : s;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
