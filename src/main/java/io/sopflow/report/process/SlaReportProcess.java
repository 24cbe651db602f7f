package io.sopflow.report.process;

/** Names of {@code processes/SlaReportProcess.bpmn}: process key, variables, element ids. */
public final class SlaReportProcess {

  public static final String PROCESS_KEY = "SlaReportProcess";

  // Variables: references.
  public static final String REPORT_KEY = "reportKey";
  public static final String MONTH = "month";

  // Form fields of "Review SLA report": the summary shown (task-local), the reviewer's input.
  public static final String SUMMARY = "summary";
  public static final String COMMENTARY = "commentary";
  public static final String ACTIONS = "actions";

  // Elements.
  public static final String START_REPORT_REQUESTED = "StartEvent_ReportRequested";
  public static final String TASK_COMPILE_REPORT = "Task_CompileSlaReport";
  public static final String TASK_REVIEW_REPORT = "Task_ReviewSlaReport";
  public static final String TASK_MAIL_REPORT = "Task_MailSlaReport";
  public static final String END_REPORT_SENT = "EndEvent_SlaReportSent";
  public static final String BOUNDARY_REVIEW_REMINDER = "BoundaryEvent_ReviewReminder";
  public static final String TASK_REMIND_INCIDENT_MANAGERS = "Task_RemindIncidentManagers";
  public static final String END_REMINDER_SENT = "EndEvent_ReviewReminderSent";

  private SlaReportProcess() {}
}
