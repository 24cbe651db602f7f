package io.sopflow.access.process;

/** Names of {@code processes/AccessProvisioningProcess.bpmn} that code relies on. */
public final class AccessProvisioningProcess {

  public static final String PROCESS_KEY = "AccessProvisioningProcess";

  // variables: references and routing (people and groups the process addresses); what the forms display comes from
  // the record when a task is created (AccessDecisionListener), never from process variables
  public static final String ACCESS_REQUEST_ID = "accessRequestId";
  public static final String ACCESS_REQUEST_KEY = "accessRequestKey";
  public static final String BENEFICIARY = "beneficiary";
  public static final String REQUESTER = "requester";
  public static final String MANAGER_APPROVER = "managerApprover";
  public static final String OWNER_GROUP = "ownerGroup";

  // variables: outcomes
  public static final String SOD_CONFLICT = "sodConflict";
  public static final String SOD_EXCEPTION_GRANTED = "sodExceptionGranted";
  public static final String MANAGER_APPROVED = "managerApproved";
  public static final String OWNER_APPROVED = "ownerApproved";
  /** What provisioning did: PROVISIONED, SOD_CONFLICT or REFUSED ({@code AccessProcessData.Provisioning}). */
  public static final String PROVISIONING_OUTCOME = "provisioningOutcome";
  public static final String GRANT_TIME_BOXED = "grantTimeBoxed";
  public static final String ACCESS_EXPIRES_AT = "accessExpiresAt";
  public static final String EXPIRY_REMINDER_AT = "expiryReminderAt";
  public static final String EXPIRY_REMINDER_WANTED = "expiryReminderWanted";
  /** The beneficiary left while the grant was provisioned: straight on to revocation. */
  public static final String REVOKE_ONCE_PROVISIONED = "revokeOnceProvisioned";
  public static final String REVOKED_BY = "revokedBy";
  public static final String REVOCATION_REASON = "revocationReason";
  public static final String CANCELLED_BY = "cancelledBy";

  // form fields (keys = variable names in forms/Form_*.form)
  public static final String SOD_DECISION = "sodDecision";
  public static final String SOD_COMMENT = "sodComment";
  public static final String MANAGER_DECISION = "managerDecision";
  public static final String MANAGER_COMMENT = "managerComment";
  public static final String OWNER_DECISION = "ownerDecision";
  public static final String OWNER_COMMENT = "ownerComment";
  public static final String DECISION_APPROVE = "APPROVE";
  public static final String DECISION_GRANT_EXCEPTION = "GRANT_EXCEPTION";
  public static final String DECISION_REJECT = "REJECT";

  // input parameters of the decision tasks: which approval a task is and the variable its gateway reads, so a step
  // added or renamed in Modeler needs no Java (AccessDecisionListener)
  static final String SETTING_APPROVAL_STAGE = "approvalStage";
  static final String SETTING_DECISION_VARIABLE = "decisionVariable";

  // messages
  public static final String MESSAGE_REVOCATION_REQUESTED = "AccessRevocationRequested";
  public static final String MESSAGE_CANCELLATION_REQUESTED = "AccessCancellationRequested";

