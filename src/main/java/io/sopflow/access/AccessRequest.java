package io.sopflow.access;

import io.sopflow.audit.AuditEvent;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.InvalidRequestException;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An access request and, once provisioned, the grant it created (a grant's id is the request's key). Guards its own
 * life cycle: submitted, segregation-of-duties review, line manager, resource owner, provisioning, active, then
 * revoked or expired; or rejected or cancelled on the way. Every step is kept as an {@link AccessDecision}.
 */
@Entity
@Table(name = "access_request")
public class AccessRequest {

  static final String KEY_FORMAT = "ACC-%06d";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Version
  private long version;

  @Column(name = "request_key", unique = true, length = 16)
  private String requestKey;

  @Column(nullable = false, updatable = false, length = 64)
  private String beneficiary;

  @Column(nullable = false, updatable = false, length = 64)
  private String requester;

  @Column(name = "resource_key", nullable = false, updatable = false, length = 64)
  private String resourceKey;

  @Column(name = "owner_group", nullable = false, updatable = false, length = 64)
  private String ownerGroup;

  @Column(name = "connector_type", nullable = false, updatable = false, length = 64)
  private String connectorType;

  @Column(nullable = false, updatable = false, length = 2000)
  private String justification;

  @Column(name = "project_code", updatable = false, length = 32)
  private String projectCode;

  @Column(name = "requested_valid_until", updatable = false)
  private Instant requestedValidUntil;

  @Column(name = "valid_until", updatable = false)
  private Instant validUntil;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private AccessRequestStatus status;

  @Column(name = "sod_conflict", length = 500)
  private String sodConflict;

  /** The conflicting resources of the last conflict found, comma-separated: what an exception granted covers. */
  @Column(name = "sod_conflict_resources", length = 500)
  private String sodConflictResources;

