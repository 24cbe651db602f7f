package io.sopflow.access;

import io.sopflow.access.AccessEvents.AccessDecided;
import io.sopflow.access.AccessEvents.AccessRequested;
import io.sopflow.access.AccessEvents.CancellationRequested;
import io.sopflow.access.AccessEvents.RevocationRequested;
import io.sopflow.access.AccessProcessData.GrantSchedule;
import io.sopflow.access.AccessProcessData.Provisioning;
import io.sopflow.access.AccessProcessData.SodCheck;
import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.Links;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.domain.DomainException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.persistence.RecordLocks;
import io.sopflow.sla.SlaBreached;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access provisioning: requests, their approvals, the grants they create and the revocation of those grants. The
 * public face of the feature for the REST API and for the process's delegates. Every step is recorded on the request
 * and in the audit trail, in the transaction that makes it.
 */
@Service
@Transactional
public class AccessRequestService implements NotificationModelContributor {

  static final String SUBJECT_TYPE = "AccessRequest";
  static final String KEY_PREFIX = "ACC-";
  /** Recorded as {@code onBehalfOf} of what a leaver request does to the leaver's records. */
  static final String LEAVER_PROCESS = "leaver-process";
  /** The SLA step of the line manager's approval ({@code sopflow.sla.access.line-manager-approval.*}). */
  static final String LINE_MANAGER_APPROVAL_STEP = "line-manager-approval";
  /** The SLA step ({@code sopflow.sla.access.<step>.*}) of each status that waits for an approval. */
  private static final Map<AccessRequestStatus, String> SLA_STEPS = Map.of(
      AccessRequestStatus.SOD_REVIEW, "sod-review",
      AccessRequestStatus.MANAGER_APPROVAL, LINE_MANAGER_APPROVAL_STEP,
      AccessRequestStatus.OWNER_APPROVAL, "resource-owner-approval");
  private static final Set<AccessRequestStatus> HOLDING = EnumSet.of(AccessRequestStatus.ACTIVE,
      AccessRequestStatus.REVOCATION_REQUESTED);
  /**
   * A request that holds its right or may still come to: what a second request for the same right is refused for, and
   * what a request for a conflicting right counts as held (segregation of duties).
   */
  private static final Set<AccessRequestStatus> OPEN = EnumSet.of(AccessRequestStatus.SUBMITTED,
      AccessRequestStatus.SOD_REVIEW, AccessRequestStatus.MANAGER_APPROVAL, AccessRequestStatus.OWNER_APPROVAL,
      AccessRequestStatus.PROVISIONING, AccessRequestStatus.ACTIVE, AccessRequestStatus.REVOCATION_REQUESTED);
  /** The group that works on every access request; each request's resource owner group works on that request. */
  static final Set<String> WORKING_GROUPS = Set.of(Groups.SECURITY_OFFICERS);
  private static final Set<AccessRequestStatus> PENDING = EnumSet.allOf(AccessRequestStatus.class).stream()
      .filter(AccessRequestStatus::awaitsApproval)
      .collect(Collectors.toCollection(() -> EnumSet.noneOf(AccessRequestStatus.class)));

  private final AccessRequestRepository requests;
  private final AccessCatalogue catalogue;
  private final AccessConnectors connectors;
  private final AccountLocks accountLocks;
  private final BeneficiaryLocks beneficiaryLocks;
  private final RecordLocks recordLocks;
  private final AccessProperties properties;
  private final Directory directory;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final AuditTrail auditTrail;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Links links;

  AccessRequestService(AccessRequestRepository requests, AccessCatalogue catalogue, AccessConnectors connectors,
      AccountLocks accountLocks, BeneficiaryLocks beneficiaryLocks, RecordLocks recordLocks,
      AccessProperties properties, Directory directory, CurrentUser currentUser, RecordVisibility visibility,
      AuditTrail auditTrail, ApplicationEventPublisher events, Clock clock, Links links) {
    this.requests = requests;
    this.catalogue = catalogue;
    this.connectors = connectors;
    this.accountLocks = accountLocks;
    this.beneficiaryLocks = beneficiaryLocks;
    this.recordLocks = recordLocks;
    this.properties = properties;
    this.directory = directory;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.auditTrail = auditTrail;
    this.events = events;
    this.clock = clock;
    this.links = links;
  }

  // ---------------------------------------------------------------- API

  /** Saves the request and starts its process (same transaction); the requester is the caller. */
  public AccessRequestView submit(AccessRequestInput input) {
    return submitFor(currentUser.require(), input);
  }