  // activities
  public static final String TASK_CHECK_SOD = "Task_CheckSegregationOfDuties";
  public static final String TASK_REVIEW_SOD_CONFLICT = "Task_ReviewSodConflict";
  public static final String TASK_APPROVE_AS_LINE_MANAGER = "Task_ApproveAsLineManager";
  public static final String TASK_APPROVE_AS_RESOURCE_OWNER = "Task_ApproveAsResourceOwner";
  public static final String TASK_REJECT_OVERDUE_MANAGER_APPROVAL = "Task_RejectOverdueManagerApproval";
  public static final String TASK_REJECT_OVERDUE_OWNER_APPROVAL = "Task_RejectOverdueOwnerApproval";
  public static final String TASK_REJECT_OVERDUE_SOD_REVIEW = "Task_RejectOverdueSodReview";
  public static final String TASK_REMIND_SECURITY_OFFICERS = "Task_RemindSecurityOfficers";
  public static final String TASK_REMIND_LINE_MANAGER = "Task_RemindLineManager";
  public static final String TASK_REMIND_RESOURCE_OWNER = "Task_RemindResourceOwner";
  public static final String TASK_NOTIFY_REQUEST_REJECTED = "Task_NotifyRequestRejected";
  public static final String TASK_PROVISION_ACCESS = "Task_ProvisionAccess";
  public static final String TASK_VERIFY_ACCESS = "Task_VerifyAccess";
  public static final String GATEWAY_ACCESS_PROVISIONED = "Gateway_AccessProvisioned";
  /**
   * Thrown by provisioning only in an instance of a model before 1.7.0 (no {@value #GATEWAY_ACCESS_PROVISIONED}) whose
   * request was not provisioned: the model catches no such error, so the engine ends the instance there.
   */
  public static final String ERROR_NOT_PROVISIONED = "ACCESS_NOT_PROVISIONED";
  public static final String TASK_NOTIFY_ACCESS_GRANTED = "Task_NotifyAccessGranted";
  public static final String TASK_AWAIT_EXPIRY = "Task_AwaitExpiry";
  public static final String TASK_AWAIT_REVOCATION = "Task_AwaitRevocation";
  public static final String TASK_SEND_EXPIRY_REMINDER = "Task_SendExpiryReminder";
  public static final String TASK_REMOVE_EXPIRED_ACCESS = "Task_RemoveExpiredAccess";
  public static final String TASK_NOTIFY_ACCESS_EXPIRED = "Task_NotifyAccessExpired";
  public static final String TASK_REVOKE_ACCESS = "Task_RevokeAccess";
  public static final String TASK_NOTIFY_ACCESS_REVOKED = "Task_NotifyAccessRevoked";
  public static final String TASK_VERIFY_REVOCATION = "Task_VerifyRevocation";
  public static final String TASK_VERIFY_ACCESS_REMOVED = "Task_VerifyAccessRemoved";
  public static final String BOUNDARY_LINE_MANAGER_REMINDER = "BoundaryEvent_LineManagerApprovalReminder";
  public static final String BOUNDARY_LINE_MANAGER_OVERDUE = "BoundaryEvent_LineManagerApprovalOverdue";
  public static final String BOUNDARY_OWNER_REMINDER = "BoundaryEvent_OwnerApprovalReminder";
  public static final String BOUNDARY_OWNER_OVERDUE = "BoundaryEvent_OwnerApprovalOverdue";
  public static final String BOUNDARY_SOD_REVIEW_REMINDER = "BoundaryEvent_SodReviewReminder";
  public static final String BOUNDARY_SOD_REVIEW_OVERDUE = "BoundaryEvent_SodReviewOverdue";
  public static final String BOUNDARY_EXPIRY_REMINDER = "BoundaryEvent_ExpiryReminder";
  public static final String BOUNDARY_GRANT_EXPIRED = "BoundaryEvent_GrantExpired";
  public static final String END_REQUEST_REJECTED = "EndEvent_RequestRejected";
  public static final String END_ACCESS_EXPIRED = "EndEvent_AccessExpired";
  public static final String END_ACCESS_REVOKED = "EndEvent_AccessRevoked";
  public static final String END_EXPIRY_REMINDER_SENT = "EndEvent_ExpiryReminderSent";
  public static final String END_EXPIRY_REMINDER_SKIPPED = "EndEvent_ExpiryReminderSkipped";
  public static final String END_SECURITY_OFFICERS_REMINDED = "EndEvent_SecurityOfficersReminded";
  public static final String START_CANCELLATION_REQUESTED = "StartEvent_CancellationRequested";
  public static final String END_ACCESS_REQUEST_CANCELLED = "EndEvent_AccessRequestCancelled";

  private AccessProvisioningProcess() {}
}