  /**
   * Whether provisioning added the right (false: the beneficiary held it already, say as a permanent member); what
   * the grant removes at its end. Null on grants from before it was kept: they remove the right, as they always did.
   */
  @Column(name = "right_added")
  private Boolean rightAdded;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "granted_at")
  private Instant grantedAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  @Column(name = "revocation_requested_by", length = 64)
  private String revocationRequestedBy;

  @Column(name = "revocation_reason", length = 500)
  private String revocationReason;

  @OneToMany(cascade = CascadeType.ALL, orphanRemoval = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "request_id", nullable = false, updatable = false)
  @OrderBy("id ASC")
  private List<AccessDecision> decisions = new ArrayList<>();

  protected AccessRequest() {}

  AccessRequest(String beneficiary, String requester, AccessResource resource, String justification,
      Instant requestedValidUntil, Instant validUntil, Instant now) {
    this(beneficiary, requester, resource, justification, requestedValidUntil, validUntil, null, now);
  }

  AccessRequest(String beneficiary, String requester, AccessResource resource, String justification,
      Instant requestedValidUntil, Instant validUntil, String projectCode, Instant now) {
    this.projectCode = projectCode;
    this.beneficiary = beneficiary;
    this.requester = requester;
    this.resourceKey = resource.getResourceKey();
    this.ownerGroup = resource.getOwnerGroup();
    this.connectorType = resource.getConnectorType();
    this.justification = justification.strip();
    this.requestedValidUntil = requestedValidUntil;
    this.validUntil = validUntil;
    this.status = AccessRequestStatus.SUBMITTED;
    this.createdAt = now;
    record("REQUESTED", requester, now, "for " + beneficiary + " on " + resourceKey
        + (validUntil == null ? "" : " until " + validUntil));
  }

  /** The business key follows the database id: unique on every node without a lock. */
  void assignKey() {
    if (id == null) {
      throw new IllegalStateException("Save the request before assigning its key");
    }
    if (requestKey == null) {
      requestKey = KEY_FORMAT.formatted(id);
    }
  }

  void attachProcessInstance(String processInstanceId) {
    if (this.processInstanceId != null && !this.processInstanceId.equals(processInstanceId)) {
      throw new IllegalStateException(requestKey + " already has process instance " + this.processInstanceId);
    }
    this.processInstanceId = processInstanceId;
  }

  /**
   * The segregation-of-duties check: a conflict ({@code resources} the beneficiary holds or asked for that conflict
   * with this one, described by {@code details}) sends the request to the security officers first.
   */
  AccessDecision segregationChecked(List<String> resources, String details, Instant now) {
    requireStatus(AccessRequestStatus.SUBMITTED);
    if (!resources.isEmpty()) {
      return conflictFound(resources, details, now, details);
    }
    status = AccessRequestStatus.MANAGER_APPROVAL;
    return record("SOD_CHECK_PASSED", AuditEvent.SYSTEM, now, null);
  }

  /**
   * The check just before provisioning found a conflict that no exception granted on this request covers (a request
   * for the conflicting resource came in meanwhile, or the right was given outside SOPFlow): the request goes to the
   * security officers' review, and, if they grant an exception, through its approvals again, whose approvers now see
   * the conflict.
   */
  AccessDecision conflictFoundBeforeProvisioning(List<String> resources, String details, Instant now) {
    requireStatus(AccessRequestStatus.PROVISIONING);
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("A conflict needs the conflicting resources");
    }
    return conflictFound(resources, details, now, "found before provisioning: " + details);
  }

  private AccessDecision conflictFound(List<String> resources, String details, Instant now, String comment) {
    sodConflict = details.length() > 500 ? details.substring(0, 500) : details;
    String keys = String.join(",", resources);
    sodConflictResources = keys.length() > 500 ? keys.substring(0, 500) : keys;
    status = AccessRequestStatus.SOD_REVIEW;
    return record("SOD_CONFLICT_DETECTED", AuditEvent.SYSTEM, now, comment);
  }

  /**
   * Whether an exception the security officers granted on this request covers holding all of {@code resources}
   * together with this one: only the conflicts they reviewed are covered, not a conflict found later with another.
   */
  boolean exceptionCovers(List<String> resources) {
    if (resources.isEmpty()) {
      return true;
    }
    if (sodConflictResources == null || decisions.stream()
        .noneMatch(d -> ApprovalStage.SOD_REVIEW.action(true).equals(d.getAction()))) {
      return false;
    }
    return List.of(sodConflictResources.split(",")).containsAll(resources);
  }

  /**
   * Why this request can no longer be granted at {@code now}, if it cannot: its beneficiary's account is locked (the
   * service tells, {@code beneficiaryLocked}), or the grant would end ({@code validUntil}: the requested end, capped
   * by the resource's maximum duration) by now, so that an access already expired would be provisioned.
   */
  Optional<String> whyNotGrantable(boolean beneficiaryLocked, Instant now) {
    if (beneficiaryLocked) {
      return Optional.of(beneficiary + "'s account is locked (they left, or a security incident contains it): "
          + "nothing is granted to it");
    }
    if (validUntil != null && !validUntil.isAfter(now)) {
      return Optional.of("the access would end at " + validUntil + (validUntil.equals(requestedValidUntil)
          ? " as asked for" : " (the resource's maximum duration)") + ", which has passed: nothing is granted");
    }
    return Optional.empty();
  }

  /**
   * The request can no longer be granted ({@link #whyNotGrantable}): it ends, rejected by the system with the
   * reason, before anything is provisioned. Allowed while it waits for an approval or is about to be provisioned.
   */
  AccessDecision refuse(String reason, Instant now) {
    if (!status.awaitsApproval() && status != AccessRequestStatus.PROVISIONING) {
      throw new ConflictException(label() + " is " + status + "; only a request not granted yet can be refused");
    }
    status = AccessRequestStatus.REJECTED;
    endedAt = now;
    return record("REFUSED", AuditEvent.SYSTEM, now, reason);
  }

  /**
   * A person's decision at one approval stage. Nobody decides on a request they made or would benefit from, and the
   * resource owner's approval is never given by the person who approved as line manager (four eyes).
   */
  AccessDecision decide(ApprovalStage stage, String actor, boolean approved, String comment, Instant now) {
    return decide(stage, actor, null, approved, comment, now);
  }

  /**
   * A decision of {@code approver}, taken by {@code delegate} standing in for them when not null. Neither may be the
   * beneficiary or the requester; the history names the delegate as actor, acting for the approver.
   */
  AccessDecision decide(ApprovalStage stage, String approver, String delegate, boolean approved, String comment,
      Instant now) {
    requireStatus(stage.status());
    if (approver == null || approver.isBlank()) {
      throw new IllegalArgumentException("The decision needs the person who takes it");
    }
    for (String person : delegate == null ? List.of(approver) : List.of(approver, delegate)) {
      if (person.equals(beneficiary) || person.equals(requester)) {
        throw new SelfApprovalException(person + " may not decide on " + requestKey + ": they "
            + (person.equals(beneficiary) ? "would receive the access" : "requested it"));
      }
    }
    if (stage == ApprovalStage.RESOURCE_OWNER && approved) {
      // Four eyes: the owner's approval is a second person's, not the line manager's again (nor their substitute's).
      String lineManagerApproval = ApprovalStage.LINE_MANAGER.action(true);
      for (AccessDecision earlier : decisions) {
        if (lineManagerApproval.equals(earlier.getAction())) {
          for (String person : delegate == null ? List.of(approver) : List.of(approver, delegate)) {
            if (person.equals(earlier.getActor()) || person.equals(earlier.getActingFor())) {
              throw new SelfApprovalException("The resource owner's approval of " + requestKey + " needs a second "
                  + "person: " + person + " approved it as line manager");
            }
          }
        }
      }
    }
    if (stage == ApprovalStage.SOD_REVIEW && approved && (comment == null || comment.isBlank())) {
      throw new InvalidRequestException("comment", "An exception to segregation of duties needs a justification");
    }
    status = !approved ? AccessRequestStatus.REJECTED : switch (stage) {
      case SOD_REVIEW -> AccessRequestStatus.MANAGER_APPROVAL;
      case LINE_MANAGER -> AccessRequestStatus.OWNER_APPROVAL;
      case RESOURCE_OWNER -> AccessRequestStatus.PROVISIONING;
    };
    if (!approved) {
      endedAt = now;
    }
    if (delegate != null) {
      AccessDecision decision = new AccessDecision(stage.action(approved), delegate, approver, now, comment);
      decisions.add(decision);
      return decision;
    }
    return record(stage.action(approved), approver, now, comment);
  }

  /** Nobody decided in time: the approval SLA rejects the request. */
  AccessDecision rejectOverdue(Instant now) {
    if (!status.awaitsApproval()) {
      throw new ConflictException(requestKey + " is " + status + ", not waiting for an approval");
    }
    String waitingFor = status.name();
    status = AccessRequestStatus.REJECTED;
    endedAt = now;
    return record("AUTO_REJECTED", AuditEvent.SYSTEM, now, "no decision in time at " + waitingFor);
  }

  /**
   * Withdraws a request that still waits for an approval (its beneficiary left). Only a pending request: once approved
   * it is provisioned, and an active grant is revoked instead.
   */
  AccessDecision cancel(String actor, String reason, Instant now) {
    if (!status.awaitsApproval()) {
      throw new ConflictException(label() + " is " + status + "; only a request waiting for an approval can be "
          + "cancelled");
    }
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("The cancellation needs the person who takes it");
    }
    status = AccessRequestStatus.CANCELLED;
    endedAt = now;
    return record("CANCELLED", actor, now, reason);
  }

  /**
   * The connector confirmed the right: the grant is active from now, or, when its revocation was asked for while it
   * was being provisioned (the beneficiary left), due for revocation at once.
   */
  AccessDecision activate(Instant now) {
    requireStatus(AccessRequestStatus.PROVISIONING);
    grantedAt = now;
    if (revocationRequestedBy != null) {
      status = AccessRequestStatus.REVOCATION_REQUESTED;
      return record("GRANTED", AuditEvent.SYSTEM, now, "revocation requested while provisioning: revoked at once");
    }
    status = AccessRequestStatus.ACTIVE;
    return record("GRANTED", AuditEvent.SYSTEM, now, withNote(validUntil == null ? "until revoked"
        : "until " + validUntil, removesTheRight() ? null : beneficiary + " held " + resourceKey + " already: the "
        + "right stays at this grant's end"));
  }

  /**
   * Provisioning found the right there already ({@code added} false: the beneficiary held it, e.g. as a permanent
   * member) or added it: what this grant removes at its end. Set once per provisioning (a retried job sets it again).
   */
  void provisioned(boolean added) {
    requireStatus(AccessRequestStatus.PROVISIONING);
    rightAdded = added;
  }

  /** Whether this grant's end removes the right: it added it, or took it over from a grant that did. */
  boolean removesTheRight() {
    return rightAdded == null || rightAdded;
  }

  /**
   * This grant ends while {@code other}, an active grant of the same right, goes on: the right stays, and the other
   * grant removes it at its end, as this one would have.
   */
  void handRightOverTo(AccessRequest other) {
    if (other == this || other.status != AccessRequestStatus.ACTIVE || !other.beneficiary.equals(beneficiary)
        || !other.resourceKey.equals(resourceKey)) {
      throw new IllegalArgumentException(other.requestKey + " is not another active grant of " + resourceKey + " for "
          + beneficiary);
    }
    if (removesTheRight()) {
      other.rightAdded = true;
      rightAdded = false;
    }
  }

  /**
   * The beneficiary left while the grant is being provisioned: provisioning runs on (a connector call may be under
   * way), and the grant is revoked as soon as it is confirmed.
   */
  AccessDecision requestRevocationOnceProvisioned(String actor, String reason, Instant now) {
    requireStatus(AccessRequestStatus.PROVISIONING);
    if (revocationRequestedBy != null) {
      throw new ConflictException(requestKey + " is already due for revocation once provisioned");
    }
    revocationRequestedBy = actor;
    revocationReason = reason == null || reason.isBlank() ? null : reason.strip();
    return record("REVOCATION_REQUESTED", actor, now, "once provisioned"
        + (revocationReason == null ? "" : ": " + revocationReason));
  }

  /** Whether a leaver call asked for this grant's revocation while it was being provisioned. */
  public boolean isRevocationPending() {
    return status == AccessRequestStatus.PROVISIONING && revocationRequestedBy != null;
  }

  AccessDecision requestRevocation(String actor, String reason, Instant now) {
    if (status != AccessRequestStatus.ACTIVE) {
      throw new ConflictException("Grant " + requestKey + " is " + status + "; only an active grant can be revoked");
    }
    status = AccessRequestStatus.REVOCATION_REQUESTED;
    revocationRequestedBy = actor;
    revocationReason = reason == null || reason.isBlank() ? null : reason.strip();
    return record("REVOCATION_REQUESTED", actor, now, revocationReason);
  }

  /** The right was removed, or stays for the reason {@code rightStays} (null: removed). */
  AccessDecision revoked(String rightStays, Instant now) {
    requireStatus(AccessRequestStatus.REVOCATION_REQUESTED);
    status = AccessRequestStatus.REVOKED;
    endedAt = now;
    return record("REVOKED", revocationRequestedBy, now, withNote(revocationReason, rightStays));
  }

  /** The right was removed at the grant's end, or stays for the reason {@code rightStays} (null: removed). */
  AccessDecision expired(String rightStays, Instant now) {
    requireStatus(AccessRequestStatus.ACTIVE);
    status = AccessRequestStatus.EXPIRED;
    endedAt = now;
    return record("EXPIRED", AuditEvent.SYSTEM, now, withNote("valid until " + validUntil, rightStays));
  }

  private static String withNote(String text, String note) {
    if (note == null) {
      return text;
    }
    return text == null ? note : text + "; " + note;
  }

  private void requireStatus(AccessRequestStatus expected) {
    if (status != expected) {
      throw new ConflictException(label() + " is " + status + ", not " + expected);
    }
  }

  private String label() {
    return requestKey == null ? "The access request" : requestKey;
  }

  private AccessDecision record(String action, String actor, Instant now, String comment) {
    AccessDecision decision = new AccessDecision(action, actor, now, comment);
    decisions.add(decision);
    return decision;
  }

  public Long getId() { return id; }
  public String getRequestKey() { return requestKey; }
  public String getBeneficiary() { return beneficiary; }
  public String getRequester() { return requester; }
  public String getResourceKey() { return resourceKey; }
  public String getOwnerGroup() { return ownerGroup; }
  public String getConnectorType() { return connectorType; }
  public String getJustification() { return justification; }
  public String getProjectCode() { return projectCode; }
  public Instant getRequestedValidUntil() { return requestedValidUntil; }
  public Optional<Instant> validUntil() { return Optional.ofNullable(validUntil); }
  public AccessRequestStatus getStatus() { return status; }
  public String getSodConflict() { return sodConflict; }
  public String getProcessInstanceId() { return processInstanceId; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getGrantedAt() { return grantedAt; }
  public Instant getEndedAt() { return endedAt; }
  public String getRevocationRequestedBy() { return revocationRequestedBy; }
  public String getRevocationReason() { return revocationReason; }
  public List<AccessDecision> getDecisions() { return Collections.unmodifiableList(decisions); }
}
