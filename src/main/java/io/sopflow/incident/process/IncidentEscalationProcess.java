package io.sopflow.incident.process;

/**
 * Names of {@code processes/IncidentEscalationProcess.bpmn} used in code: the process key, variables, message and
 * activity ids. They are a contract with the model (and with the tests and scripts that drive it).
 */
public final class IncidentEscalationProcess {

  public static final String PROCESS_KEY = "IncidentEscalationProcess";
  public static final String DECISION_PRIORITY = "IncidentPriority";

  // Message names
  public static final String MESSAGE_REQUESTER_REPLIED = "IncidentRequesterReplied";
  /** The change of the incident's problem fixed its cause: "Resolve incident" ends, resolved by the fix. */
  public static final String MESSAGE_PROBLEM_FIXED = "IncidentProblemFixed";
  public static final String MESSAGE_EVENT_PROBLEM_FIXED = "BoundaryEvent_ProblemFixed";
  /** Variable of the message: the problem whose fix resolved the incident. */
  public static final String FIXED_BY_PROBLEM = "fixedByProblem";
  /** Review form: the review asks for a problem (root-cause analysis). */
  public static final String RAISE_PROBLEM = "raiseProblem";
  /** Task-local, every task: the linked problem and its known-error workaround ("" if none). */
  public static final String PROBLEM_NUMBER = "problemNumber";
  public static final String KNOWN_ERROR_WORKAROUND = "knownErrorWorkaround";

  // Activity ids
  public static final String TASK_TRIAGE = "Task_TriageIncident";
  public static final String TASK_TRIAGE_ESCALATED = "Task_TriageEscalatedIncident";
  public static final String TASK_RESOLVE = "Task_ResolveIncident";
  public static final String TASK_ANSWER_QUESTION = "Task_AnswerQuestion";
  public static final String START_EVENT = "StartEvent_IncidentReported";
  public static final String TIMER_REQUESTER_REMINDER = "BoundaryEvent_RequesterReminder";
  public static final String TIMER_REQUESTER_TIMEOUT = "BoundaryEvent_RequesterTimeout";
  public static final String MESSAGE_EVENT_REQUESTER_REPLIED = "BoundaryEvent_RequesterReplied";
  public static final String TIMER_MAJOR_INCIDENT_UPDATE = "BoundaryEvent_MajorIncidentUpdateDue";
  public static final String TASK_CONFIRM = "Task_ConfirmResolution";
  public static final String TASK_COORDINATE = "Task_CoordinateMajorIncident";
  public static final String TASK_REVIEW = "Task_ReviewIncident";
  public static final String TIMER_RESPONSE_WARNING = "BoundaryEvent_ResponseSlaWarning";
  public static final String TIMER_RESPONSE_BREACHED = "BoundaryEvent_ResponseSlaBreached";
  public static final String TIMER_RESOLUTION_WARNING = "BoundaryEvent_ResolutionSlaWarning";
  public static final String TIMER_RESOLUTION_BREACHED = "BoundaryEvent_ResolutionSlaBreached";
  public static final String TIMER_CONFIRMATION_TIMEOUT = "BoundaryEvent_ConfirmationTimeout";

  // Input parameter of "Review incident" and "Coordinate major incident": which of the two a task is
  // (ReviewIncidentListener), so a renamed task id breaks nothing
  static final String SETTING_REVIEW_STEP = "reviewStep";

  // Process variables: references, decisions and SLA dates only (display values come from the record)
  public static final String INCIDENT_NUMBER = "incidentNumber";
  public static final String REPORTER = "reporter";
  public static final String ASSIGNMENT_GROUP = "assignmentGroup";
  public static final String ESCALATION_LEVEL = "escalationLevel";
  public static final String MAJOR_INCIDENT = "majorIncident";
  /** Set by the model when the incident is about to close: the major-incident path stops waiting for a raise to P1. */
  public static final String READY_TO_CLOSE = "readyToClose";
  public static final String REVIEW_REQUIRED = "reviewRequired";
  public static final String RESPONSE_WARNING_AT = "responseWarningAt";
  public static final String RESPONSE_DUE_AT = "responseDueAt";
  public static final String RESOLUTION_WARNING_AT = "resolutionWarningAt";
  public static final String RESOLUTION_DUE_AT = "resolutionDueAt";
  public static final String NEXT_TIER_AVAILABLE = "nextTierAvailable";
  public static final String ESCALATION_RECIPIENTS = "escalationRecipients";
  public static final String RESOLUTION_ESCALATED = "resolutionEscalated";
  /** Local to a resolution warning's branch: the warning for this warning date is new (not sent before). */
  public static final String RESOLUTION_WARNED = "resolutionWarned";
  public static final String REQUESTER_INPUT_NEEDED = "requesterInputNeeded";
  public static final String AUTO_CLOSE_AT = "autoCloseAt";
  public static final String RESOLUTION_CONFIRMED = "resolutionConfirmed";
  /** Tasklist priority of every user task (0-100), from the record's priority: P1 highest. */
  public static final String TASK_PRIORITY = "taskPriority";
  public static final String REQUESTER_REMINDER_AT = "requesterReminderAt";
  public static final String REQUESTER_TIMEOUT_AT = "requesterTimeoutAt";
  /** Local to a status-update branch of a major incident. */
  public static final String MAJOR_INCIDENT_UNRESOLVED = "majorIncidentUnresolved";

  // Task-local variables shown by the forms, read from the record when a task is created
  public static final String INCIDENT_TITLE = "incidentTitle";
  public static final String PRIORITY = "priority";
  public static final String DESCRIPTION = "description";
  public static final String CATEGORY = "category";
  public static final String CONFIGURATION_ITEM = "configurationItem";
  public static final String RESPONSE_DUE = "responseDue";
  public static final String RESOLUTION_DUE = "resolutionDue";
  public static final String WORK_LOG = "workLog";
  /** The reporter's latest answer, shown on "Resolve incident". */
  public static final String REQUESTER_ANSWER = "requesterAnswer";
  // RESOLUTION_NOTES (below) is shown on "Confirm resolution" the same way, QUESTION_FOR_REQUESTER on "Answer question".

  // Form fields (variables set by people in Tasklist)
  public static final String RESOLVER_GROUP = "resolverGroup";
  public static final String TRIAGE_NOTES = "triageNotes";
  /** Optional on triage: corrected impact and urgency (HIGH, MEDIUM, LOW); the priority is decided again. */
  public static final String IMPACT = "impact";
  public static final String URGENCY = "urgency";
  /** "Answer question": the reporter's answer. */
  public static final String ANSWER = "answer";
  public static final String RESOLUTION_OUTCOME = "resolutionOutcome";
  public static final String OUTCOME_RESOLVED = "RESOLVED";
  public static final String OUTCOME_AWAIT_REQUESTER = "AWAIT_REQUESTER";
  public static final String RESOLUTION_NOTES = "resolutionNotes";
  public static final String QUESTION_FOR_REQUESTER = "questionForRequester";
  public static final String CONFIRMATION = "confirmation";
  public static final String CONFIRMATION_CONFIRM = "CONFIRM";
  public static final String CONFIRMATION_REOPEN = "REOPEN";
  public static final String REOPEN_REASON = "reopenReason";
  public static final String COORDINATION_NOTES = "coordinationNotes";
  public static final String REVIEW_SUMMARY = "reviewSummary";
  /** One action per line: {@code owner | YYYY-MM-DD | action}. */
  public static final String REVIEW_ACTIONS = "reviewActions";

  private IncidentEscalationProcess() {}
}
