package io.sopflow.closure;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.access.AccessRequestService;
import io.sopflow.access.AccountLocks;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.persistence.RecordsByNumber;
import io.sopflow.sla.SlaBreached;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The public face of project closure: records closures, answers the REST API with what the caller may see, and
 * records every step the process reports (verifications, sign-off, wrap-up, report, review), each audited.
 */
@Service
@Transactional
public class ProjectClosureService implements NotificationModelContributor {

  static final String SUBJECT_TYPE = "ProjectClosure";

  /**
   * Groups that work on every closure and see them all (besides the project manager and the sponsor of each, and the
   * overseers of {@link RecordVisibility}).
   */
  static final Set<String> WORKING_GROUPS = Set.of(Groups.PROJECT_MANAGERS, Groups.FINANCE);

  private final ProjectClosureRepository closures;
  private final RecordsByNumber byNumber;
  private final Directory directory;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ClosureProperties properties;
  private final ClosureTimeline timeline;
  private final AccessRequestService accessRequests;
  private final ClientContactTasks clientContactTasks;
  private final AccountLocks accountLocks;

  ProjectClosureService(ProjectClosureRepository closures, Directory directory, CurrentUser currentUser,
      RecordVisibility visibility, AuditTrail audit, ApplicationEventPublisher events, Clock clock, ClosureProperties properties,
      ClosureTimeline timeline, AccessRequestService accessRequests, RecordsByNumber byNumber,
      ClientContactTasks clientContactTasks, AccountLocks accountLocks) {
    this.clientContactTasks = clientContactTasks;
    this.accountLocks = accountLocks;
    this.byNumber = byNumber;
    this.closures = closures;
    this.directory = directory;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
    this.properties = properties;
    this.timeline = timeline;
    this.accessRequests = accessRequests;
  }

  // --- REST API ----------------------------------------------------------------------------------------------------

  /**
   * Records the closure and starts its process in the same transaction: either both exist or neither. Four eyes: a
   * project manager requests the closure of their own project (an admin may request it for a project manager), and
   * the sponsor who signs it off and the client contact who accepts the deliverables are two other people than the
   * requester, the project manager and each other.
   */
  public ClosureView create(ClosureRequest request) {
    String requester = currentUser.require();
    Set<String> groups = currentUser.groups();
    boolean admin = groups.contains(Groups.ADMINS);
    if (!groups.contains(Groups.PROJECT_MANAGERS) && !admin) {
      throw new ForbiddenException(requester + " may not request a project closure: project managers do");
    }
    if (!admin && !request.projectManager().equals(requester)) {
      throw new InvalidRequestException("projectManager",
          "must be you: a project manager requests the closure of their own project");
    }
    if (!directory.userExists(request.projectManager())) {
      throw new InvalidRequestException("projectManager", "is not a known user");
    }
    if (!directory.userExists(request.sponsor())) {
      throw new InvalidRequestException("sponsor", "is not a known user");
    }
    if (request.sponsor().equals(request.projectManager())) {
      throw new InvalidRequestException("sponsor", "must be another person than the project manager");
    }
    if (request.sponsor().equals(requester)) {
      throw new InvalidRequestException("sponsor",
          "must be another person than you: the requester does not sign off their own request");
    }
    requireClientContact(request.clientContact(), request.projectManager(), requester, request.sponsor());
    if (closures.existsByProjectCode(request.projectCode())) {
      throw new ConflictException("projectCode " + request.projectCode() + " already has a closure ("
          + ProjectClosure.KEY_PREFIX + request.projectCode() + ")");
    }
    ProjectClosure closure = new ProjectClosure(request.projectCode(), request.name().strip(),
        request.projectManager(), request.sponsor(), request.clientContact(), request.budget(), requester,
        clock.instant());
    request.deliverables().forEach(d -> closure.addDeliverable(d.name().strip(), d.acceptanceCriteria().strip()));
    try {
      closures.saveAndFlush(closure);
    } catch (DataIntegrityViolationException e) {
      // Two requests for the same code at once: the unique constraint decides.
      throw new ConflictException("projectCode " + request.projectCode() + " already has a closure");
    }
    audit.record(AuditEvent.of(requester, "REQUESTED", SUBJECT_TYPE, closure.getKey(),
        "Closure of " + closure.getName() + " with " + closure.getDeliverables().size() + " deliverable(s)"));
    events.publishEvent(new ClosureRequested(closure.getId(), closure.getKey(), closure.getProjectManager(),
        closure.getSponsor(), closure.getClientContact()));
    return ClosureView.of(closure);
  }

