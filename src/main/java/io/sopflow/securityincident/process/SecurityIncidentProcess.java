package io.sopflow.securityincident.process;

/**
 * Names of {@code processes/SecurityIncidentProcess.bpmn}: process key, decision key, variables, form fields, element
 * ids. The process carries references (number, reporter) and decisions (confirmed, personal data, severity) and the
 * dates its timers and due dates read; what the forms show is read from the record.
 */
public final class SecurityIncidentProcess {

  public static final String PROCESS_KEY = "SecurityIncidentProcess";
  public static final String DECISION_SEVERITY = "SecuritySeverity";

  // Variables: references, decisions, SLA dates.
  public static final String NUMBER = "securityIncidentNumber";
  public static final String REPORTER = "reporter";
  public static final String CONFIRMED = "confirmed";
  public static final String PERSONAL_DATA_INVOLVED = "personalDataInvolved";
  public static final String SEVERITY = "severity";
  public static final String CONTAINMENT_WARNING_AT = "containmentWarningAt";
  public static final String CONTAINMENT_DUE_AT = "containmentDueAt";
  public static final String REGULATOR_DUE_AT = "regulatorNotificationDueAt";
  public static final String REGULATOR_FIRST_REMINDER_AT = "regulatorFirstReminderAt";
  public static final String REGULATOR_SECOND_REMINDER_AT = "regulatorSecondReminderAt";
  /**
   * Personal data found affected at containment or eradication, on an incident the triage had not flagged or whose
   * notification was assessed as not notifiable: true from that finding until the data protection officers settle
   * its notification. Its change to true starts the event subprocess {@link #SUBPROCESS_PERSONAL_DATA_FOUND}; the
   * incident closes only once it is false again. Set to false at triage (versions from 1.3.0 read it).
   */
  public static final String LATE_NOTIFICATION_OPEN = "lateNotificationOpen";
  /**
   * How many findings of personal data at containment or eradication came while the notification was open or made;
   * each change starts the event subprocess {@link #SUBPROCESS_MORE_PERSONAL_DATA_FOUND}, which tells the data
   * protection officers. Absent until the first.
   */
  public static final String MORE_PERSONAL_DATA_FOUND = "morePersonalDataFound";

  // Display values of the forms (task-local).
  public static final String TITLE = "title";
  public static final String DESCRIPTION = "description";
  public static final String REPORTED_CATEGORY = "reportedCategory";
  public static final String AFFECTED_ACCOUNTS = "affectedAccounts";
  public static final String AFFECTED_ASSETS = "affectedAssets";
  public static final String SEVERITY_SHOWN = "severityShown";
  public static final String NOTIFICATION_DUE_SHOWN = "notificationDueShown";

  // Form fields people fill in.
  /** Not task-local: a task-local variable would shadow what the form submits. */
  public static final String CATEGORY = "category";
  public static final String CRITICAL_ASSET_AFFECTED = "criticalAssetAffected";
  public static final String TRIAGE_NOTES = "triageNotes";
  /** The reported accounts the officer chooses to lock (comma-separated); a triage form before it locked them all. */
  public static final String LOCK_ACCOUNTS = "lockAccounts";
  /** The time of detection as reported, shown at triage; and the officer's correction of it (empty: as reported). */
  public static final String DETECTED_AT_SHOWN = "detectedAtShown";
  public static final String DETECTED_AT_CORRECTED = "detectedAtCorrected";
  public static final String CONTAINMENT_NOTES = "containmentNotes";
  public static final String ASSET_ACTIONS = "assetActions";
  public static final String ERADICATION_NOTES = "eradicationNotes";
  public static final String RESTORE_ACCOUNTS = "restoreAccounts";
  public static final String RECOVERY_NOTES = "recoveryNotes";
  public static final String LESSONS = "lessons";
  public static final String ACTIONS = "actions";
  public static final String PROBLEM_TO_RAISE = "problemToRaise";
  public static final String AUTHORITY_REFERENCE = "authorityReference";
  public static final String NOTIFIED_AT = "notifiedAt";
  public static final String NOTIFICATION_CONTENT = "notificationContent";
  public static final String INFORM_DATA_SUBJECTS = "informDataSubjects";
  public static final String DATA_SUBJECTS_REASON = "dataSubjectsReason";
  /** Containment and eradication forms from 1.3.0: personal data found affected (a checkbox). */
  public static final String PERSONAL_DATA_FOUND = "personalDataFound";
  /** Notification form from 1.3.0: NOTIFIED or NOT_NOTIFIABLE ({@code NotificationOutcome}), and the latter's reason. */
  public static final String NOTIFICATION_OUTCOME = "notificationOutcome";
  public static final String NOT_NOTIFIABLE_REASON = "notNotifiableReason";