  /**
   * Saves a request raised for {@code requester} by another SOP (a service request for VPN access, say), with the
   * same rules as {@link #submit}; it may run in a background job, where nobody is signed in. Refused: a beneficiary
   * whose account is locked (400 naming {@code beneficiary}: they left, or a security incident contains the
   * account), and a right the beneficiary holds already or has an open request for (409 naming {@code resource}: a
   * second grant of one right would take it away at its end while the other still shows it). The beneficiary's
   * requests are decided one after the other ({@link BeneficiaryLocks}), so two requests at once cannot both pass.
   */
  public AccessRequestView submitFor(String requester, AccessRequestInput input) {
    Instant now = clock.instant();
    AccessResource resource = requireSubmittable(input, now);
    Instant requestedUntil = input.validUntil() == null ? null : input.validUntil().toInstant();
    Instant effectiveUntil = effectiveValidUntil(requestedUntil, resource, now);
    // Checked before the lock (requireSubmittable), so that a refusal leaves nothing behind (not even the person's
    // lock row), and again holding it: a request for the same person that committed while this one waited counts.
    beneficiaryLocks.hold(input.beneficiary());
    refuseSecondRequest(input.beneficiary(), resource);
    AccessRequest request = requests.save(new AccessRequest(input.beneficiary(), requester, resource,
        input.justification(), requestedUntil, effectiveUntil,
        input.project() == null || input.project().isBlank() ? null : input.project(), now));
    request.assignKey();
    auditTrail.record(AuditEvent.of(requester, "REQUESTED", SUBJECT_TYPE, request.getRequestKey(),
        "beneficiary=" + request.getBeneficiary() + ", resource=" + request.getResourceKey() + ", validUntil="
            + request.validUntil().map(Object::toString).orElse("until revoked")));
    events.publishEvent(new AccessRequested(request.getId(), request.getRequestKey()));
    return AccessRequestView.of(request);
  }

  /**
   * {@link #submitFor} for an SOP that asks for the access in a background step of its own (a service request for VPN
   * access, in its asynchronous "Request access"), where the situation may have changed since its own request was
   * made: what {@code submitFor} refuses before it stores anything (a locked or unknown beneficiary, a right held or
   * asked for already, a resource gone from the catalogue, a passed {@code validUntil}) is returned as the refusal, not
   * thrown, so that the caller ends its own record refused in this transaction (a refusal thrown out of this
   * transactional service would mark the whole transaction for rollback). Whatever else fails (the database, a
   * connector, a second request committed while this one waited for the beneficiary's lock) is thrown as before: the
   * step is retried, and a retry meets that second request as a refusal.
   */
  public Submission submitForOrRefuse(String requester, AccessRequestInput input) {
    try {
      requireSubmittable(input, clock.instant());
    } catch (DomainException refused) {
      return Submission.refused(refused.field() == null ? refused.getMessage()
          : refused.field() + ": " + refused.getMessage());
    }
    return Submission.submitted(submitFor(requester, input).key());
  }

  /** What {@link #submitForOrRefuse} did: the access request's key, or why the access SOP refused it (none stored). */
  public record Submission(String key, String refusal) {

    static Submission submitted(String key) {
      return new Submission(Objects.requireNonNull(key), null);
    }

    static Submission refused(String refusal) {
      return new Submission(null, Objects.requireNonNull(refusal));
    }

    public boolean isRefused() {
      return refusal != null;
    }
  }

  /**
   * The rules of {@link #submitFor} that refuse a request before anything is stored (400 naming the field; 409 naming
   * {@code resource} for a right held or asked for already); returns the requested resource.
   */
  private AccessResource requireSubmittable(AccessRequestInput input, Instant now) {
    if (!directory.userExists(input.beneficiary())) {
      throw new InvalidRequestException("beneficiary", "is not a known user");
    }
    requireUnlocked(input.beneficiary());
    AccessResource resource = catalogue.find(input.resource())
        .orElseThrow(() -> new InvalidRequestException("resource", "is not a resource of the access catalogue"));
    if (input.justification() == null || input.justification().isBlank()) {
      throw new InvalidRequestException("justification", "must not be blank");
    }
    if (input.validUntil() != null && !input.validUntil().toInstant().isAfter(now)) {
      throw new InvalidRequestException("validUntil", "must be in the future");
    }
    refuseSecondRequest(input.beneficiary(), resource);
    return resource;
  }

  /**
   * Refuses, as {@link #submitFor} would, a request for {@code resourceKey} that {@code beneficiary} cannot make now:
   * their account is locked (400 naming {@code beneficiary}), or they hold the right or asked for it already
   * ({@link AccessAlreadyRequestedException}). For an SOP that asks for the access later, in a background step of its
   * own (a service request for VPN access): it refuses at once what would fail there.
   */
  public void requireRequestable(String beneficiary, String resourceKey) {
    requireUnlocked(beneficiary);
    catalogue.find(resourceKey).ifPresent(resource -> refuseSecondRequest(beneficiary, resource));
  }

  private void requireUnlocked(String beneficiary) {
    if (accountLocks.isLocked(beneficiary)) {
      throw new InvalidRequestException("beneficiary", "is locked (the person left, or a security incident "
          + "contains the account): no access is granted to a locked account");
    }
  }

  @Transactional(readOnly = true)
  public AccessRequestView get(String key) {
    return AccessRequestView.of(visible(key));
  }

