package io.sopflow.request.process;

/**
 * Names of {@code processes/ServiceRequestProcess.bpmn}: process key, variables, form fields, messages, element ids.
 * The process carries references (the request's number, the people and groups it addresses), decisions and SLA dates.
 */
public final class ServiceRequestProcess {

  public static final String PROCESS_KEY = "ServiceRequestProcess";

  // Variables: references, routing, decisions, SLA dates.
  public static final String REQUEST_NUMBER = "requestNumber";
  public static final String REQUESTER = "requester";
  public static final String REQUESTED_FOR = "requestedFor";
  public static final String APPROVAL = "approval";
  public static final String MANAGER_APPROVER = "managerApprover";
  public static final String OWNER_GROUP = "ownerGroup";
  public static final String FULFILMENT_GROUP = "fulfilmentGroup";
  public static final String APPROVED = "approved";
  public static final String FULFILMENT_DUE_AT = "fulfilmentDueAt";
  public static final String FULFILMENT_WARNING_AT = "fulfilmentWarningAt";
  public static final String GRANTS_ACCESS = "grantsAccess";
  public static final String ACCESS_REQUEST_KEY = "accessRequestKey";
  public static final String FULFILLED = "fulfilled";
  public static final String AUTO_CLOSE_AT = "autoCloseAt";

  // Task settings (input parameters).
  public static final String APPROVAL_STAGE = "approvalStage";

  // Form fields: task-local display values, and what people submit.
  public static final String ITEM_NAME = "itemName";
  public static final String DISPLAY_REQUESTER = "displayRequester";
  public static final String DISPLAY_REQUESTED_FOR = "displayRequestedFor";
  public static final String JUSTIFICATION = "justification";
  public static final String REQUEST_DETAILS = "requestDetails";
  public static final String CHECKLIST = "checklist";
  public static final String DISPLAY_FULFILMENT_NOTES = "displayFulfilmentNotes";
  public static final String DECISION = "decision";
  public static final String DECISION_APPROVE = "APPROVE";
  public static final String DECISION_REJECT = "REJECT";
  public static final String COMMENT = "comment";
  public static final String FULFILMENT_NOTES = "fulfilmentNotes";
  public static final String CHECKLIST_COMPLETE = "checklistComplete";
  public static final String RATING = "rating";
  public static final String RATING_COMMENT = "ratingComment";

  // Messages.
  public static final String MESSAGE_ACCESS_DECIDED = "ServiceRequestAccessDecided";

  // Elements.
  public static final String START_REQUESTED = "StartEvent_ServiceRequested";
  public static final String TASK_APPROVE_AS_LINE_MANAGER = "Task_ApproveAsLineManager";
  public static final String TASK_APPROVE_AS_OWNER = "Task_ApproveAsOwnerGroup";
  public static final String BOUNDARY_MANAGER_REMINDER = "BoundaryEvent_ManagerApprovalReminder";
  public static final String BOUNDARY_MANAGER_OVERDUE = "BoundaryEvent_ManagerApprovalOverdue";
  public static final String BOUNDARY_OWNER_REMINDER = "BoundaryEvent_OwnerApprovalReminder";
  public static final String BOUNDARY_OWNER_OVERDUE = "BoundaryEvent_OwnerApprovalOverdue";
  public static final String TASK_ESCALATE_MANAGER_APPROVAL = "Task_EscalateManagerApproval";
  public static final String TASK_TELL_MANAGERS_MANAGER_APPROVAL_OVERDUE = "Task_TellManagersManagerApprovalOverdue";
  public static final String END_MANAGER_APPROVAL_ESCALATED = "EndEvent_ManagerApprovalEscalated";
  public static final String TASK_ESCALATE_OWNER_APPROVAL = "Task_EscalateOwnerApproval";
  public static final String TASK_TELL_MANAGERS_OWNER_APPROVAL_OVERDUE = "Task_TellManagersOwnerApprovalOverdue";
  public static final String END_OWNER_APPROVAL_ESCALATED = "EndEvent_OwnerApprovalEscalated";
  public static final String TASK_START_FULFILMENT = "Task_StartFulfilment";
  public static final String TASK_FULFIL_REQUEST = "Task_FulfilRequest";
  public static final String TASK_REQUEST_ACCESS = "Task_RequestAccess";
  /**
   * On "Request access through access SOP" (from model 1.3.0): the access SOP refused to take the request, which the
   * service has ended rejected; on to the requester's mail.
   */
  public static final String BOUNDARY_ACCESS_NOT_REQUESTED = "BoundaryEvent_AccessNotRequested";
  /**
   * Thrown by "Request access" when the access SOP refuses the request. A model before 1.3.0 catches it nowhere, so
   * the engine ends the instance there (the record is rejected either way).
   */
  public static final String ERROR_ACCESS_REFUSED = "SERVICE_REQUEST_ACCESS_REFUSED";
  /**
   * Model 1.1.0's gateway after the fulfilment subprocess ("Fulfilled?", reading {@value #FULFILLED}): an uncaught
   * {@value #ERROR_ACCESS_REFUSED} inside the subprocess ends only that path, the subprocess completes and this gateway
   * takes its "No" flow to the requester's mail. Gone since 1.2.0.
   */
  public static final String GATEWAY_FULFILLED_BEFORE_1_2 = "Gateway_Fulfilled";
  /** The requester's mail when the request ends rejected (by an approver, or by the access SOP). */
  public static final String TEMPLATE_REJECTED = "service-request-rejected";
  public static final String TASK_AWAIT_ACCESS_DECISION = "Task_AwaitAccessDecision";
  public static final String TASK_MAIL_ACCESS_REFUSED = "Task_MailAccessRefused";
  public static final String END_ACCESS_REFUSED = "EndEvent_AccessRefused";
  public static final String BOUNDARY_FULFILMENT_WARNING = "BoundaryEvent_FulfilmentSlaWarning";
  public static final String BOUNDARY_FULFILMENT_BREACHED = "BoundaryEvent_FulfilmentSlaBreached";
  public static final String TASK_ESCALATE_FULFILMENT = "Task_EscalateFulfilmentBreach";
  public static final String TASK_CONFIRM_FULFILMENT = "Task_ConfirmFulfilment";
  public static final String BOUNDARY_AUTO_CLOSE = "BoundaryEvent_AutoClose";
  public static final String TASK_CLOSE_AUTOMATICALLY = "Task_CloseAutomatically";
  public static final String TASK_MAIL_REJECTED = "Task_MailRequestRejected";
  public static final String END_REJECTED = "EndEvent_RequestRejected";
  public static final String END_CLOSED = "EndEvent_RequestClosed";
  public static final String END_CLOSED_AUTOMATICALLY = "EndEvent_RequestClosedAutomatically";

  private ServiceRequestProcess() {}
}
