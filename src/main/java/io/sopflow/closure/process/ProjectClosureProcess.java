package io.sopflow.closure.process;

/** Names shared by {@code processes/ProjectClosureProcess.bpmn}, its forms and the code of this package. */
public final class ProjectClosureProcess {

  public static final String PROCESS_KEY = "ProjectClosureProcess";

  // Process variables: references and decisions only.
  public static final String PROJECT_CLOSURE_ID = "projectClosureId";
  public static final String PROJECT_MANAGER = "projectManager";
  public static final String SPONSOR = "sponsor";
  /** The client's person who accepts the deliverables (the acceptance tasks are assigned to them). */
  public static final String CLIENT_CONTACT = "clientContact";
  /** Element variable of the multi-instance verification: the deliverable one instance verifies. */
  public static final String DELIVERABLE_ID = "deliverableId";
  public static final String DELIVERABLES_ACCEPTED = "deliverablesAccepted";
  public static final String SIGN_OFF_GIVEN = "signOffGiven";
  /** Date (java.util.Date) the post-implementation review timer waits for. */
  public static final String REVIEW_DUE_AT = "reviewDueAt";

  // Form fields (task-local: a loop never shows the answers of the previous round).
  public static final String VERIFICATION_RESULT = "verificationResult";
  public static final String VERIFICATION_NOTE = "verificationNote";
  public static final String RESULT_ACCEPTED = "ACCEPTED";
  public static final String RESULT_OPEN = "OPEN";
  public static final String RESOLUTION_NOTE = "resolutionNote";
  public static final String SIGN_OFF_DECISION = "signOffDecision";
  public static final String SIGN_OFF_COMMENT = "signOffComment";
  public static final String DECISION_SIGNED_OFF = "SIGNED_OFF";
  public static final String DECISION_REFUSED = "REFUSED";
  public static final String REFUSAL_RESPONSE = "refusalResponse";
  public static final String LESSONS_WENT_WELL = "lessonsWentWell";
  public static final String LESSONS_TO_IMPROVE = "lessonsToImprove";
  public static final String LESSONS_RECOMMENDATIONS = "lessonsRecommendations";
  public static final String VARIANCE_EXPLANATION = "varianceExplanation";
  public static final String ACTUAL_COST = "actualCost";
  public static final String ACCOUNTS_CLOSED = "accountsClosed";
  public static final String ENVIRONMENTS_DECOMMISSIONED = "environmentsDecommissioned";
  public static final String TEAM_RELEASED = "teamReleased";
  public static final String RESOURCES_NOTE = "resourcesNote";
  public static final String REVIEW_FINDINGS = "reviewFindings";

  // Start form fields that are not the request's own (deliverables: one "name: acceptance criteria" per line).
  public static final String START_FORM_DELIVERABLES = "deliverables";

  // Activities referred to in code and tests.
  public static final String TASK_VERIFY_DELIVERABLE = "Task_VerifyDeliverable";
  public static final String TASK_RESOLVE_OPEN_DELIVERABLES = "Task_ResolveOpenDeliverables";
  public static final String TASK_SEND_SIGN_OFF_REQUEST = "Task_SendSignOffRequest";
  public static final String TASK_SIGN_OFF_CLOSURE = "Task_SignOffClosure";
  public static final String TASK_ADDRESS_SIGN_OFF_REFUSAL = "Task_AddressSignOffRefusal";
  public static final String BOUNDARY_SIGN_OFF_REMINDER = "BoundaryEvent_SignOffReminder";
  public static final String BOUNDARY_SIGN_OFF_ESCALATION = "BoundaryEvent_SignOffEscalation";
  public static final String TASK_SEND_SIGN_OFF_REMINDER = "Task_SendSignOffReminder";
  public static final String TASK_ESCALATE_SIGN_OFF = "Task_EscalateSignOff";
  public static final String TASK_SEND_SIGN_OFF_ESCALATION = "Task_SendSignOffEscalation";
  public static final String TASK_CAPTURE_LESSONS_LEARNED = "Task_CaptureLessonsLearned";
  public static final String TASK_CLOSE_FINANCES = "Task_CloseFinances";
  public static final String TASK_RELEASE_RESOURCES = "Task_ReleaseResources";
  public static final String TASK_GENERATE_CLOSURE_REPORT = "Task_GenerateClosureReport";
  public static final String TASK_SEND_CLOSURE_NOTICE = "Task_SendClosureNotice";
  public static final String EVENT_REVIEW_DUE = "IntermediateEvent_ReviewDue";
  public static final String TASK_SEND_REVIEW_REQUEST = "Task_SendReviewRequest";
  public static final String TASK_CONDUCT_REVIEW = "Task_ConductReview";
  public static final String END_PROJECT_CLOSED = "EndEvent_ProjectClosed";

  // Mail templates (templates/mail/<name>.txt).
  public static final String MAIL_SIGN_OFF_REQUEST = "closure-sign-off-request";
  public static final String MAIL_SIGN_OFF_REMINDER = "closure-sign-off-reminder";
  public static final String MAIL_SIGN_OFF_ESCALATION = "closure-sign-off-escalation";
  public static final String MAIL_CLOSED = "closure-closed";
  public static final String MAIL_REVIEW_DUE = "closure-review-due";

  private ProjectClosureProcess() {}
}