  /**
   * The requests the caller may see, newest first, optionally only those with a status, of a beneficiary or for a
   * resource.
   */
  @Transactional(readOnly = true)
  public RecordPage<AccessRequestView> list(AccessRequestStatus status, String beneficiary, String resource,
      PageQuery query) {
    Specification<AccessRequest> spec = visibleRequests();
    if (status != null) {
      spec = spec.and((root, q, cb) -> cb.equal(root.get("status"), status));
    }
    if (beneficiary != null && !beneficiary.isBlank()) {
      spec = spec.and((root, q, cb) -> cb.equal(root.get("beneficiary"), beneficiary.strip()));
    }
    if (resource != null && !resource.isBlank()) {
      spec = spec.and((root, q, cb) -> cb.equal(root.get("resourceKey"), resource.strip()));
    }
    Page<AccessRequest> page = requests.findAll(spec,
        PageRequest.of(query.page(), query.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(query, page.getContent(), page.getTotalElements(), AccessRequestView::of);
  }

  /** Active grants the caller may see, oldest first, optionally only those of one user. */
  @Transactional(readOnly = true)
  public RecordPage<AccessGrantView> activeGrants(String user, PageQuery query) {
    Specification<AccessRequest> spec = visibleRequests().and((root, q, cb) -> root.get("status").in(HOLDING));
    if (user != null && !user.isBlank()) {
      spec = spec.and((root, q, cb) -> cb.equal(root.get("beneficiary"), user.strip()));
    }
    Page<AccessRequest> page = requests.findAll(spec,
        PageRequest.of(query.page(), query.size(), Sort.by(Sort.Direction.ASC, "id")));
    return RecordPage.of(query, page.getContent(), page.getTotalElements(), AccessGrantView::of);
  }

  /**
   * Revokes an active grant early: records who asked and resumes the grant's process, which revokes through the
   * connector. Allowed for the resource's owner group, security officers, managers, admins and the beneficiary's
   * line manager.
   */
  public AccessRequestView requestRevocation(String grantId, String reason) {
    AccessRequest request = visible(grantId);
    String actor = currentUser.require();
    if (!mayRevoke(request, actor)) {
      throw new ForbiddenException(actor + " may not revoke grant " + grantId);
    }
    startRevocation(request, actor, reason);
    return AccessRequestView.of(request);
  }

  /**
   * A leaver: the account is locked (no more log-ins to Tasklist, {@code /api} or {@code /engine-rest}, until an admin
   * lifts the lock), every active grant of the user is revoked, each through its own process instance, a grant still
   * being provisioned is revoked as soon as it is confirmed, and every request for the user that still waits for an
   * approval is cancelled, which ends its process and with it the approvers' tasks.
   */
  public LeaverView processLeaver(LeaverInput input) {
    String actor = currentUser.require();
    if (!directory.userExists(input.user())) {
      throw new InvalidRequestException("user", "is not a known user");
    }
    if (input.user().equals(actor)) {
      throw new InvalidRequestException("user", "is you: another person processes your leaving");
    }
    // Only an admin lifts a lock: the service desk locking the admins would leave nobody to lift any.
    if (directory.isMember(input.user(), Groups.ADMINS) && !currentUser.groups().contains(Groups.ADMINS)) {
      throw new ForbiddenException(input.user() + " is an administrator: only an administrator processes an "
          + "administrator's leaving");
    }
    // Provisioning checks the lock holding the person: one waits for the other, so none is granted past the lock.
    beneficiaryLocks.hold(input.user());
    accountLocks.lock(input.user());
    List<String> revoked = new ArrayList<>();
    for (AccessRequest grant : requests.findByBeneficiaryAndStatusInOrderByIdAsc(input.user(),
        EnumSet.of(AccessRequestStatus.ACTIVE))) {
      startRevocation(grant, actor, "leaver");
      revoked.add(grant.getRequestKey());
    }
    List<String> revokedOnceProvisioned = new ArrayList<>();
    for (AccessRequest provisioning : requests.findByBeneficiaryAndStatusInOrderByIdAsc(input.user(),
        EnumSet.of(AccessRequestStatus.PROVISIONING))) {
      if (!provisioning.isRevocationPending()) {
        record(provisioning, provisioning.requestRevocationOnceProvisioned(actor, "leaver", clock.instant()),
            LEAVER_PROCESS);
      }
      revokedOnceProvisioned.add(provisioning.getRequestKey());
    }
    List<String> cancelled = new ArrayList<>();
    for (AccessRequest pending : requests.findByBeneficiaryAndStatusInOrderByIdAsc(input.user(), PENDING)) {
      record(pending, pending.cancel(actor, "beneficiary " + input.user() + " left before a decision",
          clock.instant()), LEAVER_PROCESS);
      events.publishEvent(new CancellationRequested(pending.getId(), pending.getRequestKey(), actor));
      publishOutcome(pending);
      cancelled.add(pending.getRequestKey());
    }
    auditTrail.record(AuditEvent.of(actor, "LEAVER_PROCESSED", "User", input.user(), "account locked, grants revoked: "
        + revoked + ", revoked once provisioned: " + revokedOnceProvisioned + ", pending requests cancelled: "
        + cancelled));
    return new LeaverView(input.user(), true, revoked, revokedOnceProvisioned, cancelled);
  }

  /** The keys of the project's grants and requests that its closure would release (see {@link #releaseProjectAccess}). */
  @Transactional(readOnly = true)
  public List<String> openProjectAccess(String projectCode) {
    Set<AccessRequestStatus> open = EnumSet.of(AccessRequestStatus.ACTIVE, AccessRequestStatus.PROVISIONING);
    open.addAll(PENDING);
    return requests.findByProjectCodeAndStatusInOrderByIdAsc(projectCode, open).stream()
        .map(AccessRequest::getRequestKey).toList();
  }

  /**
   * The project is closed: every grant made for it ({@code project} in the request) is revoked through its own
   * process instance, a grant still being provisioned is revoked once provisioned, and a request still waiting for an
   * approval is cancelled. Called by the project closure SOP when it releases the project's resources; {@code actor}
   * is the person who released them. Returns the keys of what was released, in request order.
   */
  public List<String> releaseProjectAccess(String projectCode, String actor, String closureKey) {
    if (projectCode == null || projectCode.isBlank()) {
      throw new IllegalArgumentException("A project code is needed to release the project's access");
    }
    String reason = "project " + projectCode + " closed (" + closureKey + ")";
    Set<AccessRequestStatus> open = EnumSet.of(AccessRequestStatus.ACTIVE, AccessRequestStatus.PROVISIONING);
    open.addAll(PENDING);
    List<String> released = new ArrayList<>();
    for (AccessRequest r : requests.findByProjectCodeAndStatusInOrderByIdAsc(projectCode, open)) {
      if (r.getStatus() == AccessRequestStatus.ACTIVE) {
        record(r, r.requestRevocation(actor, reason, clock.instant()), closureKey);
        events.publishEvent(new RevocationRequested(r.getId(), r.getRequestKey(), actor, r.getRevocationReason()));
      } else if (r.getStatus() == AccessRequestStatus.PROVISIONING) {
        if (r.isRevocationPending()) {
          continue;
        }
        record(r, r.requestRevocationOnceProvisioned(actor, reason, clock.instant()), closureKey);
      } else {
        record(r, r.cancel(actor, reason, clock.instant()), closureKey);
        events.publishEvent(new CancellationRequested(r.getId(), r.getRequestKey(), actor));
        publishOutcome(r);
      }
      released.add(r.getRequestKey());
    }
    return released;
  }

  // ---------------------------------------------------------------- process

  /** What the process starts with; called in the submitting transaction. */
  @Transactional(readOnly = true)
  public AccessProcessData.Start processStart(Long id) {
    AccessRequest r = byId(id);
    return new AccessProcessData.Start(r.getId(), r.getRequestKey(), r.getBeneficiary(), r.getRequester(),
        managerApprover(r), r.getOwnerGroup());
  }

  /** What an approval task shows, from the record as it is when the task is created. */
  @Transactional(readOnly = true)
  public AccessProcessData.TaskDetails taskDetails(Long id) {
    AccessRequest r = byId(id);
    AccessResource resource = catalogue.require(r.getResourceKey());
    return new AccessProcessData.TaskDetails(r.getRequestKey(), r.getBeneficiary(), r.getRequester(),
        resource.getName(), resource.getRiskLevel().name(), r.getJustification(),
        r.validUntil().map(Object::toString).orElse("until revoked"),
        Objects.requireNonNullElse(r.getSodConflict(), "none"));
  }

  public void attachProcessInstance(Long id, String processInstanceId) {
    byId(id).attachProcessInstance(processInstanceId);
  }

  /**
   * Segregation of duties: a conflict exists when the beneficiary holds (by a grant, or a current membership /
   * connector right) or has an open request for (waiting for an approval or being provisioned) a resource configured
   * as conflicting with the requested one. Runs in the submitting transaction, which holds the beneficiary.
   */
  public SodCheck checkSegregationOfDuties(Long id) {
    AccessRequest r = byId(id);
    beneficiaryLocks.hold(r.getBeneficiary());
    Conflicts conflicts = conflictsOf(r);
    record(r, r.segregationChecked(conflicts.resources(), conflicts.details(), clock.instant()));
    return new SodCheck(!conflicts.resources().isEmpty(), conflicts.details());
  }

  /**
   * {@code approver}'s decision at an approval stage, taken by {@code delegate} standing in for them when not null
   * (the audit then says "<delegate> acting for <approver>"). Refuses self-approval, of either, with
   * {@link SelfApprovalException}, and a decision by someone outside the stage's group (403). {@code routedTo}: whom
   * the process routed the line manager's approval to (null: the managers group), as the routing listener read it; it
   * decides who may, not the directory as it is now (a line manager recorded or removed since then changes nothing). An approval of a request
   * that can no longer be granted (its beneficiary's account is locked, or the grant would end by now:
   * {@code validUntil} has passed) is recorded, and the request then ends, refused by the system with the reason.
   * Returns whether the request goes on to its next step.
   */
  public boolean decide(Long id, ApprovalStage stage, String routedTo, String approver, String delegate,
      boolean approved, String comment) {
    AccessRequest r = byId(id);
    requireDecider(r, stage, routedTo, delegate == null ? approver : delegate);
    Instant now = clock.instant();
    AccessDecision decision = r.decide(stage, approver, delegate, approved, comment, now);
    if (delegate == null) {
      record(r, decision);
    } else {
      auditTrail.record(new AuditEvent(delegate, approver, decision.getAction(), SUBJECT_TYPE, r.getRequestKey(),
          delegate + " acting for " + approver + (decision.getComment() == null ? "" : ": " + decision.getComment())));
    }
    boolean goesOn = approved;
    if (approved) {
      Optional<String> refusal = r.whyNotGrantable(accountLocks.isLocked(r.getBeneficiary()), now);
      if (refusal.isPresent()) {
        record(r, r.refuse(refusal.get(), now));
        goesOn = false;
      }
    }
    publishOutcome(r);
    return goesOn;
  }

  /**
   * The line manager's approval by {@code approver} is overdue and goes to {@code to}: their delegate (acting for
   * them) or their own line manager (who approves in their place). Audited and counted as a breach of the step's
   * SLA at {@code level} (the how-many-th time this approval was passed on); the request stays in its approval.
   */
  public void escalateOverdueApproval(Long id, String approver, String to, boolean delegate, int level) {
    AccessRequest r = byId(id);
    auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "ESCALATED", SUBJECT_TYPE, r.getRequestKey(),
        "Approval by " + approver + " overdue: offered to " + to
            + (delegate ? ", acting for " + approver : ", " + approver + "'s line manager")));
    events.publishEvent(SlaBreached.in(AccessRequestService.class, null, LINE_MANAGER_APPROVAL_STEP, level));
  }

