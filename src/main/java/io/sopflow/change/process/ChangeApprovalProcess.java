package io.sopflow.change.process;

/** Names shared by the {@code ChangeApprovalProcess} model and its code: process key, variables, activity ids. */
public final class ChangeApprovalProcess {

  public static final String PROCESS_KEY = "ChangeApprovalProcess";
  public static final String DECISION_CHANGE_RISK = "ChangeRisk";

  // Inputs of the ChangeRisk decision table.
  static final String DMN_TYPE = "type";
  static final String DMN_AFFECTED_SERVICE_COUNT = "affectedServiceCount";
  static final String DMN_BACKOUT_PLAN_PRESENT = "backoutPlanPresent";
  static final String DMN_TESTED = "tested";

  // Process variables: references (the record, the people tasks are assigned to, the window the timers need) ...
  public static final String CHANGE_ID = "changeId";
  public static final String CHANGE_NUMBER = "changeNumber";
  public static final String REQUESTER = "requester";
  public static final String IMPLEMENTER = "implementer";
  public static final String PLANNED_START_DATE = "plannedStartDate";
  public static final String PLANNED_END_DATE = "plannedEndDate";
  // ... and decisions, one per splitting gateway.
  public static final String CHANGE_ROUTE = "changeRoute";
  public static final String REVIEW_OUTCOME = "reviewOutcome";
  public static final String CAB_VOTERS = "cabVoters";
  public static final String CAB_VOTER = "cabVoter";
  public static final String CAB_DECIDED = "cabDecided";
  public static final String CAB_APPROVED = "cabApproved";
  public static final String MANAGER_APPROVAL_REQUIRED = "managerApprovalRequired";
  public static final String MANAGER_APPROVED = "managerApproved";
  public static final String EMERGENCY_APPROVED = "emergencyApproved";
  public static final String IN_FREEZE_WINDOW = "inFreezeWindow";
  public static final String FREEZE_EXCEPTION_GRANTED = "freezeExceptionGranted";
  public static final String IMPLEMENTATION_SUCCEEDED = "implementationSucceeded";
  public static final String EMERGENCY_DECIDED = "emergencyDecided";
  public static final String OVERLAPS_OTHER_CHANGES = "overlapsOtherChanges";
  /**
   * The emergency CAB's group (candidate group of the emergency approval), from {@code sopflow.change.ecab-group} when the
   * instance started: the group its emergency approval is decided by, whatever the configuration says later.
   */
  public static final String ECAB_GROUP = "ecabGroup";
  // Set by the message "release finished": which release, and whether it was deployed (else rolled back).
  public static final String RELEASE_KEY = "releaseKey";
  public static final String RELEASE_DEPLOYED = "releaseDeployed";
  public static final String MESSAGE_RELEASE_FINISHED = "ReleaseFinished";

  // What the forms show, put on each task by its create listener from the record (task-local variables).
  public static final String CHANGE_TITLE = "changeTitle";
  public static final String RISK = "risk";
  public static final String CHANGE_CONFLICTS = "changeConflicts";
  public static final String FREEZE_WINDOW = "freezeWindow";

  // Form fields (keys of the Camunda Forms), read by the task listeners.
  public static final String REVIEW_DECISION = "reviewDecision";
  public static final String REVIEW_COMMENT = "reviewComment";
  public static final String REQUESTER_DETAILS = "requesterDetails";
  public static final String CAB_VOTE = "cabVote";
  public static final String CAB_COMMENT = "cabComment";
  public static final String MANAGER_DECISION = "managerDecision";
  public static final String MANAGER_COMMENT = "managerComment";
  public static final String EMERGENCY_DECISION = "emergencyDecision";
  public static final String EMERGENCY_COMMENT = "emergencyComment";
  public static final String FREEZE_DECISION = "freezeDecision";
  public static final String FREEZE_COMMENT = "freezeComment";
  public static final String IMPLEMENTATION_OUTCOME = "implementationOutcome";
  public static final String IMPLEMENTATION_NOTES = "implementationNotes";
  public static final String BACKOUT_NOTES = "backoutNotes";
  public static final String NEW_PLANNED_START = "newPlannedStart";
  public static final String NEW_PLANNED_END = "newPlannedEnd";
  public static final String RETROSPECTIVE_SUMMARY = "retrospectiveSummary";
  public static final String REVIEW_SUMMARY = "reviewSummary";
  public static final String ON_BEHALF_REASON = "onBehalfReason";
  public static final String OVERLAP_ACKNOWLEDGED = "overlapAcknowledged";
  public static final String OVERLAP_COMMENT = "overlapComment";

