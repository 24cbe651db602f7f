package io.sopflow.request;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
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
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.hibernate.annotations.NaturalId;

/**
 * A request for a catalogue item, for a person (the requester or a colleague). Keeps a copy of the item's settings as
 * they were when it was requested (a later catalogue change does not move a running request) and guards its life
 * cycle: approvals in the item's order, by people other than the requester and the person it is for; fulfilment
 * only once approved; confirmation and rating only by the requester, once. Refused moves are a
 * {@link ConflictException}; a decision by the wrong person a {@link ForbiddenException}.
 */
@Entity
@Table(name = "service_request")
public class ServiceRequest {

  static final String NUMBER_FORMAT = "REQ-%06d";
  static final int TEXT = 2000;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** Loaded through {@link io.sopflow.persistence.RecordsByNumber}; assigned after the insert, hence mutable. */
  @NaturalId(mutable = true)
  @Column(name = "request_number", unique = true, length = 20)
  private String number;

  @Column(name = "item_key", nullable = false, length = 64)
  private String itemKey;

  @Column(name = "item_name", nullable = false, length = 200)
  private String itemName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 24)
  private Approval approval;

  @Column(name = "owner_group", nullable = false, length = 64)
  private String ownerGroup;

  @Column(name = "fulfilment_group", nullable = false, length = 64)
  private String fulfilmentGroup;

  @Column(name = "fulfilment_target", nullable = false, length = 32)
  private String fulfilmentTarget;

  @Column(name = "fulfilment_calendar", nullable = false, length = 64)
  private String fulfilmentCalendar;

  @Column(length = 2000)
  private String checklist;

  @Column(name = "access_resource", length = 64)
  private String accessResource;

  @Column(nullable = false, length = 64)
  private String requester;

  @Column(name = "requested_for", nullable = false, length = 64)
  private String requestedFor;

  @Column(nullable = false, length = TEXT)
  private String justification;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "service_request_detail", joinColumns = @JoinColumn(name = "request_id"))
  @MapKeyColumn(name = "detail_name", length = 64)
  @Column(name = "detail_value", length = 1000, nullable = false)
  private Map<String, String> details = new LinkedHashMap<>();

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 24)
  private ServiceRequestStatus status;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Column(name = "manager_decided_by", length = 64)
  private String managerDecidedBy;

  /** The line manager a delegate decided for (then {@code managerDecidedBy} is the delegate); null otherwise. */
  @Column(name = "manager_acting_for", length = 64)
  private String managerActingFor;

  @Column(name = "manager_decided_at")
  private Instant managerDecidedAt;

  @Column(name = "manager_comment", length = TEXT)
  private String managerComment;

  @Column(name = "owner_decided_by", length = 64)
  private String ownerDecidedBy;

  @Column(name = "owner_decided_at")
  private Instant ownerDecidedAt;

  @Column(name = "owner_comment", length = TEXT)
  private String ownerComment;

  @Column(name = "rejection_reason", length = TEXT)
  private String rejectionReason;

  @Column(name = "access_request_key", length = 20)
  private String accessRequestKey;

  @Column(name = "fulfilment_started_at")
  private Instant fulfilmentStartedAt;

  @Column(name = "fulfilment_due_at")
  private Instant fulfilmentDueAt;

  @Column(name = "fulfilment_breached", nullable = false)
  private boolean fulfilmentBreached;

  @Column(name = "fulfilled_by", length = 64)
  private String fulfilledBy;

  @Column(name = "fulfilled_at")
  private Instant fulfilledAt;

  @Column(name = "fulfilment_notes", length = TEXT)
  private String fulfilmentNotes;

  @Column(name = "closed_at")
  private Instant closedAt;

  @Column(name = "closed_automatically", nullable = false)
  private boolean closedAutomatically;

  @Column(name = "rating")
  private Integer rating;

  @Column(name = "rating_comment", length = TEXT)
  private String ratingComment;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected ServiceRequest() {}

  ServiceRequest(ServiceCatalogueItem item, String requester, String requestedFor, String justification,
      Map<String, String> details, Instant now) {
    this.itemKey = item.getItemKey();
    this.itemName = item.getName();
    this.approval = item.getApproval();
    this.ownerGroup = item.getOwnerGroup();
    this.fulfilmentGroup = item.getFulfilmentGroup();
    this.fulfilmentTarget = item.getFulfilmentTarget().toString();
    this.fulfilmentCalendar = item.getFulfilmentCalendar();
    this.checklist = item.getChecklist().isEmpty() ? null : String.join("\n", item.getChecklist());
    this.accessResource = item.getAccessResource();
    this.requester = Objects.requireNonNull(requester);
    this.requestedFor = Objects.requireNonNull(requestedFor);
    this.justification = Objects.requireNonNull(justification);
    this.details.putAll(details);
    this.status = approval == Approval.NONE ? ServiceRequestStatus.SUBMITTED : ServiceRequestStatus.MANAGER_APPROVAL;
    this.createdAt = now;
  }

  void assignNumber() {
    if (number == null) {
      if (id == null) {
        throw new IllegalStateException("A service request gets its number once it is stored");
      }
      number = String.format(NUMBER_FORMAT, id);
    }
  }

  void attachProcessInstance(String processInstanceId) {
    if (this.processInstanceId != null) {
      throw new ConflictException(number + " already has its process");
    }
    this.processInstanceId = processInstanceId;
  }

  // ---- approvals ---------------------------------------------------------------------------------------------------

  /**
   * The line manager's decision, taken by {@code delegate} standing in for them when not null (their delegation in
   * force: recorded as the delegate's, acting for the line manager). The requester and the person it is for never
   * approve their own request, neither as line manager nor as a delegate.
   */
  void decideAsManager(String approver, String delegate, boolean approved, String comment, Instant now) {
    require(ServiceRequestStatus.MANAGER_APPROVAL, "be approved by the line manager");
    refuseConcernedPerson(approver);
    if (delegate != null) {
      refuseConcernedPerson(delegate);
    }
    managerDecidedBy = delegate == null ? approver : delegate;
    managerActingFor = delegate == null ? null : approver;
    managerDecidedAt = now;
    managerComment = cut(comment);
    if (!approved) {
      reject("rejected by the line manager " + (delegate == null ? approver : delegate + " acting for " + approver)
          + (comment == null ? "" : ": " + comment));
    } else {
      status = approval == Approval.MANAGER_AND_OWNER ? ServiceRequestStatus.OWNER_APPROVAL
          : ServiceRequestStatus.APPROVED;
    }
  }

  /**
   * The owner group's decision: four eyes, so not the line manager who approved either, nor their delegate who
   * decided for them, nor the line manager the approval was routed to ({@code routedLineManager}, null when it went
   * to the managers group): a delegate's decision stored before {@code managerActingFor} names only the delegate.
   */
  void decideAsOwner(String actor, String routedLineManager, boolean approved, String comment, Instant now) {
    require(ServiceRequestStatus.OWNER_APPROVAL, "be approved by the owner group");
    refuseConcernedPerson(actor);
    if (actor.equals(managerDecidedBy) || actor.equals(managerActingFor) || actor.equals(routedLineManager)) {
      throw new ForbiddenException("The owner approval of " + number + " needs a second person: " + actor
          + (actor.equals(managerDecidedBy) || actor.equals(managerActingFor) ? " decided it as line manager"
              + (managerActingFor == null ? "" : " (" + managerDecidedBy + " acting for " + managerActingFor + ")")
              : " is the line manager it was routed to (decided by " + managerDecidedBy + ")"));
    }
    ownerDecidedBy = actor;
    ownerDecidedAt = now;
    ownerComment = cut(comment);
    if (!approved) {
      reject("rejected by the owner group (" + actor + ")" + (comment == null ? "" : ": " + comment));
    } else {
      status = ServiceRequestStatus.APPROVED;
    }
  }

  private void refuseConcernedPerson(String actor) {
    if (actor.equals(requester) || actor.equals(requestedFor)) {
      throw new ForbiddenException("Nobody approves a request of their own or for themselves: " + number);
    }
  }

  // ---- fulfilment --------------------------------------------------------------------------------------------------

  /** Fulfilment by the group begins (approved, or the item needs no approval); the SLA clock runs from now. */
  void startFulfilment(Instant dueAt, Instant now) {
    requireApproved();
    status = ServiceRequestStatus.IN_FULFILMENT;
    fulfilmentStartedAt = now;
    fulfilmentDueAt = Objects.requireNonNull(dueAt);
  }

  /**
   * Fulfilment by the access SOP begins: no due date, since no fulfilment group works on it and the access SOP's
   * approvals run on their own SLAs. False when it is in fulfilment already (a model before 1.2.0 started the group's
   * clock for every item, due date included).
   */
  boolean startFulfilmentThroughAccess(Instant now) {
    if (accessResource == null) {
      throw new ConflictException(number + ": item " + itemKey + " grants no access");
    }
    if (status == ServiceRequestStatus.IN_FULFILMENT) {
      return false;
    }
    requireApproved();
    status = ServiceRequestStatus.IN_FULFILMENT;
    fulfilmentStartedAt = now;
    return true;
  }

  private void requireApproved() {
    if (status != ServiceRequestStatus.SUBMITTED && status != ServiceRequestStatus.APPROVED) {
      throw new ConflictException(number + " is " + status + ": fulfilment starts only once it is approved");
    }
  }

  /** The access SOP's request that provisions this item's access. */
  void linkAccessRequest(String key) {
    require(ServiceRequestStatus.IN_FULFILMENT, "ask for access");
    if (accessResource == null) {
      throw new ConflictException(number + ": item " + itemKey + " grants no access");
    }
    if (accessRequestKey != null && !accessRequestKey.equals(key)) {
      throw new ConflictException(number + " already asked for access: " + accessRequestKey);
    }
    accessRequestKey = key;
  }

  /** The fulfilment group's work is done, every checklist item confirmed. */
  void fulfil(String actor, String notes, boolean checklistComplete, Instant now) {
    require(ServiceRequestStatus.IN_FULFILMENT, "be fulfilled");
    if (accessResource != null) {
      throw new ConflictException(number + " is fulfilled by the access SOP granting " + accessResource);
    }
    if (checklist != null && !checklistComplete) {
      throw new InvalidRequestException("checklistComplete", "every checklist item must be done: " + checklist);
    }
    fulfilledBy = actor;
    fulfilmentNotes = cut(notes);
    fulfilledAt = now;
    status = ServiceRequestStatus.FULFILLED;
  }

  /** The access SOP granted the access this item asks for. */
  void accessGranted(Instant now) {
    require(ServiceRequestStatus.IN_FULFILMENT, "be fulfilled by granted access");
    fulfilledBy = "access:" + accessRequestKey;
    fulfilmentNotes = "Access to " + accessResource + " granted through " + accessRequestKey;
    fulfilledAt = now;
    status = ServiceRequestStatus.FULFILLED;
  }

  /** The access SOP did not grant it: the request ends rejected. */
  void accessRefused(String reason) {
    require(ServiceRequestStatus.IN_FULFILMENT, "end with refused access");
    reject(cut(reason));
  }

  /**
   * The fulfilment target passed before the work was done (recorded once, for the SLA report). Without a target
   * (fulfilled by the access SOP) there is nothing to breach.
   */
  boolean recordBreach() {
    if (status != ServiceRequestStatus.IN_FULFILMENT || fulfilmentBreached || fulfilmentDueAt == null) {
      return false;
    }
    fulfilmentBreached = true;
    return true;
  }

  // ---- closure -----------------------------------------------------------------------------------------------------

  /** The requester confirms the fulfilment and rates it, 1 (poor) to 5 (excellent). */
  void confirm(String actor, int rating, String comment, Instant now) {
    require(ServiceRequestStatus.FULFILLED, "be confirmed");
    if (!actor.equals(requester)) {
      throw new ForbiddenException("Only the requester " + requester + " confirms " + number);
    }
    if (rating < 1 || rating > 5) {
      throw new InvalidRequestException("rating", "must be 1 to 5");
    }
    this.rating = rating;
    this.ratingComment = cut(comment);
    this.closedAt = now;
    this.status = ServiceRequestStatus.CLOSED;
  }

  /** Nobody confirmed in time: closes without a rating. */
  void closeAutomatically(Instant now) {
    require(ServiceRequestStatus.FULFILLED, "close by itself");
    closedAutomatically = true;
    closedAt = now;
    status = ServiceRequestStatus.CLOSED;
  }

  private void reject(String reason) {
    rejectionReason = cut(reason);
    status = ServiceRequestStatus.REJECTED;
  }

  private void require(ServiceRequestStatus expected, String what) {
    if (status != expected) {
      throw new ConflictException(number + " is " + status + " and cannot " + what);
    }
  }

  static String cut(String s) {
    return s == null ? null : s.length() <= TEXT ? s : s.substring(0, TEXT);
  }

  /** Time from the start of fulfilment to its end, in whole minutes (null while it is not fulfilled). */
  public Long fulfilmentMinutes() {
    return fulfilmentStartedAt == null || fulfilledAt == null ? null
        : Duration.between(fulfilmentStartedAt, fulfilledAt).toMinutes();
  }

  // ---- read access -------------------------------------------------------------------------------------------------

  public Long getId() {
    return id;
  }

  public String getNumber() {
    return number;
  }

  public String getItemKey() {
    return itemKey;
  }

  public String getItemName() {
    return itemName;
  }

  public Approval getApproval() {
    return approval;
  }

  public String getOwnerGroup() {
    return ownerGroup;
  }

  public String getFulfilmentGroup() {
    return fulfilmentGroup;
  }

  public Duration getFulfilmentTarget() {
    return Duration.parse(fulfilmentTarget);
  }

  public String getFulfilmentCalendar() {
    return fulfilmentCalendar;
  }

  public String getChecklist() {
    return checklist;
  }

  public String getAccessResource() {
    return accessResource;
  }

  public String getRequester() {
    return requester;
  }

  public String getRequestedFor() {
    return requestedFor;
  }

  public String getJustification() {
    return justification;
  }

  public Map<String, String> getDetails() {
    return Map.copyOf(details);
  }

  public ServiceRequestStatus getStatus() {
    return status;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public String getProcessInstanceId() {
    return processInstanceId;
  }

  public String getManagerDecidedBy() {
    return managerDecidedBy;
  }

  public String getManagerActingFor() {
    return managerActingFor;
  }

  public Instant getManagerDecidedAt() {
    return managerDecidedAt;
  }

  public String getManagerComment() {
    return managerComment;
  }

  public String getOwnerDecidedBy() {
    return ownerDecidedBy;
  }

  public Instant getOwnerDecidedAt() {
    return ownerDecidedAt;
  }

  public String getOwnerComment() {
    return ownerComment;
  }

  public String getRejectionReason() {
    return rejectionReason;
  }

  public String getAccessRequestKey() {
    return accessRequestKey;
  }

  public Instant getFulfilmentStartedAt() {
    return fulfilmentStartedAt;
  }

  public Instant getFulfilmentDueAt() {
    return fulfilmentDueAt;
  }

  public boolean isFulfilmentBreached() {
    return fulfilmentBreached;
  }

  public String getFulfilledBy() {
    return fulfilledBy;
  }

  public Instant getFulfilledAt() {
    return fulfilledAt;
  }

  public String getFulfilmentNotes() {
    return fulfilmentNotes;
  }

  public Instant getClosedAt() {
    return closedAt;
  }

  public boolean isClosedAutomatically() {
    return closedAutomatically;
  }

  public Integer getRating() {
    return rating;
  }

  public String getRatingComment() {
    return ratingComment;
  }
}