  /**
   * The approval SLA ran out: rejected, and counted as a breach of the step it waited in, at the level it reached
   * (the line manager's approval: one more than the {@code passedOn} times it was passed on before; other steps: 1).
   */
  public void rejectOverdue(Long id, int passedOn) {
    AccessRequest r = byId(id);
    AccessRequestStatus waitingIn = r.getStatus();
    record(r, r.rejectOverdue(clock.instant()));
    boolean lineManager = waitingIn == AccessRequestStatus.MANAGER_APPROVAL;
    events.publishEvent(SlaBreached.in(AccessRequestService.class, null, SLA_STEPS.get(waitingIn),
        lineManager ? passedOn + 1 : 1));
    publishOutcome(r);
  }

  /**
   * Checks the approved request again and grants the right through the resource's connector, in one transaction that
   * holds the beneficiary ({@link BeneficiaryLocks}): what was true at the approvals may not be any more. A request
   * that can no longer be granted (the beneficiary's account is locked, its {@code validUntil} has passed, its
   * revocation was asked for meanwhile) ends, refused by the system with the reason, and nothing is granted
   * ({@link Provisioning#REFUSED}); a segregation-of-duties conflict that no exception granted on this request covers
   * sends it to the security officers ({@link Provisioning#SOD_CONFLICT}). Otherwise the right is granted and the
   * grant keeps whether it added it (idempotent: a retried job checks and grants again).
   */
  public Provisioning provision(Long id) {
    return provision(id, true);
  }