  /**
   * Names another client contact while the deliverables are still to be accepted (verified or resolved): the one named
   * left, is the wrong person, or, on a closure requested before the four-eyes rule, is its requester or project
   * manager, whom {@link #verifyDeliverable} refuses, so that nobody could accept its deliverables. Admins only
   * (DESIGN.md: admins may do everything, managers change nothing; the sponsor signs off what the client contact
   * accepted, and the requester and the project manager are the people the four-eyes rule keeps out, so none of them
   * picks who accepts). Whoever may not see the closure gets 404, others 403; a closure whose deliverables are
   * accepted (from the sign-off on: the closure and its report name who accepted), or whose process no longer runs,
   * 409. The new contact is checked as at the request (400 naming {@code clientContact}). In this transaction the
   * record, an audit entry (who, old, new, reason) and the acceptance tasks waiting now, and those of later rounds, go
   * to the new contact. Naming the contact it has already changes neither the record nor its audit trail, but hands
   * the work over again: a task pulled away from the contact (another assignee, an owner, someone's rights) comes
   * back, audited as such; when nothing had to move, nothing is written.
   */
  public ClosureView replaceClientContact(String key, ClientContactReplacement replacement) {
    String by = currentUser.require();
    ProjectClosure closure = visible(key);
    if (!currentUser.groups().contains(Groups.ADMINS)) {
      throw new ForbiddenException(by + " may not replace the client contact of " + key + ": admins do");
    }
    closure.requireAcceptancePending("replace the client contact");
    if (!clientContactTasks.running(closure.getProcessInstanceId())) {
      throw new ConflictException("Cannot replace the client contact of " + key
          + ": its process no longer runs (cancelled or suspended)");
    }
    String contact = replacement.clientContact();
    requireClientContact(contact, closure.getProjectManager(), closure.getRequestedBy(), closure.getSponsor());
    String reason = replacement.reason().strip();
    if (contact.equals(closure.getClientContact())) {
      Set<String> takenFrom = clientContactTasks.handOver(closure.getProcessInstanceId(), contact);
      if (!takenFrom.isEmpty()) {
        audit.record(AuditEvent.of(by, "CLIENT_CONTACT_TASKS_REASSIGNED", SUBJECT_TYPE, key,
            "tasks re-assigned to " + contact + ", taken from " + String.join(", ", takenFrom) + ": " + reason));
      }
      return ClosureView.of(closure);
    }
    String previous = closure.replaceClientContact(contact);
    clientContactTasks.handOver(closure.getProcessInstanceId(), contact);
    audit.record(AuditEvent.of(by, "CLIENT_CONTACT_REPLACED", SUBJECT_TYPE, key,
        (previous == null ? "(none)" : previous) + " -> " + contact + ": " + reason));
    return ClosureView.of(closure);
  }

  @Transactional(readOnly = true)
  public ClosureView findVisible(String key) {
    return ClosureView.of(visible(key));
  }

