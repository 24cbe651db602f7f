package io.sopflow.release;

import static io.sopflow.notification.NotificationModelContributor.lazy;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import io.sopflow.domain.UnprocessableRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.persistence.RecordLocks;
import io.sopflow.sla.SlaBreached;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The release SOP's public face: requests releases, records the release managers' decisions, runs deploys, smoke
 * checks and rollbacks through the configured adapters and keeps the deployment log. Every decision is audited.
 */
@Service
@Transactional
public class ReleaseService implements NotificationModelContributor {

  static final String SUBJECT = "Release";
  static final String KEY_PREFIX = "REL-";
  /** The group that works on releases and sees them all (besides the overseers of {@link RecordVisibility}). */
  static final Set<String> WORKING_GROUPS = Set.of(Groups.RELEASE_MANAGERS);
  private static final Set<String> MAY_REQUEST = Set.of(Groups.RELEASE_MANAGERS, Groups.ADMINS);

  /** How a deploy ended. */
  public enum DeployOutcome { DEPLOYED, FAILED, WINDOW_CLOSED, CHANGE_ENDED }

  /** How the start of a deployment ended: started (DEPLOYING), or not, as the window closed or the change ended. */
  public enum StartOutcome { STARTED, WINDOW_CLOSED, CHANGE_ENDED }

  /** The states before the deployment starts, in which a release whose change ended is cancelled. */
  private static final List<ReleaseStatus> AWAITING_DEPLOYMENT = List.of(ReleaseStatus.AWAITING_GO,
      ReleaseStatus.SCHEDULED, ReleaseStatus.WINDOW_MISSED);

  /** How the automatic smoke checks ended, and whether a person must verify as well. */
  public record SmokeTestOutcome(boolean passed, boolean manualVerification) {}

