package io.sopflow.sop.process;

/**
 * Names of {@code processes/SopReviewProcess.bpmn}: process key, variables, element ids. The SOP governance package
 * ({@code io.sopflow.sop}) holds the constants classes of its processes here, where {@code platform/SopProcesses} finds
 * them; the review's listeners live in {@code sop.review.process}.
 */
public final class SopReviewProcess {

  public static final String PROCESS_KEY = "SopReviewProcess";

  // Variables: references.
  public static final String REVIEW_KEY = "reviewKey";
  public static final String SOP_KEY = "sopKey";
  public static final String OWNER_GROUP = "ownerGroup";

  // Form fields of "Review SOP": what is shown (task-local), the reviewer's input.
  public static final String SOP_NAME = "sopName";
  public static final String VERSION = "version";
  public static final String DUE_AT = "dueAt";
  public static final String LAST_REVIEWED = "lastReviewed";
  public static final String REVIEW_INTERVAL = "reviewInterval";
  public static final String OUTCOME = "outcome";
  public static final String COMMENT = "comment";

  // Elements.
  public static final String START_REVIEW_DUE = "StartEvent_SopReviewDue";
  public static final String TASK_REVIEW_SOP = "Task_ReviewSop";
  public static final String END_SOP_REVIEWED = "EndEvent_SopReviewed";
  public static final String BOUNDARY_REVIEW_REMINDER = "BoundaryEvent_ReviewReminder";
  public static final String TASK_REMIND_OWNER_GROUP = "Task_RemindOwnerGroup";
  public static final String END_REMINDER_SENT = "EndEvent_ReviewReminderSent";
  public static final String BOUNDARY_REVIEW_OVERDUE = "BoundaryEvent_ReviewOverdue";
  public static final String TASK_ESCALATE_REVIEW = "Task_EscalateReview";
  public static final String TASK_NOTIFY_MANAGERS = "Task_NotifyManagers";
  public static final String END_REVIEW_ESCALATED = "EndEvent_ReviewEscalated";

  private SopReviewProcess() {}
}