  /**
   * The closures the caller may see, newest first, optionally only those in a status, of a project manager or of a
   * sponsor.
   */
  @Transactional(readOnly = true)
  public RecordPage<ClosureView> list(ProjectClosure.Status status, String projectManager, String sponsor,
      PageQuery query) {
    Specification<ProjectClosure> spec = visibility.visibleRecords(WORKING_GROUPS, "projectManager", "sponsor",
        "clientContact");
    if (status != null) {
      spec = spec.and((root, q, cb) -> cb.equal(root.get("status"), status));
    }
    if (projectManager != null && !projectManager.isBlank()) {
      spec = spec.and((root, q, cb) -> cb.equal(root.get("projectManager"), projectManager.strip()));
    }
    if (sponsor != null && !sponsor.isBlank()) {
      spec = spec.and((root, q, cb) -> cb.equal(root.get("sponsor"), sponsor.strip()));
    }
    Page<ProjectClosure> page = closures.findAll(spec,
        PageRequest.of(query.page(), query.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(query, page.getContent(), page.getTotalElements(), ClosureView::of);
  }

  /** The stored closure report; 404 while it is not generated yet. */
  @Transactional(readOnly = true)
  public String report(String key) {
    ProjectClosure closure = visible(key);
    if (closure.getReportHtml() == null) {
      throw new RecordNotFoundException("Closure report of", key);
    }
    return closure.getReportHtml();
  }

  // --- process -----------------------------------------------------------------------------------------------------

  public void attachProcessInstance(Long closureId, String processInstanceId) {
    closures.findById(closureId).orElseThrow(() -> new IllegalStateException("No closure " + closureId))
        .attachProcessInstance(processInstanceId);
  }

  /** The closure without a visibility check, for the process (which acts for the people it assigned). */
  @Transactional(readOnly = true)
  public ClosureView get(String key) {
    return ClosureView.of(byKey(key));
  }

  /** The deliverables to verify in this round. */
  @Transactional(readOnly = true)
  public List<Long> pendingDeliverableIds(String key) {
    return byKey(key).pendingDeliverables().stream().map(Deliverable::getId).toList();
  }

  @Transactional(readOnly = true)
  public ClosureView.DeliverableView deliverable(String key, Long deliverableId) {
    return ClosureView.DeliverableView.of(byKey(key).deliverable(deliverableId));
  }

  /**
   * Records the verification of a deliverable by {@code by}; {@code actingFor} is the client contact when {@code by}
   * is their delegate (else null: the audit then says "<delegate> acting for <client contact>"). Returns whether every
   * deliverable is accepted now. Only the client contact (or their delegate) verifies, never the closure's requester
   * or project manager (403): the engine lets admins complete any task.
   */
  public boolean verifyDeliverable(String key, Long deliverableId, boolean accepted, String note, String by,
      String actingFor) {
    ProjectClosure closure = byKey(key);
    String onBehalfOf = actingFor == null ? by : actingFor;
    if (!onBehalfOf.equals(closure.getClientContact())) {
      throw new ForbiddenException(by + " may not verify the deliverables of " + key
          + ": only its client contact (or the client contact's delegate) may");
    }
    requireSecondPerson(closure, by, actingFor, "verify its deliverables");
    closure.verifyDeliverable(deliverableId, accepted, note, by, actingFor, clock.instant());
    Deliverable d = closure.deliverable(deliverableId);
    audit.record(new AuditEvent(by, actingFor, accepted ? "DELIVERABLE_ACCEPTED" : "DELIVERABLE_REJECTED",
        SUBJECT_TYPE, key, actingFor(by, actingFor,
            d.getName() + (d.getVerificationNote() == null ? "" : ": " + d.getVerificationNote()))));
    return closure.allDeliverablesAccepted();
  }

  /** The open deliverables with their notes, one per line, for the project manager's form. */
  @Transactional(readOnly = true)
  public String openDeliverablesSummary(String key) {
    return byKey(key).openDeliverables().stream()
        .map(d -> "- " + d.getName() + ": " + (d.getVerificationNote() == null ? "" : d.getVerificationNote()))
        .collect(Collectors.joining("\n"));
  }

  public void resolveOpenDeliverables(String key, String resolutionNote, String by) {
    ProjectClosure closure = byKey(key);
    String open = closure.openDeliverables().stream().map(Deliverable::getName).collect(Collectors.joining(", "));
    closure.resolveOpenDeliverables(resolutionNote);
    audit.record(AuditEvent.of(by, "DELIVERABLES_RESOLVED", SUBJECT_TYPE, key, open + ": " + resolutionNote.strip()));
  }

  /** The sponsor may sign off; after an escalation, managers too. */
  @Transactional(readOnly = true)
  public boolean maySignOff(String key, String userId) {
    return userId != null && byKey(key).maySignOff(userId, directory.isMember(userId, Groups.MANAGERS));
  }

  /**
   * Signed off by {@code by}; {@code actingFor} the sponsor when {@code by} is the sponsor's delegate, else null. Never
   * by the closure's requester or project manager (403), not as the sponsor's delegate nor as a manager after an
   * escalation either.
   */
  public void signOff(String key, String by, String actingFor, String comment) {
    ProjectClosure closure = byKey(key);
    requireSecondPerson(closure, by, actingFor, "sign it off");
    closure.signOff(by, actingFor, comment, clock.instant());
    audit.record(new AuditEvent(by, actingFor, "SIGNED_OFF", SUBJECT_TYPE, key,
        actingFor(by, actingFor, comment)));
  }

  /** Refused by {@code by}; {@code actingFor} and who may as for {@link #signOff}. */
  public void refuseSignOff(String key, String by, String actingFor, String reason) {
    ProjectClosure closure = byKey(key);
    requireSecondPerson(closure, by, actingFor, "decide on its sign-off");
    closure.refuseSignOff(by, reason, clock.instant());
    audit.record(new AuditEvent(by, actingFor, "SIGN_OFF_REFUSED", SUBJECT_TYPE, key,
        actingFor(by, actingFor, reason)));
  }

  /**
   * The client contact, at the request and when replaced: a known user whose account is not locked (a leaver, {@code
   * POST /api/leavers}, can sign in to accept nothing), another person than the project manager and the requester
   * (who accept nothing of their own closure) and than the sponsor (one accepts, the other signs off).
   */
  private void requireClientContact(String clientContact, String projectManager, String requester, String sponsor) {
    if (!directory.userExists(clientContact)) {
      throw new InvalidRequestException("clientContact", "is not a known user");
    }
    if (accountLocks.isLocked(clientContact)) {
      throw new InvalidRequestException("clientContact", "is locked (the person left) and cannot accept deliverables");
    }
    if (clientContact.equals(projectManager) || clientContact.equals(requester)) {
      throw new InvalidRequestException("clientContact", "must be another person than the project manager and "
          + "the requester: the client accepts the deliverables");
    }
    if (clientContact.equals(sponsor)) {
      throw new InvalidRequestException("clientContact",
          "must be another person than the sponsor: one accepts the deliverables, the other signs off");
    }
  }

  /**
   * Four eyes: the closure's requester and its project manager accept no deliverable and decide no sign-off of it,
   * neither themselves nor standing in for the client contact or the sponsor.
   */
  private static void requireSecondPerson(ProjectClosure closure, String by, String actingFor, String what) {
    for (String person : actingFor == null ? List.of(by) : List.of(by, actingFor)) {
      if (person.equals(closure.getRequestedBy()) || person.equals(closure.getProjectManager())) {
        throw new ForbiddenException(person + " may not " + what + " (" + closure.getKey() + "): they "
            + (person.equals(closure.getRequestedBy()) ? "requested the closure" : "are its project manager"));
      }
    }
  }

  /** The audit details: "incman acting for manager: text" when a delegate acted, else the text as it is. */
  private static String actingFor(String by, String actingFor, String text) {
    if (actingFor == null) {
      return text;
    }
    return by + " acting for " + actingFor + (text == null || text.isBlank() ? "" : ": " + text.strip());
  }

  public void addressRefusal(String key, String response, String by) {
    byKey(key).addressRefusal(response);
    audit.record(AuditEvent.of(by, "SIGN_OFF_REFUSAL_ADDRESSED", SUBJECT_TYPE, key, response));
  }

  /** The sign-off is overdue: managers may now sign off too. */
  public void escalateSignOff(String key) {
    if (byKey(key).escalateSignOff(clock.instant())) {
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "ESCALATED", SUBJECT_TYPE, key,
          "Sign-off overdue: escalated to " + Groups.MANAGERS));
      events.publishEvent(SlaBreached.in(ProjectClosureService.class, null, "sign-off", 1));
    }
  }