  private final ReleaseRepository releases;
  private final ReleaseProperties properties;
  private final Map<ReleaseProperties.AdapterType, DeploymentAdapter> adapters;
  private final SmokeChecker smokeChecker;
  private final ChangeLookup changes;
  private final RecordLocks recordLocks;
  private final AuditTrail audit;
  private final CurrentUser currentUser;
  private final Directory directory;
  private final RecordVisibility visibility;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  ReleaseService(ReleaseRepository releases, ReleaseProperties properties, List<DeploymentAdapter> adapters,
      SmokeChecker smokeChecker, ChangeLookup changes, RecordLocks recordLocks, AuditTrail audit,
      CurrentUser currentUser, Directory directory, RecordVisibility visibility, ApplicationEventPublisher events,
      Clock clock) {
    this.releases = releases;
    this.properties = properties;
    this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(DeploymentAdapter::type, Function.identity()));
    this.smokeChecker = smokeChecker;
    this.changes = changes;
    this.recordLocks = recordLocks;
    this.audit = audit;
    this.currentUser = currentUser;
    this.directory = directory;
    this.visibility = visibility;
    this.events = events;
    this.clock = clock;
  }

  // ---- API -------------------------------------------------------------------------------------------------------

  /**
   * Requests a release: only release managers (and admins) may, through {@code POST /api/releases} and Tasklist's start
   * form alike. The environment must be configured (400) and have a deployment adapter (422): nothing pretends to
   * deploy. The change must be known and approved (422).
   */
  public ReleaseView request(NewRelease request) {
    String user = currentUser.require();
    Instant now = clock.instant();
    // Who may ask is checked before anything about the change or the configuration is said.
    if (currentUser.groups().stream().noneMatch(MAY_REQUEST::contains)) {
      throw new ForbiddenException("Only release managers may request a release");
    }
    if (!DeploymentTarget.VERSION_PATTERN.matcher(request.version()).matches()) {
      throw new InvalidRequestException("version", "must match " + DeploymentTarget.VERSION_REGEX);
    }
    if (!properties.isConfigured(request.environment())) {
      throw new InvalidRequestException("environment", "is not a configured environment; known: "
          + String.join(", ", properties.environments().keySet()));
    }
    if (!properties.isDeployable(request.environment())) {
      throw new UnprocessableRequestException("environment", "environment " + request.environment()
          + " has no deployment adapter configured (sopflow.release.environments." + request.environment()
          + ".adapter): nothing could deploy the release");
    }
    Instant windowStart = request.windowStart().toInstant();
    Instant windowEnd = request.windowEnd().toInstant();
    if (!windowEnd.isAfter(windowStart)) {
      throw new InvalidRequestException("windowEnd", "must be after windowStart");
    }
    if (!windowEnd.isAfter(now)) {
      throw new InvalidRequestException("windowEnd", "must be in the future");
    }
    ChangeLookup.LinkedChange change = changes.find(request.changeNumber())
        .orElseThrow(() -> new UnprocessableRequestException("changeNumber", "is not a known change"));
    if (!change.approved()) {
      throw new UnprocessableRequestException("changeNumber", "change " + change.number() + " is not approved");
    }
    Release release = releases.save(new Release(request.name().strip(), request.version(), request.environment(),
        change.number(), windowStart, windowEnd, request.rollbackPlan().strip(), user, change.implementer(), now));
    release.assignKey();
    audit.record(AuditEvent.of(user, "REQUESTED", SUBJECT, release.getReleaseKey(), request.version() + " to "
        + request.environment() + " for " + change.number() + ", window " + windowStart + " - " + windowEnd));
    events.publishEvent(new ReleaseRequested(release.getId(), release.getReleaseKey(), release.getChangeNumber(),
        windowStart, windowEnd, user, change.implementer()));
    return ReleaseView.of(release, true);
  }

  /** The release, if the caller may see it (its requester, its implementer, release managers, overseers); else 404. */
  @Transactional(readOnly = true)
  public ReleaseView find(String key) {
    Release release = releases.findByReleaseKey(key)
        .orElseThrow(() -> new RecordNotFoundException(SUBJECT, key));
    visibility.require(release, SUBJECT, key, WORKING_GROUPS, release.getRequestedBy(), release.getImplementer());
    return ReleaseView.of(release, true);
  }

  /** The releases the caller may see, newest first, filtered by status and environment (null = any). */
  @Transactional(readOnly = true)
  public RecordPage<ReleaseView> list(PageQuery query, ReleaseStatus status, String environment) {
    Specification<Release> spec = visibility.<Release>visibleRecords(WORKING_GROUPS, "requestedBy", "implementer");
    if (status != null) {
      spec = spec.and((root, q, cb) -> cb.equal(root.get("status"), status));
    }
    if (environment != null && !environment.isBlank()) {
      String env = environment.strip();
      spec = spec.and((root, q, cb) -> cb.equal(root.get("environment"), env));
    }
    Page<Release> page = releases.findAll(spec,
        PageRequest.of(query.page(), query.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(query, page.getContent(), page.getTotalElements(), r -> ReleaseView.of(r, false));
  }

  /**
   * What a task's form shows about the release (name, version, environment, window, rollback plan). For the process:
   * who may see the task is Camunda's authorization, so no record visibility applies here.
   */
  @Transactional(readOnly = true)
  public ReleaseView forTask(String key) {
    return ReleaseView.of(get(key), false);
  }

  // ---- process -----------------------------------------------------------------------------------------------------

  /** Whether the GO of this release needs a release manager other than its requester. */
  @Transactional(readOnly = true)
  public boolean requiresFourEyes(String key) {
    return properties.requiresFourEyes(get(key).getEnvironment());
  }

  /** Whether the GO of this release needs a test report reference. */
  @Transactional(readOnly = true)
  public boolean requiresEvidence(String key) {
    return properties.isProduction(get(key).getEnvironment());
  }

  public void attachProcessInstance(Long id, String processInstanceId) {
    releases.findById(id).orElseThrow(() -> new IllegalStateException("No release " + id))
        .attachProcessInstance(processInstanceId);
  }

  /**
   * Records the go/no-go decision, a release manager's either way (403 for anyone else, first). A GO needs, checked
   * in this order, the full checklist (400); for production a test report reference (400 naming
   * {@code testReportReference}); a change that is still approved (422 naming {@code changeNumber}); and under
   * four-eyes ({@code sopflow.release.four-eyes}, default on for production) a release manager other than the
   * requester (403, the release's own rule). The approver and the evidence are recorded on the release and in the
   * audit trail. A NO_GO needs a reason; any release manager may stop a release.
   */
  public void recordGoDecision(String key, GoDecision decision) {
    Release release = get(key);
    // Whoever the task reached (an admin can give it to anyone): admins, and managers (told of an overdue GO, never
    // offered it), are not release managers.
    directory.requireMemberOfAny(decision.decidedBy(), WORKING_GROUPS, "decide the go/no-go of " + key);
    Instant now = clock.instant();
    if (decision.go()) {
      if (!decision.checklistComplete()) {
        throw new InvalidRequestException("goDecision", "a GO needs every checklist item checked");
      }
      boolean fourEyes = properties.requiresFourEyes(release.getEnvironment());
      if (properties.isProduction(release.getEnvironment()) && blank(decision.testReportReference())) {
        throw new InvalidRequestException("testReportReference", "a GO for production needs a test report reference");
      }
      requireChangeAwaitingImplementation(release);
      release.decideGo(decision.decidedBy(), now, decision.reason(), decision.testReportReference(),
          decision.evidenceNotes(), fourEyes);
      audit.record(AuditEvent.of(decision.decidedBy(), "GO", SUBJECT, key, "approved by " + decision.decidedBy()
          + " (requested by " + release.getRequestedBy() + (fourEyes ? "; four-eyes" : "") + "); test report: "
          + orNone(release.getTestReportReference()) + "; evidence: " + orNone(release.getEvidenceNotes())
          + (blank(decision.reason()) ? "" : "; reason: " + decision.reason())));
    } else {
      if (decision.reason() == null || decision.reason().isBlank()) {
        throw new InvalidRequestException("decisionReason", "a NO_GO needs a reason");
      }
      release.decideNoGo(decision.decidedBy(), now, decision.reason());
      audit.record(AuditEvent.of(decision.decidedBy(), "NO_GO", SUBJECT, key, decision.reason()));
      changes.recordOutcome(release.getChangeNumber(), key, ReleaseStatus.CANCELLED.name());
    }
  }

  /**
   * The go/no-go decision is overdue (its SLA escalated, or the window opens): recorded in the release's audit trail.
   * Nobody decided, so nothing is decided: the release stays AWAITING_GO and the task stays open. Returns false when
   * the release is no longer waiting for the decision (nothing recorded).
   */
  public boolean recordGoDecisionOverdue(String key) {
    Release release = get(key);
    if (release.getStatus() != ReleaseStatus.AWAITING_GO) {
      return false;
    }
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "GO_DECISION_OVERDUE", SUBJECT, key,
        "No go/no-go decision yet; window opens " + release.getWindowStart() + "; escalated to release managers"
            + " and managers"));
    events.publishEvent(SlaBreached.in(ReleaseService.class, null, "go-decision", 1));
    return true;
  }

  /**
   * The window opened: the release starts its deployment (DEPLOYING) if its change still awaits its implementation and
   * its window is still open. A change that ended cancels the release instead (as {@link #cancelForEndedChange} does).
   * The release is held (row lock) from here to the commit, so a change that ends at the same moment either finds it
   * DEPLOYING and leaves it to finish, or has cancelled it before this reads it. The model commits this before
   * anything is deployed ("Start deployment", then the save point of "Deploy release").
   */
  public StartOutcome startDeployment(String key) {
    Release release = recordLocks.holdExclusive(get(key));
    Optional<String> endedChange = endedChangeStatus(release);
    if (endedChange.isPresent()) {
      cancel(release, endedChange.get());
      return StartOutcome.CHANGE_ENDED;
    }
    Instant now = clock.instant();
    if (!release.isWindowOpenAt(now)) {
      return StartOutcome.WINDOW_CLOSED;
    }
    release.startDeployment(now);
    return StartOutcome.STARTED;
  }

  /**
   * Deploys through the environment's adapter; a failed deploy is an outcome (the process rolls back). A retry that
   * comes after the window closed deploys nothing (WINDOW_CLOSED). A release still SCHEDULED belongs to an instance of
   * a model before "Start deployment" (release model 1.3.0 and earlier), which comes here straight from its window: it
   * starts its deployment here first, by the same rule, and holds the release while its command runs.
   */
  public DeployOutcome deploy(String key) {
    Release release = get(key);
    if (release.getStatus() == ReleaseStatus.SCHEDULED) {
      switch (startDeployment(key)) {
        case CHANGE_ENDED -> {
          return DeployOutcome.CHANGE_ENDED;
        }
        case WINDOW_CLOSED -> {
          return DeployOutcome.WINDOW_CLOSED;
        }
        case STARTED -> { }
      }
    }
    if (!release.isWindowOpenAt(clock.instant())) {
      return DeployOutcome.WINDOW_CLOSED;
    }
    DeploymentTarget target = targetOf(release);
    StepResult step = adapterFor(target).deploy(target);
    release.addLogEntry(step, clock.instant());
    if (step.succeeded()) {
      release.deployed();
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "DEPLOYED", SUBJECT, key, describe(step)));
      return DeployOutcome.DEPLOYED;
    }
    release.fail("Deploy failed: " + describe(step));
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "DEPLOY_FAILED", SUBJECT, key, describe(step)));
    return DeployOutcome.FAILED;
  }

  /**
   * The change ended (its implementation succeeded or failed, or it was rejected): every release of it that has not
   * started deploying (awaiting its GO, its window or a new window) is cancelled, audited by the system with the
   * change's status, and the change notes it. Each is held (row lock) before it is decided on, so one starting its
   * deployment at this moment is either found DEPLOYING and left alone, or cancelled before it starts. Returns the keys
   * of the releases cancelled, whose process instances must end. Nothing is cancelled while the change still awaits its
   * implementation.
   */
  public List<String> cancelForEndedChange(String changeNumber) {
    List<String> cancelled = new ArrayList<>();
    for (Release release : releases.findByChangeNumberAndStatusIn(changeNumber, AWAITING_DEPLOYMENT)) {
      Release held = recordLocks.holdExclusive(release);
      Optional<String> endedChange = endedChangeStatus(held);
      if (held.isAwaitingDeployment() && endedChange.isPresent()) {
        cancel(held, endedChange.get());
        cancelled.add(held.getReleaseKey());
      }
    }
    return cancelled;
  }

  /** Runs the environment's smoke checks (none configured = passed). */
  public SmokeTestOutcome runSmokeTests(String key) {
    Release release = get(key);
    ReleaseProperties.Environment settings = properties.environment(release.getEnvironment());
    SmokeChecker.Outcome outcome = smokeChecker.run(settings.smokeChecks());
    for (StepResult attempt : outcome.attempts()) {
      release.addLogEntry(attempt, clock.instant());
    }
    if (outcome.passed()) {
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "SMOKE_TEST_PASSED", SUBJECT, key,
          settings.smokeChecks().size() + " check(s) passed"));
      return new SmokeTestOutcome(true, settings.manualVerification());
    }
    StepResult failed = outcome.attempts().get(outcome.attempts().size() - 1);
    release.fail("Smoke test failed: " + describe(failed));
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "SMOKE_TEST_FAILED", SUBJECT, key, describe(failed)));
    return new SmokeTestOutcome(false, settings.manualVerification());
  }

  /** Rolls back through the adapter. Returns false if the rollback failed (people must recover by hand). */
  public boolean rollBack(String key) {
    Release release = get(key);
    DeploymentTarget target = targetOf(release);
    StepResult step = adapterFor(target).rollback(target);
    release.addLogEntry(step, clock.instant());
    if (step.succeeded()) {
      release.rolledBack(clock.instant());
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "ROLLED_BACK", SUBJECT, key, describe(step)));
      changes.recordOutcome(release.getChangeNumber(), key, ReleaseStatus.ROLLED_BACK.name());
      return true;
    }
    release.rollbackFailed();
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "ROLLBACK_FAILED", SUBJECT, key, describe(step)));
    changes.recordOutcome(release.getChangeNumber(), key, ReleaseStatus.ROLLBACK_FAILED.name());
    return false;
  }

  public void markWindowMissed(String key) {
    Release release = get(key);
    release.missWindow(clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "WINDOW_MISSED", SUBJECT, key, release.getOutcome()));
  }

  /**
   * A new window after a missed one; the process waits for it again. Only while the change still awaits its
   * implementation, as for the GO (422 naming {@code changeNumber}): otherwise the release can only be cancelled.
   */
  public void reschedule(String key, String by, Instant windowStart, Instant windowEnd, String reason) {
    Release release = get(key);
    requireChangeAwaitingImplementation(release);
    release.reschedule(windowStart, windowEnd, clock.instant());
    audit.record(AuditEvent.of(by, "RESCHEDULED", SUBJECT, key,
        windowStart + " - " + windowEnd + (reason == null || reason.isBlank() ? "" : ": " + reason)));
  }

  public void cancelAfterMissedWindow(String key, String by, String reason) {
    Release release = get(key);
    release.cancel(by, clock.instant(), reason);
    audit.record(AuditEvent.of(by, "CANCELLED", SUBJECT, key, reason));
    changes.recordOutcome(release.getChangeNumber(), key, ReleaseStatus.CANCELLED.name());
  }

  /** The optional manual check after the automatic smoke checks. A failure rolls the release back. */
  public void recordManualVerification(String key, String by, boolean passed, String notes) {
    Release release = get(key);
    if (passed) {
      audit.record(AuditEvent.of(by, "SMOKE_TEST_VERIFIED", SUBJECT, key, notes));
    } else {
      release.fail("Manual smoke test failed (" + by + "): " + notes);
      audit.record(AuditEvent.of(by, "SMOKE_TEST_REJECTED", SUBJECT, key, notes));
    }
  }

  /** The verification in the target environment: closes the release as DEPLOYED, or sends it to rollback. */
  public void recordProductionVerification(String key, String by, boolean passed, String notes) {
    Release release = get(key);
    if (passed) {
      release.confirmDeployed(by, clock.instant(), notes);
      audit.record(AuditEvent.of(by, "CLOSED", SUBJECT, key, release.getOutcome()));
      changes.recordOutcome(release.getChangeNumber(), key, ReleaseStatus.DEPLOYED.name());
    } else {
      release.fail("Verification failed (" + by + "): " + notes);
      audit.record(AuditEvent.of(by, "VERIFICATION_FAILED", SUBJECT, key, notes));
    }
  }

  /** A person restored the environment after a failed rollback. */
  public void recordRecovery(String key, String by, String notes) {
    Release release = get(key);
    release.recovered(by, clock.instant(), notes);
    audit.record(AuditEvent.of(by, "RECOVERED", SUBJECT, key, notes));
    changes.recordOutcome(release.getChangeNumber(), key, ReleaseStatus.ROLLED_BACK.name());
  }

  // ---- notifications ---------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(KEY_PREFIX);
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Object> model(String reference) {
    return releases.findByReleaseKey(reference).map(r -> {
      Map<String, Object> model = new HashMap<>();
      model.put("title", r.getName() + " " + r.getReleaseVersion());
      model.put("releaseName", r.getName());
      model.put("version", r.getReleaseVersion());
      model.put("environment", r.getEnvironment());
      model.put("changeNumber", r.getChangeNumber());
      model.put("status", r.getStatus().name());
      model.put("windowStart", r.getWindowStart());
      model.put("windowEnd", r.getWindowEnd());
      model.put("rollbackPlan", r.getRollbackPlan());
      model.put("requestedBy", r.getRequestedBy());
      model.put("implementer", r.getImplementer() == null ? "" : r.getImplementer());
      model.put("decidedBy", r.getDecidedBy() == null ? "" : r.getDecidedBy());
      model.put("testReportReference", r.getTestReportReference() == null ? "none" : r.getTestReportReference());
      model.put("goRequirements", (properties.requiresFourEyes(r.getEnvironment())
          ? "four-eyes: a release manager other than " + r.getRequestedBy() + " gives the GO" : "any release manager")
          + (properties.isProduction(r.getEnvironment()) ? "; a test report reference is required" : ""));
      model.put("failureReason", r.getFailureReason() == null ? "" : r.getFailureReason());
      model.put("outcome", r.getOutcome() == null ? "" : r.getOutcome());
      model.put("log", lazy(() -> r.getLog().stream().map(e -> e.getSeq() + ". " + e.getRecordedAt() + " "
          + e.getAction() + " " + e.getResult() + " (" + e.getAdapter() + " " + e.getTarget() + ")")
          .collect(Collectors.joining("\n"))));
      return model;
    }).orElseGet(Map::of);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  /**
   * The one rule of every step before the deployment (the GO, a new window, the start of the deployment, the end of
   * the change): the release's change must still await its implementation. Empty if it does; else where the change
   * stands (its status, or "unknown" if there is none).
   */
  private Optional<String> endedChangeStatus(Release release) {
    Optional<ChangeLookup.LinkedChange> change = changes.find(release.getChangeNumber());
    if (change.isPresent() && change.get().approved()) {
      return Optional.empty();
    }
    return Optional.of(change.map(ChangeLookup.LinkedChange::status).orElse("unknown"));
  }

  /** A decision that needs the change to await its implementation is refused (422) once it no longer does. */
  private void requireChangeAwaitingImplementation(Release release) {
    Optional<String> endedChange = endedChangeStatus(release);
    if (endedChange.isPresent()) {
      throw new UnprocessableRequestException("changeNumber", "change " + release.getChangeNumber()
          + " is no longer approved (" + endedChange.get() + "): the release can only be cancelled");
    }
  }

  /** Cancels a release whose change ended: audited by the system, and noted on the change. */
  private void cancel(Release release, String changeStatus) {
    release.cancelForEndedChange(changeStatus, clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "CANCELLED", SUBJECT, release.getReleaseKey(),
        release.getOutcome()));
    changes.recordOutcome(release.getChangeNumber(), release.getReleaseKey(), ReleaseStatus.CANCELLED.name());
  }

  private Release get(String key) {
    return releases.findByReleaseKey(key).orElseThrow(() -> new IllegalStateException("No release " + key));
  }

  private DeploymentTarget targetOf(Release release) {
    return new DeploymentTarget(release.getReleaseKey(), release.getEnvironment(), release.getReleaseVersion(),
        properties.environment(release.getEnvironment()));
  }

  private DeploymentAdapter adapterFor(DeploymentTarget target) {
    DeploymentAdapter adapter = adapters.get(target.settings().adapter());
    if (adapter == null) {
      throw new IllegalStateException("No deployment adapter of type " + target.settings().adapter());
    }
    return adapter;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String orNone(String s) {
    return blank(s) ? "none" : s;
  }

  private static String describe(StepResult step) {
    String code = step.exitCode() != null ? "exit " + step.exitCode()
        : step.httpStatus() != null ? "HTTP " + step.httpStatus() : step.result().name();
    return step.action() + " via " + step.adapter() + " " + step.result() + " (" + code + ")";
  }
}