  /**
   * {@link #provision(Long)} for an instance of a model before 1.7.0, which goes on to "Verify access" whatever
   * provisioning did and cannot send a request back to the security officers: a new segregation-of-duties conflict
   * ends the request refused (request again to have it reviewed) rather than leaving it in review with no task.
   */
  public Provisioning provisionWithoutReview(Long id) {
    return provision(id, false);
  }

  private Provisioning provision(Long id, boolean conflictsReviewable) {
    AccessRequest r = holding(id);
    if (r.getStatus() != AccessRequestStatus.PROVISIONING) {
      throw new IllegalStateException(r.getRequestKey() + " is " + r.getStatus() + ", not PROVISIONING");
    }
    Instant now = clock.instant();
    Optional<String> refusal = r.whyNotGrantable(accountLocks.isLocked(r.getBeneficiary()), now)
        .or(() -> r.isRevocationPending() ? Optional.of("its revocation was asked for by "
            + r.getRevocationRequestedBy() + " before it was provisioned"
            + (r.getRevocationReason() == null ? "" : " (" + r.getRevocationReason() + ")")) : Optional.empty());
    if (refusal.isPresent()) {
      record(r, r.refuse(refusal.get(), now));
      publishOutcome(r);
      return Provisioning.REFUSED;
    }
    Conflicts conflicts = conflictsOf(r);
    if (!r.exceptionCovers(conflicts.resources()) && !conflictsReviewable) {
      record(r, r.refuse("a segregation-of-duties conflict was found before provisioning (" + conflicts.details()
          + "); request it again to have it reviewed", now));
      publishOutcome(r);
      return Provisioning.REFUSED;
    }
    if (!r.exceptionCovers(conflicts.resources())) {
      record(r, r.conflictFoundBeforeProvisioning(conflicts.resources(), conflicts.details(), now));
      return Provisioning.SOD_CONFLICT;
    }
    AccessConnector connector = connectors.get(r.getConnectorType());
    boolean heldAlready = connector.hasAccess(r.getBeneficiary(), r.getResourceKey());
    if (!heldAlready) {
      connector.grant(r.getBeneficiary(), r.getResourceKey());
    }
    r.provisioned(!heldAlready);
    return Provisioning.PROVISIONED;
  }