  // Elements.
  public static final String START_REPORTED = "StartEvent_SecurityIncidentReported";
  public static final String TASK_MAIL_SECURITY_OFFICERS = "Task_MailSecurityOfficers";
  public static final String TASK_TRIAGE = "Task_TriageSecurityIncident";
  public static final String BOUNDARY_TRIAGE_REMINDER = "BoundaryEvent_TriageReminder";
  public static final String BOUNDARY_TRIAGE_OVERDUE = "BoundaryEvent_TriageOverdue";
  public static final String END_TRIAGE_REMINDER_SENT = "EndEvent_TriageReminderSent";
  public static final String TASK_ESCALATE_TRIAGE = "Task_EscalateTriage";
  public static final String TASK_TELL_MANAGERS_TRIAGE_OVERDUE = "Task_TellManagersTriageOverdue";
  public static final String END_TRIAGE_ESCALATED = "EndEvent_TriageEscalated";
  public static final String TASK_MAIL_FALSE_POSITIVE = "Task_MailFalsePositive";
  public static final String END_FALSE_POSITIVE = "EndEvent_ClosedAsFalsePositive";
  public static final String TASK_LOCK_ACCOUNTS = "Task_LockAffectedAccounts";
  public static final String TASK_CONTAIN = "Task_ContainSecurityIncident";
  public static final String BOUNDARY_CONTAINMENT_WARNING = "BoundaryEvent_ContainmentWarning";
  public static final String BOUNDARY_CONTAINMENT_OVERDUE = "BoundaryEvent_ContainmentOverdue";
  public static final String END_CONTAINMENT_WARNED = "EndEvent_ContainmentWarned";
  public static final String END_CONTAINMENT_ESCALATED = "EndEvent_ContainmentEscalated";
  public static final String TASK_ERADICATE = "Task_EradicateThreat";
  public static final String TASK_DECIDE_RECOVERY = "Task_DecideRecovery";
  public static final String TASK_RECOVER_ACCOUNTS = "Task_RecoverAccounts";
  public static final String TASK_REVIEW = "Task_ReviewSecurityIncident";
  public static final String TASK_CLOSE = "Task_CloseSecurityIncident";
  public static final String END_CLOSED = "EndEvent_SecurityIncidentClosed";
  public static final String TASK_NOTIFY_AUTHORITY = "Task_NotifySupervisoryAuthority";
  public static final String BOUNDARY_NOTIFICATION_HALFWAY = "BoundaryEvent_NotificationHalfway";
  public static final String BOUNDARY_NOTIFICATION_LATE = "BoundaryEvent_NotificationLate";
  public static final String BOUNDARY_NOTIFICATION_DEADLINE = "BoundaryEvent_NotificationDeadline";
  public static final String END_DPO_REMINDED_HALFWAY = "EndEvent_DpoRemindedHalfway";
  public static final String END_DPO_REMINDED_LATE = "EndEvent_DpoRemindedLate";
  public static final String END_NOTIFICATION_BREACH_ESCALATED = "EndEvent_NotificationBreachEscalated";
  public static final String EVENT_LATE_NOTIFICATION_SETTLED = "IntermediateEvent_LateNotificationSettled";
  public static final String SUBPROCESS_PERSONAL_DATA_FOUND = "SubProcess_PersonalDataFoundAfterTriage";
  public static final String TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING = "Task_NotifySupervisoryAuthorityOfLateFinding";
  public static final String BOUNDARY_LATE_FINDING_HALFWAY = "BoundaryEvent_LateFindingHalfway";
  public static final String BOUNDARY_LATE_FINDING_FOUR_FIFTHS = "BoundaryEvent_LateFindingFourFifths";
  public static final String BOUNDARY_LATE_FINDING_DEADLINE = "BoundaryEvent_LateFindingDeadline";
  public static final String END_DPO_REMINDED_OF_LATE_FINDING_HALFWAY = "EndEvent_DpoRemindedOfLateFindingHalfway";
  public static final String END_DPO_REMINDED_OF_LATE_FINDING_AGAIN = "EndEvent_DpoRemindedOfLateFindingAgain";
  public static final String END_LATE_FINDING_BREACH_ESCALATED = "EndEvent_LateFindingBreachEscalated";
  public static final String END_LATE_FINDING_NOTIFICATION_SETTLED = "EndEvent_LateFindingNotificationSettled";
  public static final String TASK_ALERT_DPO = "Task_AlertDataProtectionOfficers";
  public static final String TASK_ALERT_DPO_OF_LATE_FINDING = "Task_AlertDataProtectionOfficersOfLateFinding";
  public static final String SUBPROCESS_MORE_PERSONAL_DATA_FOUND = "SubProcess_MorePersonalDataFound";
  public static final String TASK_TELL_DPO_OF_MORE_PERSONAL_DATA = "Task_TellDpoOfMorePersonalData";
  public static final String END_DPO_TOLD_OF_MORE_PERSONAL_DATA = "EndEvent_DpoToldOfMorePersonalData";

  private SecurityIncidentProcess() {}
}
