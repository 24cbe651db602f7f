package io.sopflow.problem.process;

/**
 * Names of {@code processes/ProblemManagementProcess.bpmn}: process key, message, variables, element ids. The process
 * carries references (the problem's and its change's numbers), decisions and the investigation's step SLA.
 */
public final class ProblemManagementProcess {

  public static final String PROCESS_KEY = "ProblemManagementProcess";
  public static final String MESSAGE_CHANGE_ENDED = "ProblemChangeEnded";
  /** A joining incident raised the problem's priority; it carries the investigation's new step SLA. */
  public static final String MESSAGE_PRIORITY_RAISED = "ProblemPriorityRaised";

  // Variables: references and decisions.
  public static final String PROBLEM_NUMBER = "problemNumber";
  public static final String PROPOSED = "proposed";
  public static final String INVESTIGATION_SLA = "investigationSla";
  public static final String PROPOSAL_ACCEPTED = "proposalAccepted";
  public static final String CHANGE_NUMBER = "changeNumber";
  public static final String CHANGE_SUCCEEDED = "changeSucceeded";
  public static final String FIX_VERIFIED = "fixVerified";

  // Form fields (task-local display values and input).
  public static final String TITLE = "problemTitle";
  public static final String DESCRIPTION = "problemDescription";
  public static final String CONFIGURATION_ITEM = "configurationItem";
  public static final String PRIORITY = "priority";
  public static final String INCIDENT_NUMBERS = "incidentNumbers";
  public static final String RECORDED_ROOT_CAUSE = "recordedRootCause";
  public static final String RECORDED_WORKAROUND = "recordedWorkaround";
  public static final String CHANGE_OUTCOME = "changeOutcome";
  public static final String DECISION_REASON = "decisionReason";
  public static final String FIVE_WHYS = "fiveWhys";
  public static final String ROOT_CAUSE = "rootCause";
  public static final String WORKAROUND = "workaround";
  public static final String ROOT_CAUSE_CATEGORY = "rootCauseCategory";
  public static final String CONTRIBUTING_FACTORS = "contributingFactors";
  public static final String VERIFICATION_NOTES = "verificationNotes";
  public static final String CHANGE_TITLE = "changeTitle";
  public static final String CHANGE_DESCRIPTION = "changeDescription";
  public static final String CHANGE_TYPE = "changeType";
  public static final String AFFECTED_SERVICES = "affectedServices";
  public static final String IMPLEMENTATION_PLAN = "implementationPlan";
  public static final String BACKOUT_PLAN = "backoutPlan";
  public static final String TEST_EVIDENCE = "testEvidence";
  public static final String PLANNED_START = "plannedStart";
  public static final String PLANNED_END = "plannedEnd";
  public static final String IMPLEMENTER = "implementer";
  public static final String CHANGE_TEMPLATE = "changeTemplate";

  // Elements.
  public static final String START_PROBLEM_RAISED = "StartEvent_ProblemRaised";
  public static final String TASK_REVIEW_PROPOSAL = "Task_ReviewProposal";
  public static final String END_PROPOSAL_REJECTED = "EndEvent_ProposalRejected";
  public static final String BOUNDARY_PROPOSAL_REVIEW_REMINDER = "BoundaryEvent_ProposalReviewReminder";
  public static final String END_PROPOSAL_REVIEW_REMINDED = "EndEvent_ProposalReviewReminded";
  public static final String BOUNDARY_PROPOSAL_REVIEW_OVERDUE = "BoundaryEvent_ProposalReviewOverdue";
  public static final String TASK_ESCALATE_PROPOSAL_REVIEW = "Task_EscalateProposalReview";
  public static final String TASK_TELL_MANAGERS_PROPOSAL_REVIEW_OVERDUE = "Task_TellManagersProposalReviewOverdue";
  public static final String END_PROPOSAL_REVIEW_ESCALATED = "EndEvent_ProposalReviewEscalated";
  public static final String TASK_INVESTIGATE = "Task_InvestigateRootCause";
  public static final String BOUNDARY_INVESTIGATION_REMINDER = "BoundaryEvent_InvestigationReminder";
  public static final String END_INVESTIGATION_REMINDED = "EndEvent_ProblemManagersReminded";
  public static final String BOUNDARY_INVESTIGATION_OVERDUE = "BoundaryEvent_InvestigationOverdue";
  public static final String TASK_ESCALATE_INVESTIGATION = "Task_EscalateInvestigation";
  public static final String TASK_TELL_MANAGERS_INVESTIGATION_OVERDUE = "Task_TellManagersInvestigationOverdue";
  public static final String END_INVESTIGATION_ESCALATED = "EndEvent_InvestigationEscalated";
  public static final String TASK_RAISE_CHANGE = "Task_RaiseChange";
  public static final String EVENT_CHANGE_ENDED = "Event_ChangeEnded";
  public static final String TASK_VERIFY_FIX = "Task_VerifyFix";
  public static final String TASK_CLOSE = "Task_CloseProblem";
  public static final String END_PROBLEM_CLOSED = "EndEvent_ProblemClosed";
  public static final String START_PRIORITY_RAISED = "StartEvent_PriorityRaised";
  public static final String END_TOLD_OF_PRIORITY = "EndEvent_ProblemManagersToldOfPriority";

  private ProblemManagementProcess() {}
}
