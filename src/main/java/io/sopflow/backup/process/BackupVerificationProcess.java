package io.sopflow.backup.process;

/**
 * Names of {@code processes/BackupVerificationProcess.bpmn}: process key, variables, element ids. The process carries
 * references (the verification's key, its set and owner group, the incident's number) and one decision.
 */
public final class BackupVerificationProcess {

  public static final String PROCESS_KEY = "BackupVerificationProcess";

  // Variables: references and decisions.
  public static final String VERIFICATION_KEY = "verificationKey";
  public static final String BACKUP_SET = "backupSet";
  public static final String OWNER_GROUP = "ownerGroup";
  public static final String BACKUP_VERIFIED = "backupVerified";
  public static final String INCIDENT_NUMBER = "incidentNumber";

  // Form fields of "Investigate failed restore test": task-local display values, and the findings.
  public static final String FAILURE_REASON = "failureReason";
  public static final String MISMATCHES = "mismatches";
  public static final String RESTORE_OUTPUT = "restoreOutput";
  public static final String FINDINGS = "findings";

  // Elements.
  public static final String START_VERIFICATION_REQUESTED = "StartEvent_VerificationRequested";
  public static final String TASK_RESTORE_AND_VERIFY = "Task_RestoreAndVerifyBackup";
  public static final String TASK_CHECK_RECOVERY_OBJECTIVES = "Task_CheckRecoveryObjectives";
  public static final String GATEWAY_BACKUP_VERIFIED = "Gateway_BackupVerified";
  public static final String TASK_MAIL_VERIFICATION_SUMMARY = "Task_MailVerificationSummary";
  public static final String END_BACKUP_VERIFIED = "EndEvent_BackupVerified";
  public static final String TASK_OPEN_INCIDENT = "Task_OpenIncident";
  public static final String TASK_MAIL_RESTORE_TEST_FAILED = "Task_MailRestoreTestFailed";
  public static final String TASK_INVESTIGATE_FAILED_RESTORE = "Task_InvestigateFailedRestore";
  public static final String END_FAILED_RESTORE_INVESTIGATED = "EndEvent_FailedRestoreInvestigated";
  public static final String BOUNDARY_INVESTIGATION_REMINDER = "BoundaryEvent_InvestigationReminder";
  public static final String TASK_REMIND_OWNER_GROUP = "Task_RemindOwnerGroup";
  public static final String END_REMINDER_SENT = "EndEvent_InvestigationReminderSent";
  public static final String BOUNDARY_INVESTIGATION_OVERDUE = "BoundaryEvent_InvestigationOverdue";
  public static final String TASK_ESCALATE_INVESTIGATION = "Task_EscalateInvestigation";
  public static final String TASK_TELL_MANAGERS_INVESTIGATION_OVERDUE = "Task_TellManagersInvestigationOverdue";
  public static final String END_INVESTIGATION_ESCALATED = "EndEvent_InvestigationEscalated";

  private BackupVerificationProcess() {}
}