  public void recordLessons(String key, String wentWell, String toImprove, String recommendations, String by) {
    byKey(key).recordLessons(wentWell, toImprove, recommendations, by, clock.instant());
    audit.record(AuditEvent.of(by, "LESSONS_RECORDED", SUBJECT_TYPE, key, null));
  }

  @Transactional(readOnly = true)
  public FinanceFigures finances(String key) {
    return new FinanceFigures(byKey(key).getBudget(), properties.varianceThresholdPercent());
  }

  /** Finance enters the actual cost; the variance is computed from it now (explained above the threshold). */
  public void closeFinances(String key, BigDecimal actualCost, String varianceExplanation, String by) {
    ProjectClosure c = byKey(key);
    c.closeFinances(actualCost, varianceExplanation, properties.varianceThresholdPercent(), by, clock.instant());
    audit.record(AuditEvent.of(by, "FINANCES_CLOSED", SUBJECT_TYPE, key, "Budget " + c.getBudget().toPlainString()
        + ", actual " + c.getActualCost().toPlainString() + ", variance " + c.variance().toPlainString()
        + c.variancePercent().map(p -> " (" + p.toPlainString() + " %)").orElse("")));
  }

  /** What releasing the resources will revoke: the project's open access grants and requests, for the form. */
  @Transactional(readOnly = true)
  public List<String> accessToRelease(String key) {
    return accessRequests.openProjectAccess(byKey(key).getProjectCode());
  }

