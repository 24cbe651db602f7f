package io.sopflow.request;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON of {@code /api/service-requests} and {@code /api/service-catalogue}: field names are a public contract. */
public final class ServiceRequestApi {

  /** Item keys and detail field names: short, lower-case or camelCase, nothing that needs escaping. */
  static final String ITEM_KEY = "[a-z0-9][a-z0-9-]{1,63}";
  static final String DETAIL_NAME = "[a-zA-Z][a-zA-Z0-9]{0,39}";

  private ServiceRequestApi() {}

  /**
   * {@code POST /api/service-requests}. Whether the item exists, the person is known and the details the item needs
   * are there is checked by the service (400 naming {@code item}, {@code requestedFor}, {@code details.<field>}).
   */
  public record RequestService(
      @NotBlank @Size(max = 64) String item,
      @NotBlank @Size(max = 64) String requestedFor,
      @NotBlank @Size(max = 2000) String justification,
      @Size(max = 20) Map<String, @Size(max = 1000) String> details) {}

  /** {@code POST/PUT /api/service-catalogue}: an item's settings. */
  public record CatalogueItemInput(
      @Size(max = 64) String key,
      @NotBlank @Size(max = 200) String name,
      @Size(max = 2000) String description,
      @NotNull Approval approval,
      @NotBlank @Size(max = 64) String ownerGroup,
      @NotBlank @Size(max = 64) String fulfilmentGroup,
      @NotBlank @Size(max = 32) String fulfilmentTarget,
      @Size(max = 64) String fulfilmentCalendar,
      @Size(max = 20) List<@Pattern(regexp = DETAIL_NAME, message = "must be a detail field name (letters and "
          + "digits, starting with a letter)") String> requiredDetails,
      @Size(max = 20) List<@NotBlank @Size(max = 200) @Pattern(regexp = "[^\\n\\r]*", message = "must be one line")
          String> checklist,
      @Size(max = 64) String accessResource) {}

  public record CatalogueItemView(String key, String name, String description, String approval, String ownerGroup,
      String fulfilmentGroup, String fulfilmentTarget, String fulfilmentCalendar, List<String> requiredDetails,
      List<String> checklist, String accessResource, Instant updatedAt, String updatedBy) {

    static CatalogueItemView of(ServiceCatalogueItem i) {
      return new CatalogueItemView(i.getItemKey(), i.getName(), i.getDescription(), i.getApproval().name(),
          i.getOwnerGroup(), i.getFulfilmentGroup(), i.getFulfilmentTarget().toString(), i.getFulfilmentCalendar(),
          i.getRequiredDetails(), i.getChecklist(), i.getAccessResource(), i.getUpdatedAt(), i.getUpdatedBy());
    }
  }

  /**
   * A service request with its SLA figures, its approvals, its fulfilment and the requester's rating.
   * {@code managerActingFor}: the line manager a delegate decided for ({@code managerDecidedBy} is then the delegate).
   */
  public record RequestView(String number, String item, String itemName, String status, boolean approvalRequired,
      String approval, String requester, String requestedFor, String justification, Map<String, String> details,
      String ownerGroup, String fulfilmentGroup, String fulfilmentTarget, String fulfilmentCalendar,
      List<String> checklist, String accessResource, String accessRequestKey, String managerDecidedBy,
      String managerActingFor, Instant managerDecidedAt, String managerComment, String ownerDecidedBy, Instant ownerDecidedAt,
      String ownerComment, String rejectionReason, Instant fulfilmentStartedAt, Instant fulfilmentDueAt,
      boolean fulfilmentBreached, String fulfilledBy, Instant fulfilledAt, String fulfilmentNotes,
      Long fulfilmentMinutes, Instant closedAt, boolean closedAutomatically, Integer rating, String ratingComment,
      Instant createdAt, String processInstanceId) {

    static RequestView of(ServiceRequest r) {
      return new RequestView(r.getNumber(), r.getItemKey(), r.getItemName(), r.getStatus().name(),
          r.getApproval() != Approval.NONE, r.getApproval().name(), r.getRequester(), r.getRequestedFor(),
          r.getJustification(), new TreeMap<>(r.getDetails()), r.getOwnerGroup(), r.getFulfilmentGroup(),
          r.getFulfilmentTarget().toString(), r.getFulfilmentCalendar(),
          r.getChecklist() == null ? List.of() : List.of(r.getChecklist().split("\n")), r.getAccessResource(),
          r.getAccessRequestKey(), r.getManagerDecidedBy(), r.getManagerActingFor(), r.getManagerDecidedAt(),
          r.getManagerComment(), r.getOwnerDecidedBy(), r.getOwnerDecidedAt(), r.getOwnerComment(), r.getRejectionReason(),
          r.getFulfilmentStartedAt(), r.getFulfilmentDueAt(), r.isFulfilmentBreached(), r.getFulfilledBy(),
          r.getFulfilledAt(), r.getFulfilmentNotes(), r.fulfilmentMinutes(), r.getClosedAt(),
          r.isClosedAutomatically(), r.getRating(), r.getRatingComment(), r.getCreatedAt(), r.getProcessInstanceId());
    }
  }

  /**
   * What the process starts with: references and routing, never the record. {@code grantsAccess}: the access SOP
   * fulfils it (the item's access resource, as it was when requested), so no fulfilment group's clock runs.
   */
  public record ProcessStart(String number, String requester, String requestedFor, String approval,
      String managerApprover, String ownerGroup, String fulfilmentGroup, boolean grantsAccess) {}

  /**
   * The fulfilment group's clock starts: the task's due date and warning date from the SLA clock. {@code grantsAccess}
   * routes instances of the model before 1.2.0, which started this clock for every item and decided only then.
   */
  public record FulfilmentStart(Instant dueAt, Instant warningAt, boolean grantsAccess) {}

  /**
   * What asking the access SOP for an item's access did: the access request's key, or why the access SOP refused to
   * take the request (then the service request ended rejected, and no access request exists).
   */
  public record AccessAsked(String accessRequestKey, String refusal) {

    public boolean refused() {
      return refusal != null;
    }
  }

  /** What the tasks show, read from the record when a task is created. */
  public record TaskDetails(String number, String itemName, String requester, String requestedFor,
      String justification, String details, String checklist, String fulfilmentNotes) {

    static TaskDetails of(ServiceRequest r) {
      StringBuilder details = new StringBuilder();
      new TreeMap<>(r.getDetails()).forEach((k, v) -> details.append(k).append(": ").append(v).append('\n'));
      return new TaskDetails(r.getNumber(), r.getItemName(), r.getRequester(), r.getRequestedFor(),
          r.getJustification(), details.toString().strip(), r.getChecklist() == null ? "" : r.getChecklist(),
          r.getFulfilmentNotes() == null ? "" : r.getFulfilmentNotes());
    }
  }
}
