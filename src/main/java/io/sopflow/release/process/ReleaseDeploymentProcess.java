package io.sopflow.release.process;

/** Names the release deployment process and the code share: process key, variables, errors, activity ids. */
public final class ReleaseDeploymentProcess {

  public static final String PROCESS_KEY = "ReleaseDeploymentProcess";

  // Process variables: references (the release, its change, the people to notify), the dates the timers wait for,
  // and decisions.
  public static final String RELEASE_KEY = "releaseKey";
  public static final String CHANGE_NUMBER = "changeNumber";
  public static final String RELEASE_REQUESTER = "releaseRequester";
  public static final String RELEASE_IMPLEMENTER = "releaseImplementer";
  public static final String WINDOW_START_DATE = "windowStartDate";
  public static final String WINDOW_END_DATE = "windowEndDate";
  /** When the go/no-go decision is due: its SLA escalation, but never after the window opens. */
  public static final String GO_DECISION_DUE_DATE = "goDecisionDueDate";
  /** When the release managers are reminded of the open go/no-go decision (before it is due). */
  public static final String GO_DECISION_REMINDER_DATE = "goDecisionReminderDate";

  // Task-local variables a create listener puts on each task for its form, read from the record.
  public static final String RELEASE_NAME = "releaseName";
  public static final String RELEASE_VERSION = "releaseVersion";
  public static final String RELEASE_ENVIRONMENT = "releaseEnvironment";
  public static final String RELEASE_WINDOW = "releaseWindow";
  public static final String ROLLBACK_PLAN = "rollbackPlan";
  public static final String RELEASE_REQUESTED_BY = "releaseRequestedBy";
  /** What the GO needs here: four-eyes and evidence, as the environment's configuration says. */
  public static final String GO_REQUIREMENTS = "goRequirements";
  /** Who gave the GO and its evidence, once given. */
  public static final String GO_APPROVAL = "goApproval";

  public static final String GO_DECISION = "goDecision";
  public static final String GO = "GO";
  public static final String NO_GO = "NO_GO";
  public static final String DECISION_REASON = "decisionReason";
  public static final String CHECK_CHANGE_APPROVED = "checkChangeApproved";
  public static final String CHECK_ROLLBACK_PLAN_REVIEWED = "checkRollbackPlanReviewed";
  public static final String CHECK_STAKEHOLDERS_INFORMED = "checkStakeholdersInformed";
  public static final String CHECK_MONITORING_READY = "checkMonitoringReady";
  /** The GO's evidence: where the test report is (required for production) and further notes. */
  public static final String TEST_REPORT_REFERENCE = "testReportReference";
  public static final String EVIDENCE_NOTES = "evidenceNotes";

  public static final String MANUAL_VERIFICATION = "manualVerification";
  public static final String SMOKE_VERIFICATION_RESULT = "smokeVerificationResult";
  public static final String SMOKE_VERIFICATION_NOTES = "smokeVerificationNotes";
  public static final String PRODUCTION_VERIFICATION_RESULT = "productionVerificationResult";
  public static final String PRODUCTION_VERIFICATION_NOTES = "productionVerificationNotes";
  public static final String PASSED = "PASSED";
  public static final String FAILED = "FAILED";

  public static final String RESCHEDULE_DECISION = "rescheduleDecision";
  public static final String RESCHEDULE = "RESCHEDULE";
  public static final String CANCEL = "CANCEL";
  /** The new window of a rescheduling, named like the window of {@code POST /api/releases}. */
  public static final String NEW_WINDOW_START = "windowStart";
  public static final String NEW_WINDOW_END = "windowEnd";
  public static final String RESCHEDULE_REASON = "rescheduleReason";

  public static final String ENVIRONMENT_RESTORED = "environmentRestored";
  public static final String RECOVERY_NOTES = "recoveryNotes";

  // BPMN error codes: business outcomes of the service tasks.
  public static final String ERROR_DEPLOYMENT_FAILED = "DEPLOYMENT_FAILED";
  public static final String ERROR_SMOKE_TEST_FAILED = "SMOKE_TEST_FAILED";
  public static final String ERROR_ROLLBACK_FAILED = "ROLLBACK_FAILED";
  public static final String ERROR_WINDOW_CLOSED = "WINDOW_CLOSED";
  /** The release's change no longer awaits its implementation: the release was cancelled as its deployment started. */
  public static final String ERROR_CHANGE_ENDED = "CHANGE_ENDED";

  /** The release's change ended while the release had not started deploying (the release is cancelled already). */
  public static final String MESSAGE_CHANGE_ENDED = "ReleaseChangeEnded";

  /** The Cockpit incident that stays open while a failed rollback waits for people to recover it. */
  public static final String INCIDENT_ROLLBACK_FAILED = "releaseRollbackFailed";

  // Activity ids used in code and tests.
  public static final String START_EVENT = "StartEvent_ReleaseRequested";
  public static final String TASK_DECIDE_GO_NO_GO = "Task_DecideGoNoGo";
  public static final String BOUNDARY_GO_DECISION_REMINDER = "BoundaryEvent_GoDecisionReminder";
  public static final String BOUNDARY_GO_DECISION_OVERDUE = "BoundaryEvent_GoDecisionOverdue";
  public static final String TASK_REMIND_GO_DECISION = "Task_RemindGoDecision";
  public static final String TASK_RECORD_GO_DECISION_OVERDUE = "Task_RecordGoDecisionOverdue";
  public static final String TASK_NOTIFY_GO_DECISION_OVERDUE = "Task_NotifyGoDecisionOverdue";
  public static final String SUBPROCESS_AWAIT_WINDOW = "SubProcess_AwaitWindow";
  public static final String EVENT_WINDOW_OPENED = "Event_WindowOpened";
  public static final String BOUNDARY_WINDOW_CLOSED = "BoundaryEvent_WindowClosed";
  public static final String TASK_START_DEPLOYMENT = "Task_StartDeployment";
  public static final String BOUNDARY_CHANGE_ENDED = "BoundaryEvent_ChangeEnded";
  public static final String TASK_DEPLOY_RELEASE = "Task_DeployRelease";
  public static final String TASK_RUN_SMOKE_TESTS = "Task_RunSmokeTests";
  public static final String TASK_VERIFY_SMOKE_TEST_MANUALLY = "Task_VerifySmokeTestManually";
  public static final String TASK_VERIFY_RELEASE = "Task_VerifyRelease";
  public static final String TASK_ROLL_BACK_RELEASE = "Task_RollBackRelease";
  public static final String TASK_RECOVER_FAILED_ROLLBACK = "Task_RecoverFailedRollback";
  public static final String TASK_RESCHEDULE_RELEASE = "Task_RescheduleRelease";
  public static final String TASK_MARK_WINDOW_MISSED = "Task_MarkWindowMissed";
  public static final String TASK_NOTIFY_RELEASE_DEPLOYED = "Task_NotifyReleaseDeployed";
  public static final String TASK_NOTIFY_RELEASE_ROLLED_BACK = "Task_NotifyReleaseRolledBack";
  public static final String TASK_NOTIFY_ROLLBACK_FAILED = "Task_NotifyRollbackFailed";
  public static final String TASK_NOTIFY_WINDOW_MISSED = "Task_NotifyWindowMissed";
  public static final String TASK_NOTIFY_RELEASE_CANCELLED = "Task_NotifyReleaseCancelled";
  public static final String SUBPROCESS_CHANGE_ENDED = "SubProcess_ChangeEnded";
  public static final String TASK_NOTIFY_CHANGE_ENDED = "Task_NotifyChangeEnded";

  private ReleaseDeploymentProcess() {}
}