  /**
   * Reads the right back from the target system; only a confirmed right becomes an active grant. A right that is not
   * there is a technical failure ({@link AccessNotVerifiedException}): retried, then an incident. A grant whose
   * beneficiary left while it was provisioned is confirmed and goes straight on to revocation.
   */
  public GrantSchedule verifyAndActivate(Long id) {
    AccessRequest r = byId(id);
    if (r.getStatus() != AccessRequestStatus.PROVISIONING) {
      // An instance of a model before 1.7.0 goes on to this step also when provisioning refused the request.
      throw new IllegalStateException(r.getRequestKey() + " is " + r.getStatus() + ", not PROVISIONING: nothing was "
          + "provisioned to verify");
    }
    if (!connectors.get(r.getConnectorType()).hasAccess(r.getBeneficiary(), r.getResourceKey())) {
      throw new AccessNotVerifiedException(r.getRequestKey() + ": " + r.getConnectorType() + " does not show "
          + r.getResourceKey() + " for " + r.getBeneficiary() + " after provisioning");
    }
    Instant now = clock.instant();
    record(r, r.activate(now));
    publishOutcome(r);
    if (r.getStatus() == AccessRequestStatus.REVOCATION_REQUESTED) {
      return GrantSchedule.revokeAtOnce();
    }
    return schedule(r, now);
  }

  /**
   * Removes the right through the connector after a revocation request (early revoke or leaver); idempotent, as the
   * job may be retried. The grant counts as revoked only once {@link #verifyRevoked} read it back.
   */
  public void revoke(Long id) {
    AccessRequest r = holding(id);
    if (r.getStatus() != AccessRequestStatus.REVOCATION_REQUESTED) {
      throw new IllegalStateException(r.getRequestKey() + " is " + r.getStatus() + ", not REVOCATION_REQUESTED");
    }
    removeRight(r);
  }

  /**
   * Reads the revoked right back: still there is a technical failure (retried, then an incident); a right this grant
   * did not add, or left to another active grant, stays, and the record says so.
   */
  public void verifyRevoked(Long id) {
    AccessRequest r = byId(id);
    record(r, r.revoked(requireRemoved(r, "revocation"), clock.instant()));
  }

  /** The grant's time is up: removes the right through the connector (idempotent, retried), as {@link #revoke}. */
  public void expire(Long id) {
    AccessRequest r = holding(id);
    if (r.getStatus() != AccessRequestStatus.ACTIVE) {
      throw new IllegalStateException(r.getRequestKey() + " is " + r.getStatus() + ", not ACTIVE");
    }
    removeRight(r);
  }

  /** Reads the expired right back, as {@link #verifyRevoked}. */
  public void verifyExpired(Long id) {
    AccessRequest r = byId(id);
    record(r, r.expired(requireRemoved(r, "expiry"), clock.instant()));
  }

  /**
   * A grant ends: it removes the right only if it added it (the beneficiary did not hold it before, e.g. as a
   * permanent member), and only if no other active grant of the same right goes on, which then removes it at its own
   * end. Holds the beneficiary, so that two grants of one right ending at once do not both leave it to the other.
   */
  private void removeRight(AccessRequest r) {
    if (!r.removesTheRight()) {
      return;
    }
    Optional<AccessRequest> other = otherActiveGrant(r);
    if (other.isPresent()) {
      r.handRightOverTo(other.get());
      return;
    }
    connectors.get(r.getConnectorType()).revoke(r.getBeneficiary(), r.getResourceKey());
  }

  private Optional<AccessRequest> otherActiveGrant(AccessRequest r) {
    return requests.findByBeneficiaryAndStatusInOrderByIdAsc(r.getBeneficiary(),
            EnumSet.of(AccessRequestStatus.ACTIVE)).stream()
        .filter(g -> g.getResourceKey().equals(r.getResourceKey()) && !g.getId().equals(r.getId()))
        .findFirst();
  }

  /**
   * Requires the ended grant's right to be gone, if the grant removes it; otherwise returns why it stays (recorded
   * with the revocation or expiry), null when it was removed.
   */
  private String requireRemoved(AccessRequest r, String what) {
    if (!r.removesTheRight()) {
      return r.getResourceKey() + " stays: " + otherActiveGrant(r).map(g -> "grant " + g.getRequestKey()
          + " goes on and removes it at its end").orElse(r.getBeneficiary() + " held it before this grant");
    }
    if (connectors.get(r.getConnectorType()).hasAccess(r.getBeneficiary(), r.getResourceKey())) {
      throw new AccessNotVerifiedException(r.getRequestKey() + ": " + r.getConnectorType() + " still shows "
          + r.getResourceKey() + " for " + r.getBeneficiary() + " after " + what);
    }
    return null;
  }

