package io.sopflow.request;

import io.sopflow.access.AccessRequestInput;
import io.sopflow.access.AccessAlreadyRequestedException;
import io.sopflow.access.AccessRequestService;
import io.sopflow.access.AccessRequestService.Submission;
import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.domain.RecordPage;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.Links;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.persistence.RecordsByNumber;
import io.sopflow.request.ServiceRequestApi.AccessAsked;
import io.sopflow.request.ServiceRequestApi.FulfilmentStart;
import io.sopflow.request.ServiceRequestApi.ProcessStart;
import io.sopflow.request.ServiceRequestApi.RequestService;
import io.sopflow.request.ServiceRequestApi.RequestView;
import io.sopflow.request.ServiceRequestApi.TaskDetails;
import io.sopflow.sla.SlaBreached;
import io.sopflow.sla.SlaClock;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Service request fulfilment, the public face of the SOP for the REST API and the process: requests for catalogue
 * items, their approvals (line manager of the person it is for, then the item's owner group), the fulfilment with
 * its SLA, access provisioned through the access SOP, the requester's confirmation and rating. Every step is audited.
 */
@Service
@Transactional
public class ServiceRequestService implements NotificationModelContributor {

  static final String SUBJECT = "ServiceRequest";
  static final String TYPE = "Service request";
  static final String NUMBER_PREFIX = "REQ-";
  /** The SLA target of the fulfilment (each catalogue item's own target), as {@link SlaBreached} counts it. */
  static final String FULFILMENT = "fulfilment";

  /** The line manager and the owner group; which one decides is the task's setting {@code approvalStage}. */
  public enum ApprovalStage { MANAGER, OWNER }

  private final ServiceRequestRepository requests;
  private final RecordsByNumber byNumber;
  private final ServiceCatalogue catalogue;
  private final AccessRequestService accessRequests;
  private final ServiceRequestProperties properties;
  private final SlaClock slaClock;
  private final Directory directory;
  private final CurrentUser currentUser;
  private final RecordVisibility visibility;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Links links;

  ServiceRequestService(ServiceRequestRepository requests, ServiceCatalogue catalogue,
      AccessRequestService accessRequests, ServiceRequestProperties properties, SlaClock slaClock,
      Directory directory, CurrentUser currentUser, RecordVisibility visibility, AuditTrail audit,
      ApplicationEventPublisher events, Clock clock, Links links,
      RecordsByNumber byNumber) {
    this.byNumber = byNumber;
    this.requests = requests;
    this.catalogue = catalogue;
    this.accessRequests = accessRequests;
    this.properties = properties;
    this.slaClock = slaClock;
    this.directory = directory;
    this.currentUser = currentUser;
    this.visibility = visibility;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
    this.links = links;
    slaClock.calendar(properties.autoCloseCalendar());
  }

  // ---- API -------------------------------------------------------------------------------------------------------

  /**
   * Saves the request and starts its process in the same transaction; the requester is the caller. Refused with a
   * 400 naming the field, and nothing stored: an unknown item ({@code item}), an unknown person
   * ({@code requestedFor}), a missing or malformed detail ({@code details.<field>}); for an item that grants access,
   * also what the access SOP would refuse: a locked person ({@code requestedFor}, 400), a right they hold or asked
   * for already ({@code item}, 409).
   */
  public RequestView submit(RequestService input) {
    String requester = currentUser.require();
    ServiceCatalogueItem item = catalogue.find(input.item())
        .orElseThrow(() -> new InvalidRequestException("item", "is not an item of the service catalogue"));
    if (!directory.userExists(input.requestedFor())) {
      throw new InvalidRequestException("requestedFor", "is not a known user");
    }
    if (input.justification() == null || input.justification().isBlank()) {
      throw new InvalidRequestException("justification", "must not be blank");
    }
    Map<String, String> details = checkedDetails(item, input.details());
    if (item.getAccessResource() != null) {
      // The access SOP would refuse it in requestAccess, a background step (retries, then an incident): refused now.
      try {
        accessRequests.requireRequestable(input.requestedFor(), item.getAccessResource());
      } catch (AccessAlreadyRequestedException e) {
        throw new AccessAlreadyRequestedException("item", e.getMessage());
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("requestedFor", e.getMessage());
      }
    }
    ServiceRequest r = requests.saveAndFlush(new ServiceRequest(item, requester, input.requestedFor(),
        input.justification().strip(), details, clock.instant()));
    r.assignNumber();
    audit.record(AuditEvent.of(requester, "REQUESTED", SUBJECT, r.getNumber(), "item=" + item.getItemKey()
        + ", requestedFor=" + r.getRequestedFor() + ", approval=" + r.getApproval() + ", details="
        + new TreeMap<>(details).keySet()));
    events.publishEvent(new ServiceRequested(r.getNumber()));
    return RequestView.of(r);
  }

  @Transactional(readOnly = true)
  public RequestView find(String number) {
    ServiceRequest r = byNumber.find(ServiceRequest.class, number)
        .orElseThrow(() -> new RecordNotFoundException(TYPE, number));
    return RequestView.of(visibility.require(r, TYPE, number, workingGroupsOf(r), r.getRequester(),
        r.getRequestedFor()));
  }

  /** The requests the caller may see, newest first, by status, item and person it is for (null = any), one page. */
  @Transactional(readOnly = true)
  public RecordPage<RequestView> list(ServiceRequestStatus status, String item, String requestedFor, PageQuery page) {
    if (item != null && !item.matches(ServiceRequestApi.ITEM_KEY)) {
      throw new InvalidRequestException("item", "must match " + ServiceRequestApi.ITEM_KEY);
    }
    if (requestedFor != null && (requestedFor.isBlank() || requestedFor.length() > 64)) {
      throw new InvalidRequestException("requestedFor", "must be a user id");
    }
    Specification<ServiceRequest> filters = (root, query, cb) -> {
      List<Predicate> where = new ArrayList<>();
      if (status != null) {
        where.add(cb.equal(root.get("status"), status));
      }
      if (item != null) {
        where.add(cb.equal(root.get("itemKey"), item));
      }
      if (requestedFor != null) {
        where.add(cb.equal(root.get("requestedFor"), requestedFor));
      }
      return cb.and(where.toArray(Predicate[]::new));
    };
    Page<ServiceRequest> result = requests.findAll(visibleRequests().and(filters),
        PageRequest.of(page.page(), page.size(), Sort.by(Sort.Direction.DESC, "id")));
    return RecordPage.of(page, result.getContent(), result.getTotalElements(), RequestView::of);
  }

  // ---- process -----------------------------------------------------------------------------------------------------

  /** What the process starts with; called in the submitting transaction. */
  @Transactional(readOnly = true)
  public ProcessStart processStart(String number) {
    ServiceRequest r = get(number);
    return new ProcessStart(r.getNumber(), r.getRequester(), r.getRequestedFor(), r.getApproval().name(),
        managerApprover(r), r.getOwnerGroup(), r.getFulfilmentGroup(), r.getAccessResource() != null);
  }

  public void attachProcessInstance(String number, String processInstanceId) {
    get(number).attachProcessInstance(processInstanceId);
  }

  @Transactional(readOnly = true)
  public TaskDetails taskDetails(String number) {
    return TaskDetails.of(get(number));
  }

  /**
   * {@code approver}'s decision at {@code stage}, taken by {@code delegate} standing in for them when not null (the line
   * manager's delegation in force: the record names the delegate acting for the line manager, and the audit says
   * "<delegate> acting for <approver>"). The requester and the person it is for are refused, as approver or delegate,
   * and so is (for the owner) the line manager who decided or their delegate, and anyone outside the stage's group,
   * whoever the task reached (403): the owner approval is the item's owner group's; the line manager's approval is the
   * person the process routed it to ({@code routedTo}, checked by the process that routes it:
   * {@code ApproveServiceRequestListener}), or the managers' when it was routed to them ({@code routedTo} null). For
   * the owner stage {@code routedTo} is the line manager the manager approval was routed to: refused as owner too, so
   * four eyes hold where the record names a delegate but not whom they acted for (decided before
   * {@code manager_acting_for}, or by a node of the older version during a rolling upgrade). What was routed
   * decides, not the directory now: a line manager recorded or removed since then changes nothing.
   */
  public void decide(String number, ApprovalStage stage, String routedTo, String approver, String delegate,
      boolean approved, String comment) {
    ServiceRequest r = get(number);
    String decision = "decide the " + stage + " approval of " + number;
    // The person deciding: a group's task is never offered to a delegate (platform/process/DelegatedTasks).
    String decider = delegate == null ? approver : delegate;
    if (stage == ApprovalStage.OWNER) {
      directory.requireMemberOfAny(decider, Set.of(r.getOwnerGroup()), decision);
    } else if (routedTo == null || routedTo.isBlank()) {
      directory.requireMemberOfAny(decider, Set.of(Groups.MANAGERS), decision);
    }
    Instant now = clock.instant();
    if (stage == ApprovalStage.MANAGER) {
      r.decideAsManager(approver, delegate, approved, comment, now);
    } else {
      r.decideAsOwner(decider, routedTo, approved, comment, now);
    }
    String action = (approved ? "APPROVED_BY_" : "REJECTED_BY_") + stage;
    if (delegate == null) {
      audit.record(AuditEvent.of(approver, action, SUBJECT, number, comment));
    } else {
      audit.record(new AuditEvent(delegate, approver, action, SUBJECT, number,
          delegate + " acting for " + approver + (comment == null ? "" : ": " + comment)));
    }
  }

  /**
   * The fulfilment group's work begins: the SLA clock runs from now, to the item's target in its calendar. The model
   * calls it only for items the group fulfils; instances of the model before 1.2.0 call it for every item (and keep
   * the due date their timers wait for).
   */
  public FulfilmentStart startFulfilment(String number) {
    ServiceRequest r = get(number);
    Instant now = clock.instant();
    Instant due = slaClock.due(now, r.getFulfilmentTarget(), r.getFulfilmentCalendar());
    Instant warning = slaClock.warningAt(now, r.getFulfilmentTarget(), r.getFulfilmentCalendar());
    r.startFulfilment(due, now);
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "FULFILMENT_STARTED", SUBJECT, number, "group="
        + r.getFulfilmentGroup() + ", due " + due + (r.getAccessResource() == null ? ""
        : ", through the access SOP (" + r.getAccessResource() + ")")));
    return new FulfilmentStart(due, warning, r.getAccessResource() != null);
  }

  /**
   * Asks the access SOP for the item's access, for the person the request is for, in the requester's name; the
   * access request's justification names this request, and this request keeps its key. Once: a retried step finds
   * the link and asks for nothing more. Its fulfilment begins here, without a target of its own: the access SOP
   * approves and grants on its own SLA timers, and no fulfilment group works on it.
   *
   * <p>The access SOP may refuse it although the request passed its checks when it was made: the person was locked
   * meanwhile (a leaver, a security incident), holds the right or asked for it by now, or the resource left the access
   * catalogue. The request then ends as when the access SOP does not grant it: rejected, with the refusal as the
   * reason, audited; the result says so, and the process tells the requester. Anything else that fails is thrown:
   * the step is retried, then becomes an incident.
   */
  public AccessAsked requestAccess(String number) {
    ServiceRequest r = get(number);
    if (r.getAccessRequestKey() != null) {
      return new AccessAsked(r.getAccessRequestKey(), null);
    }
    if (r.startFulfilmentThroughAccess(clock.instant())) {
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "FULFILMENT_STARTED", SUBJECT, number, "through the access SOP ("
          + r.getAccessResource() + "), no fulfilment target: the access SOP's approval SLAs apply"));
    }
    Submission submission = accessRequests.submitForOrRefuse(r.getRequester(), new AccessRequestInput(
        r.getRequestedFor(), r.getAccessResource(), ServiceRequest.cut("Service request " + number + " ("
            + r.getItemName() + "): " + r.getJustification()), null));
    if (submission.isRefused()) {
      r.accessRefused("The access SOP refused " + r.getAccessResource() + " for " + r.getRequestedFor() + " ("
          + submission.refusal() + ")");
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "REJECTED", SUBJECT, number, "access not requested, the access "
          + "SOP refused it: " + submission.refusal()));
      return new AccessAsked(null, submission.refusal());
    }
    r.linkAccessRequest(submission.key());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "ACCESS_REQUESTED", SUBJECT, number, submission.key()));
    return new AccessAsked(submission.key(), null);
  }

  /**
   * The access SOP decided an access request. If a service request asked for it, it is fulfilled (granted) or
   * rejected; returns that request's number and, when fulfilled, when it closes by itself.
   */
  public Optional<AccessOutcome> accessDecided(String accessRequestKey, boolean granted, String reason) {
    Optional<ServiceRequest> found = requests.findByAccessRequestKey(accessRequestKey);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ServiceRequest r = found.get();
    Instant now = clock.instant();
    if (granted) {
      r.accessGranted(now);
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "FULFILLED", SUBJECT, r.getNumber(), "access granted: "
          + accessRequestKey));
      return Optional.of(new AccessOutcome(r.getNumber(), true, autoCloseAt(now)));
    }
    r.accessRefused("The access SOP did not grant " + r.getAccessResource() + ": " + reason);
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "REJECTED", SUBJECT, r.getNumber(), reason));
    return Optional.of(new AccessOutcome(r.getNumber(), false, null));
  }

  /** The outcome of the access a service request asked for. */
  public record AccessOutcome(String number, boolean granted, Instant autoCloseAt) {}

  /** The fulfilment group's work is done; returns when the request closes by itself unless the requester confirms. */
  public Instant fulfil(String number, String actor, String notes, boolean checklistComplete) {
    ServiceRequest r = get(number);
    Instant now = clock.instant();
    r.fulfil(actor, notes, checklistComplete, now);
    audit.record(AuditEvent.of(actor, "FULFILLED", SUBJECT, number, notes));
    return autoCloseAt(now);
  }

  /**
   * The fulfilment target passed (the task stays with its group; managers and the owner group are told): recorded
   * once and counted as the SLA target {@code fulfilment} (the catalogue item's target, not a step SLA).
   */
  public void recordBreach(String number) {
    ServiceRequest r = get(number);
    if (r.recordBreach()) {
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "FULFILMENT_BREACHED", SUBJECT, number, "due "
          + r.getFulfilmentDueAt()));
      events.publishEvent(SlaBreached.in(ServiceRequestService.class, null, FULFILMENT, 1));
    }
  }

  public void confirm(String number, String actor, int rating, String comment) {
    ServiceRequest r = get(number);
    r.confirm(actor, rating, comment, clock.instant());
    audit.record(AuditEvent.of(actor, "CONFIRMED", SUBJECT, number, "rating " + rating
        + (comment == null ? "" : ": " + comment)));
  }

  public void closeAutomatically(String number) {
    ServiceRequest r = get(number);
    r.closeAutomatically(clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "CLOSED_AUTOMATICALLY", SUBJECT, number,
        "not confirmed within " + properties.autoCloseAfter()));
  }

  // ---- notifications ---------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(NUMBER_PREFIX);
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Object> model(String reference) {
    return byNumber.find(ServiceRequest.class, reference).map(r -> {
      Map<String, Object> model = new HashMap<>();
      model.put("title", r.getItemName() + " for " + r.getRequestedFor());
      model.put("item", r.getItemName());
      model.put("status", r.getStatus().name());
      model.put("requester", r.getRequester());
      model.put("requestedFor", r.getRequestedFor());
      model.put("fulfilmentGroup", r.getFulfilmentGroup());
      model.put("ownerGroup", r.getOwnerGroup());
      model.put("fulfilmentDueAt", orEmpty(r.getFulfilmentDueAt()));
      model.put("rejectionReason", orEmpty(r.getRejectionReason()));
      model.put("fulfilmentNotes", orEmpty(r.getFulfilmentNotes()));
      model.put("accessRequestKey", orEmpty(r.getAccessRequestKey()));
      model.put("link", links.record("service-requests", r.getNumber()));
      return model;
    }).orElseGet(Map::of);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private Map<String, String> checkedDetails(ServiceCatalogueItem item, Map<String, String> given) {
    Map<String, String> details = new LinkedHashMap<>();
    if (given != null) {
      for (Map.Entry<String, String> e : given.entrySet()) {
        if (e.getKey() == null || !e.getKey().matches(ServiceRequestApi.DETAIL_NAME)) {
          throw new InvalidRequestException("details", "field names are letters and digits, starting with a letter");
        }
        String value = e.getValue() == null ? "" : e.getValue().strip();
        if (value.isEmpty()) {
          continue;
        }
        if (value.length() > 1000) {
          throw new InvalidRequestException("details." + e.getKey(), "must be at most 1000 characters");
        }
        details.put(e.getKey(), value);
      }
    }
    for (String required : item.getRequiredDetails()) {
      if (!details.containsKey(required)) {
        throw new InvalidRequestException("details." + required, "is required for " + item.getItemKey());
      }
    }
    return details;
  }

  private Instant autoCloseAt(Instant now) {
    return slaClock.due(now, properties.autoCloseAfter(), properties.autoCloseCalendar());
  }

  /**
   * Whom the line manager's approval is routed to when the request starts: the line manager of the person it is for,
   * unless that is the requester or that person (then: managers). Read once; the process carries it from then on.
   */
  private String managerApprover(ServiceRequest r) {
    return directory.managerOf(r.getRequestedFor())
        .filter(m -> !m.equals(r.getRequestedFor()) && !m.equals(r.getRequester()))
        .filter(directory::userExists)
        .orElse(null);
  }

  /** Its fulfilment group and owner group work on a request (besides managers and admins, who see every one). */
  private static Set<String> workingGroupsOf(ServiceRequest r) {
    return new java.util.HashSet<>(List.of(r.getFulfilmentGroup(), r.getOwnerGroup()));
  }

  private Specification<ServiceRequest> visibleRequests() {
    return visibility.visibleRecords(Set.of(), List.of("fulfilmentGroup", "ownerGroup"), "requester", "requestedFor");
  }

  private ServiceRequest get(String number) {
    return byNumber.find(ServiceRequest.class, number)
        .orElseThrow(() -> new IllegalStateException("No service request " + number));
  }

  private static Object orEmpty(Object value) {
    return value == null ? "" : value;
  }
}
