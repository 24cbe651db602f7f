package io.sopflow.sop.process;

/** Names of {@code processes/SopRevisionProcess.bpmn}: process key, variables, element ids. */
public final class SopRevisionProcess {

  public static final String PROCESS_KEY = "SopRevisionProcess";

  // Variables: references (the revised SOP and its version), set at the start.
  public static final String SOP_PROCESS_KEY = "sopProcessKey";
  public static final String SOP_VERSION = "sopVersion";
  public static final String AUTHOR = "author";
  // Variables the automatic checks set: who reviews, who is told.
  public static final String OWNER_GROUP = "ownerGroup";
  public static final String SOP_GROUPS = "sopGroups";
  // The reviewer's decision (form fields of "Review SOP revision").
  public static final String REVISION_APPROVED = "revisionApproved";
  public static final String REVISION_NOTES = "revisionNotes";
  // Shown on the review task (task-local).
  public static final String VERSION_TAG = "versionTag";
  public static final String VERSION_IN_FORCE = "versionInForce";
  public static final String CHECKS = "checks";
  public static final String CHANGE_SUMMARY = "changeSummary";

  // Elements.
  public static final String START_REVISION_DEPLOYED = "StartEvent_RevisionDeployed";
  public static final String TASK_CHECK_REVISION = "Task_CheckRevision";
  public static final String TASK_REVIEW_REVISION = "Task_ReviewRevision";
  public static final String GATEWAY_REVISION_APPROVED = "Gateway_RevisionApproved";
  public static final String TASK_DISTRIBUTE_REVISION = "Task_DistributeRevision";
  public static final String END_REVISION_IN_FORCE = "EndEvent_RevisionInForce";
  public static final String TASK_TELL_AUTHOR_REJECTED = "Task_TellAuthorRevisionRejected";
  public static final String END_REVISION_REJECTED = "EndEvent_RevisionRejected";
  public static final String BOUNDARY_REVIEW_REMINDER = "BoundaryEvent_ReviewReminder";
  public static final String TASK_REMIND_OWNERS = "Task_RemindOwnerGroup";
  public static final String END_REMINDER_SENT = "EndEvent_ReviewReminderSent";
  public static final String BOUNDARY_REVIEW_OVERDUE = "BoundaryEvent_ReviewOverdue";
  public static final String TASK_ESCALATE_REVIEW = "Task_EscalateReviewToManagers";
  public static final String TASK_TELL_MANAGERS = "Task_TellManagersReviewOverdue";
  public static final String END_REVIEW_ESCALATED = "EndEvent_ReviewEscalated";

  private SopRevisionProcess() {}

  /** The business key of the review of a version: {@code REV-IncidentEscalationProcess-2}. */
  public static String businessKey(String processKey, int version) {
    return "REV-" + processKey + "-" + version;
  }
}