  // ---------------------------------------------------------------- notifications

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(KEY_PREFIX);
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Object> model(String reference) {
    Map<String, Object> model = new HashMap<>();
    requests.findByRequestKey(reference).ifPresent(r -> {
      model.put("status", r.getStatus().name());
      model.put("beneficiary", r.getBeneficiary());
      model.put("requester", r.getRequester());
      model.put("resource", r.getResourceKey());
      model.put("justification", r.getJustification());
      model.put("validUntil", r.validUntil().map(Object::toString).orElse("until revoked"));
      model.put("sodConflict", Objects.requireNonNullElse(r.getSodConflict(), "none"));
      model.put("link", links.record("access-requests", r.getRequestKey()));
      List<AccessDecision> decisions = r.getDecisions();
      if (!decisions.isEmpty()) {
        AccessDecision last = decisions.get(decisions.size() - 1);
        model.put("lastAction", last.getAction());
        model.put("lastActor", last.getActor());
        model.put("lastComment", Objects.requireNonNullElse(last.getComment(), ""));
      }
    });
    return model;
  }

  // ---------------------------------------------------------------- rules

  Instant effectiveValidUntil(Instant requested, AccessResource resource, Instant now) {
    Optional<Instant> cap = resource.maxGrantDuration().map(now::plus);
    if (requested == null) {
      return cap.orElse(null);
    }
    return cap.filter(c -> c.isBefore(requested)).orElse(requested);
  }

  GrantSchedule schedule(AccessRequest r, Instant grantedAt) {
    Optional<Instant> expiry = r.validUntil();
    if (expiry.isEmpty()) {
      return new GrantSchedule(null, null, false);
    }
    Instant reminderAt = expiry.get().minus(properties.expiryReminderBefore());
    boolean wanted = reminderAt.isAfter(grantedAt);
    // A grant shorter than the reminder period gets no reminder: its timer fires at once and the model skips it.
    return new GrantSchedule(expiry.get(), wanted ? reminderAt : grantedAt, wanted);
  }

  /**
   * Who decides a stage, whoever its task reached (403 for anyone else): the SoD review the security officers, the
   * resource owner's approval a member of the resource's owner group, the line manager's approval the managers when
   * the process routed it to them ({@code routedTo} null: the beneficiary had no line manager who may approve). Which
   * person a line manager's approval waits for the process knows, which routes it and checks it
   * ({@code AccessDecisionListener}). {@code person} is the one deciding, not whom they would
   * stand in for: a group's task is never offered to a delegate (platform/process/DelegatedTasks), so a delegate
   * holding one was given it by an admin.
   */
  private void requireDecider(AccessRequest r, ApprovalStage stage, String routedTo, String person) {
    String decision = "decide the " + stage + " stage of " + r.getRequestKey();
    switch (stage) {
      case SOD_REVIEW -> directory.requireMemberOfAny(person, Set.of(Groups.SECURITY_OFFICERS), decision);
      case RESOURCE_OWNER -> directory.requireMemberOfAny(person, Set.of(r.getOwnerGroup()), decision);
      case LINE_MANAGER -> {
        if (routedTo == null || routedTo.isBlank()) {
          directory.requireMemberOfAny(person, Set.of(Groups.MANAGERS), decision);
        }
      }
    }
  }

  private String managerApprover(AccessRequest r) {
    return directory.managerOf(r.getBeneficiary())
        .filter(m -> !m.equals(r.getBeneficiary()) && !m.equals(r.getRequester()))
        .filter(directory::userExists)
        .orElse(null);
  }

  /** The conflicting resources a request's beneficiary holds or asked for, and how, for the security officers. */
  private record Conflicts(List<String> resources, String details) {}

  private Conflicts conflictsOf(AccessRequest r) {
    List<String> resources = new ArrayList<>();
    List<String> how = new ArrayList<>();
    List<AccessRequest> open = requests.findByBeneficiaryAndStatusInOrderByIdAsc(r.getBeneficiary(), OPEN);
    for (String other : properties.conflictsOf(r.getResourceKey())) {
      List<String> by = new ArrayList<>();
      if (rightHeld(r.getBeneficiary(), other)) {
        by.add("holds it");
      }
      open.stream().filter(g -> g.getResourceKey().equals(other) && !g.getId().equals(r.getId()))
          .forEach(g -> by.add((HOLDING.contains(g.getStatus()) ? "grant " : "request ") + g.getRequestKey() + " "
              + g.getStatus()));
      if (!by.isEmpty()) {
        resources.add(other);
        how.add(other + " (" + String.join(", ", by) + ")");
      }
    }
    return new Conflicts(resources, resources.isEmpty() ? null : r.getBeneficiary() + " already holds or asked for "
        + String.join(", ", how) + ", which conflicts with " + r.getResourceKey());
  }

  /**
   * A second request for a right the beneficiary holds (a membership, however it came, or a grant) or asked for
   * already is refused: each grant removes what it gave at its end, and two would fight over one right.
   */
  private void refuseSecondRequest(String beneficiary, AccessResource resource) {
    Optional<AccessRequest> open = requests.findByBeneficiaryAndStatusInOrderByIdAsc(beneficiary, OPEN).stream()
        .filter(g -> g.getResourceKey().equals(resource.getResourceKey())).findFirst();
    if (open.isPresent()) {
      AccessRequest g = open.get();
      throw new AccessAlreadyRequestedException(beneficiary + " already " + (HOLDING.contains(g.getStatus())
          ? "holds " + resource.getResourceKey() + " by grant " + g.getRequestKey()
          : "asked for " + resource.getResourceKey() + " in " + g.getRequestKey() + " (" + g.getStatus() + ")"));
    }
    if (rightHeld(beneficiary, resource.getResourceKey())) {
      throw new AccessAlreadyRequestedException(beneficiary + " already holds " + resource.getResourceKey());
    }
  }