  /**
   * Releases the project's resources, the project manager's job alone (or their delegate's, {@code actingFor} naming
   * the manager; 403 for anyone else): the confirmations are checked first (nothing is revoked for a refused form),
   * then every access grant made for the project is revoked through the access SOP, in this transaction, and the
   * closure lists what was released. Returns the keys of the released grants.
   */
  public List<String> releaseResources(String key, boolean accountsClosed, boolean environmentsDecommissioned,
      boolean teamReleased, String note, String by, String actingFor) {
    ProjectClosure closure = byKey(key);
    String onBehalfOf = actingFor == null ? by : actingFor;
    // Releasing revokes every access grant made for the project, which the access SOP lets no project manager do
    // otherwise: the project's own manager attests and releases (or their delegate), not any member of
    // project-managers, nor anyone an admin gave the task to, the admin included (403).
    if (!onBehalfOf.equals(closure.getProjectManager())) {
      throw new ForbiddenException(by + " may not release the resources of " + key + ": only its project manager "
          + closure.getProjectManager() + " (or the project manager's delegate) may");
    }
    closure.releaseResources(accountsClosed, environmentsDecommissioned, teamReleased, note, by, clock.instant());
    List<String> released = accessRequests.releaseProjectAccess(closure.getProjectCode(), by, key);
    closure.recordReleasedAccess(released);
    audit.record(new AuditEvent(by, actingFor, "RESOURCES_RELEASED", SUBJECT_TYPE, key,
        actingFor(by, actingFor, (note == null || note.isBlank() ? "" : note.strip() + "; ") + "access released: "
            + (released.isEmpty() ? "none" : String.join(", ", released)))));
    return released;
  }

  /** Renders and stores the closure report; returns when the post-implementation review is due. */
  public Instant generateReport(String key) {
    ProjectClosure closure = byKey(key);
    Instant now = clock.instant();
    List<ClosureTimeline.Entry> steps = closure.getProcessInstanceId() == null
        ? List.of() : timeline.of(closure.getProcessInstanceId());
    String html = ClosureReport.render(closure, steps, properties.varianceThresholdPercent(), now);
    Instant reviewDue = now.plus(properties.reviewAfter());
    closure.attachReport(html, now, reviewDue);
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "CLOSED", SUBJECT_TYPE, key,
        "Closure report generated; post-implementation review due " + reviewDue));
    return reviewDue;
  }

  public void completeReview(String key, String findings, String by) {
    byKey(key).completeReview(findings, by, clock.instant());
    audit.record(AuditEvent.of(by, "REVIEWED", SUBJECT_TYPE, key, findings));
  }

  // --- notifications -----------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(ProjectClosure.KEY_PREFIX);
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Object> model(String reference) {
    Map<String, Object> model = new HashMap<>();
    byNumber.find(ProjectClosure.class, reference).ifPresent(c -> {
      model.put("title", c.getName());
      model.put("name", c.getName());
      model.put("projectCode", c.getProjectCode());
      model.put("projectManager", c.getProjectManager());
      model.put("sponsor", c.getSponsor());
      model.put("status", c.getStatus().name());
      model.put("deliverableCount", c.getDeliverables().size());
      model.put("budget", ClosureReport.money(c.getBudget()));
      model.put("actualCost", ClosureReport.money(c.getActualCost()));
      model.put("variance", ClosureReport.money(c.variance()));
      model.put("variancePercent", c.variancePercent().map(p -> p.toPlainString() + " %").orElse("n/a"));
      model.put("clientContact", c.getClientContact() == null ? "" : c.getClientContact());
      model.put("releasedAccess", c.getReleasedAccess().isEmpty() ? "none" : String.join(", ", c.getReleasedAccess()));
      model.put("lastRefusalReason", c.getLastRefusalReason() == null ? "" : c.getLastRefusalReason());
      model.put("reviewDueAt", c.getReviewDueAt() == null ? "" : c.getReviewDueAt().toString());
      model.put("recordPath", "/api/project-closures/" + c.getKey());
      model.put("reportPath", "/api/project-closures/" + c.getKey() + "/report");
    });
    return model;
  }

  // --- helpers -----------------------------------------------------------------------------------------------------

  private ProjectClosure byKey(String key) {
    return byNumber.find(ProjectClosure.class, key)
        .orElseThrow(() -> new RecordNotFoundException("Project closure", key));
  }

  private ProjectClosure visible(String key) {
    ProjectClosure closure = byKey(key);
    return visibility.require(closure, "Project closure", key, WORKING_GROUPS, closure.getProjectManager(),
        closure.getSponsor(), closure.getClientContact());
  }
}