  // Input parameters of the user tasks: what their listener does there (so a renamed task id breaks nothing).
  static final String SETTING_APPROVAL_STAGE = "approvalStage";
  static final String SETTING_WORK_STEP = "workStep";
  static final String SETTING_DECISION_VARIABLE = "decisionVariable";

  // Input parameters of the escalation task.
  static final String INPUT_STAGE = "stage";
  static final String INPUT_OFFER_TO_GROUP = "offerToGroup";
  static final String INPUT_TASK_DEFINITION_KEY = "taskDefinitionKey";
  /** "true": the waiting tasks lose their assignee, who stays a candidate (an overdue CAB vote is re-offered). */
  static final String INPUT_RELEASE_ASSIGNEE = "releaseAssignee";

  // User tasks.
  public static final String TASK_REVIEW_CHANGE = "Task_ReviewChange";
  public static final String TASK_PROVIDE_CHANGE_DETAILS = "Task_ProvideChangeDetails";
  public static final String TASK_VOTE_ON_CHANGE = "Task_VoteOnChange";
  public static final String TASK_APPROVE_AS_MANAGER = "Task_ApproveAsManager";
  public static final String TASK_APPROVE_EMERGENCY_CHANGE = "Task_ApproveEmergencyChange";
  public static final String TASK_APPROVE_FREEZE_EXCEPTION = "Task_ApproveFreezeException";
  public static final String TASK_IMPLEMENT_CHANGE = "Task_ImplementChange";
  public static final String TASK_BACK_OUT_CHANGE = "Task_BackOutChange";
  public static final String TASK_RESCHEDULE_CHANGE = "Task_RescheduleChange";
  public static final String TASK_REVIEW_EMERGENCY_CHANGE = "Task_ReviewEmergencyChange";
  public static final String TASK_REVIEW_IMPLEMENTATION = "Task_ReviewImplementation";
  public static final String TASK_ACKNOWLEDGE_OVERLAP = "Task_AcknowledgeOverlap";
  public static final String TASK_RECORD_RELEASE_OUTCOME = "Task_RecordReleaseOutcome";
  public static final String START_EVENT = "StartEvent_ChangeRequested";

  // Timers and other activities used in code and tests.
  public static final String TIMER_PLANNED_START = "IntermediateEvent_PlannedStartReached";
  /** Where an approved change waits: for its planned start, or for its release if that finishes first. */
  public static final String AWAITING_START_OR_RELEASE = "Gateway_AwaitStartOrRelease";
  public static final String BOUNDARY_WINDOW_EXPIRED = "BoundaryEvent_ImplementationWindowExpired";
  public static final String BOUNDARY_REVIEW_REMINDER = "BoundaryEvent_ReviewReminder";
  public static final String BOUNDARY_REVIEW_ESCALATION = "BoundaryEvent_ReviewEscalation";
  public static final String BOUNDARY_CAB_REMINDER = "BoundaryEvent_CabReminder";
  public static final String BOUNDARY_CAB_ESCALATION = "BoundaryEvent_CabEscalation";
  public static final String BOUNDARY_MANAGER_APPROVAL_REMINDER = "BoundaryEvent_ManagerApprovalReminder";
  public static final String BOUNDARY_MANAGER_APPROVAL_ESCALATION = "BoundaryEvent_ManagerApprovalEscalation";
  public static final String BOUNDARY_FREEZE_EXCEPTION_REMINDER = "BoundaryEvent_FreezeExceptionReminder";
  public static final String BOUNDARY_FREEZE_EXCEPTION_ESCALATION = "BoundaryEvent_FreezeExceptionEscalation";
  public static final String BOUNDARY_EMERGENCY_SLA = "BoundaryEvent_EmergencyApprovalSlaBreached";

  private ChangeApprovalProcess() {}
}