  /** Whether the target system shows the right (a group membership for the identity-group connector). */
  private boolean rightHeld(String user, String resourceKey) {
    Optional<AccessResource> resource = catalogue.find(resourceKey);
    if (resource.isPresent()) {
      Optional<AccessConnector> connector = connectors.find(resource.get().getConnectorType());
      if (connector.isPresent()) {
        return connector.get().hasAccess(user, resourceKey);
      }
    }
    return directory.isMember(user, resourceKey);
  }

  /** Tells whoever follows the request (another SOP) that it was granted or will not be; nothing while it waits. */
  private void publishOutcome(AccessRequest r) {
    AccessRequestStatus status = r.getStatus();
    if (status == AccessRequestStatus.ACTIVE || status == AccessRequestStatus.REVOCATION_REQUESTED) {
      events.publishEvent(new AccessDecided(r.getId(), r.getRequestKey(), true, "granted"));
    } else if (status == AccessRequestStatus.REJECTED || status == AccessRequestStatus.CANCELLED) {
      events.publishEvent(new AccessDecided(r.getId(), r.getRequestKey(), false,
          "access request " + r.getRequestKey() + " " + status.name().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  private void startRevocation(AccessRequest request, String actor, String reason) {
    record(request, request.requestRevocation(actor, reason, clock.instant()));
    events.publishEvent(new RevocationRequested(request.getId(), request.getRequestKey(), actor,
        request.getRevocationReason()));
  }

  /** Visible to its requester and beneficiary, the security officers, its resource's owner group and overseers. */
  private boolean mayView(AccessRequest r) {
    return visibility.maySee(workingGroupsOf(r), concerned(r));
  }

  /**
   * The people a request concerns: its requester, its beneficiary and the beneficiary's line manager (who approves it
   * and may revoke the grant, whether or not they are in {@code managers}).
   */
  private String[] concerned(AccessRequest r) {
    return new String[] {r.getRequester(), r.getBeneficiary(), directory.managerOf(r.getBeneficiary()).orElse(null)};
  }

  private static Set<String> workingGroupsOf(AccessRequest r) {
    // The owner group may be the security officers themselves (access to security-officers).
    Set<String> groups = new java.util.HashSet<>(WORKING_GROUPS);
    groups.add(r.getOwnerGroup());
    return groups;
  }

  /**
   * {@link #mayView} as a query: the owner group differs per request, so it is one more way to see a request; and the
   * beneficiary's line manager is one of the people a request {@link #concerned concerns} without being named on it,
   * so a caller who does not see every request also sees those whose beneficiary reports to them. Their reports are
   * looked up once per list, and the list stays one paged query.
   */
  private Specification<AccessRequest> visibleRequests() {
    Specification<AccessRequest> visible =
        visibility.visibleRecords(WORKING_GROUPS, List.of("ownerGroup"), "requester", "beneficiary");
    if (visibility.seesAll(WORKING_GROUPS)) {
      return visible;
    }
    Set<String> reports = directory.reportsOf(currentUser.require());
    return reports.isEmpty() ? visible : visible.or((root, q, cb) -> root.get("beneficiary").in(reports));
  }

  private boolean mayRevoke(AccessRequest r, String actor) {
    Set<String> groups = currentUser.groups();
    return groups.contains(r.getOwnerGroup()) || groups.contains(Groups.SECURITY_OFFICERS)
        || groups.contains(Groups.MANAGERS) || groups.contains(Groups.ADMINS)
        || directory.managerOf(r.getBeneficiary()).map(actor::equals).orElse(false);
  }

  private AccessRequest visible(String key) {
    AccessRequest r = requests.findByRequestKey(key)
        .orElseThrow(() -> new RecordNotFoundException("Access request", key));
    return visibility.require(r, "Access request", key, workingGroupsOf(r), concerned(r));
  }

  private AccessRequest byId(Long id) {
    return requests.findById(id).orElseThrow(() -> new IllegalStateException("No access request with id " + id));
  }

  /**
   * The request, with its beneficiary held ({@link BeneficiaryLocks}) and read again after the wait: another
   * transaction of the same person may have changed it meanwhile.
   */
  private AccessRequest holding(Long id) {
    AccessRequest r = byId(id);
    beneficiaryLocks.hold(r.getBeneficiary());
    return recordLocks.holdExclusive(r);
  }

  private void record(AccessRequest r, AccessDecision decision) {
    record(r, decision, null);
  }

  private void record(AccessRequest r, AccessDecision decision, String onBehalfOf) {
    auditTrail.record(new AuditEvent(decision.getActor(), onBehalfOf, decision.getAction(), SUBJECT_TYPE,
        r.getRequestKey(), decision.getComment()));
  }
}
