package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.DomainException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.incident.IncidentApi.TaskDetails;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.IncidentSlaProperties;
import io.sopflow.incident.Priority;
import io.sopflow.incident.ResolutionDates;
import io.sopflow.incident.RequesterWait;
import io.sopflow.incident.ResponseEscalation;
import io.sopflow.incident.Triage;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path, timer and loop of IncidentEscalationProcess, with the real delegates and listeners over a mocked
 * service, the real SLA clock for the step SLAs and the engine's clock fixed on a Monday morning. Notifications are
 * recorded in the step that causes them: no mail job is ever left to run.
 */
@Deployment(resources = "processes/IncidentEscalationProcess.bpmn")
@ExtendWith(PathCoverage.class)
class IncidentEscalationProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  static final String NUMBER = "INC-000042";
  static final String REPORTER_ID = "alice";
  /** Monday 8 June 2026, 12:00 in Berlin. */
  static final Instant NOW = Instant.parse("2026-06-08T10:00:00Z");

  /** A mail as the notification service task was asked to send it. */
  record Mail(String template, String groups, String users, String taskKey) {}

  final List<Mail> mails = new ArrayList<>();
  final IncidentService service = mock(IncidentService.class);
  final CurrentUser currentUser = mock(CurrentUser.class);
  io.sopflow.platform.process.ProcessStarts processStarts;
  final Instant now = NOW;
  final Date responseWarningAt = Date.from(NOW.plus(Duration.ofMinutes(45)));
  final Date responseDueAt = Date.from(NOW.plus(Duration.ofHours(1)));
  final Date resolutionWarningAt = Date.from(NOW.plus(Duration.ofHours(20)));
  final Date resolutionDueAt = Date.from(NOW.plus(Duration.ofHours(27)));
  final Date autoCloseAt = Date.from(NOW.plus(Duration.ofDays(3)));
  final Date requesterReminderAt = Date.from(NOW.plus(Duration.ofDays(2)));
  final Date requesterTimeoutAt = Date.from(NOW.plus(Duration.ofDays(7)));
  /** The priority the instance was started with; triage keeps it unless a test corrects it. */
  Priority startedAs = Priority.P3;
  /** The record's resolution notes, as the mocked service holds them. */
  String resolutionNotes;

  @BeforeEach
  void setUp() throws Exception {
    ClockUtil.setCurrentTime(Date.from(NOW));
    init(engine.getProcessEngine());
    JavaDelegate mailRecorder = execution -> mails.add(new Mail((String) execution.getVariableLocal("template"),
        str(execution.getVariableLocal("recipientGroups")), str(execution.getVariableLocal("recipientUsers")),
        str(execution.getVariableLocal("taskDefinitionKey"))));
    TaskForms taskForms = ProcessTestSupport.taskForms(currentUser);
    Mocks.register("sendNotificationDelegate", mailRecorder);
    Mocks.register("slaDates", ProcessTestSupport.slaDates(IncidentSlaProperties.defaults()));
    Mocks.register("escalateIncidentDelegate", new EscalateIncidentDelegate(service));
    Mocks.register("escalateResolutionDelegate", new EscalateResolutionDelegate(service));
    Mocks.register("recordResolutionWarningDelegate", new RecordResolutionWarningDelegate(service));
    when(service.warnResolution(NUMBER)).thenReturn(true);
    Mocks.register("closeIncidentDelegate", new CloseIncidentDelegate(service));
    Mocks.register("incidentTaskDetailsListener", new IncidentTaskDetailsListener(service, taskForms));
    Mocks.register("triageIncidentListener", new TriageIncidentListener(service, taskForms));
    Mocks.register("resolveIncidentListener", new ResolveIncidentListener(service, taskForms));
    Mocks.register("confirmResolutionListener", new ConfirmResolutionListener(service, taskForms));
    Mocks.register("reviewIncidentListener", new ReviewIncidentListener(service, taskForms));
    Mocks.register("incidentCadence", new IncidentCadence(service));
    Mocks.register("majorIncidentStatusDelegate", new MajorIncidentStatusDelegate(service));
    when(service.majorIncidentUpdateCycle()).thenReturn("R/PT1H");
    Mocks.register("answerQuestionListener", new AnswerQuestionListener(service, taskForms));
    Mocks.register("resolveUnansweredDelegate", new ResolveUnansweredDelegate(service));
    Mocks.register("resolveByProblemFixDelegate", new ResolveByProblemFixDelegate(service));
    // Started the way the service starts it (ProcessStarts, for the record just saved): passes through.
    processStarts = ProcessTestSupport.processStarts(runtimeService());
    Mocks.register("reportIncidentStartListener", new ReportIncidentStartListener(service, processStarts, null));
    when(service.taskDetails(NUMBER)).thenAnswer(i -> new TaskDetails("VPN down", Priority.P3, resolutionNotes));
    when(service.acknowledge(eq(NUMBER), anyString(), anyString(), any(), any(), any())).thenAnswer(i -> new Triage(
        i.getArgument(2), startedAs, resolutionWarningAt.toInstant(), resolutionDueAt.toInstant()));
    when(service.awaitRequester(eq(NUMBER), anyString(), anyString()))
        .thenReturn(new RequesterWait(requesterReminderAt.toInstant(), requesterTimeoutAt.toInstant()));
    when(service.answer(eq(NUMBER), anyString(), anyString()))
        .thenReturn(new ResolutionDates(NOW.plus(Duration.ofHours(8)), NOW.plus(Duration.ofHours(9))));
    when(service.resolveUnanswered(NUMBER)).thenReturn(autoCloseAt.toInstant());
    when(service.resolve(eq(NUMBER), anyString(), anyString())).thenAnswer(i -> {
      resolutionNotes = i.getArgument(2);
      return autoCloseAt.toInstant();
    });
    when(service.reopen(eq(NUMBER), anyString(), anyString()))
        .thenReturn(new ResolutionDates(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))));
    actingAs("desk");
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  // ------------------------------------------------------------------ happy path

  @Test
  void p3IncidentIsTriagedResolvedConfirmedAndClosedWithoutReview() {
    ProcessInstance pi = start("P3");

    assertThat(pi).isWaitingAt(TASK_TRIAGE).task().hasCandidateGroup("service-desk")
        .hasName("Triage incident " + NUMBER + ": VPN down").hasDueDate(responseDueAt);
    triage("support-l2");
    verify(service).acknowledge(NUMBER, "desk", "support-l2", "looks like the VPN", null, null);

    assertThat(pi).isWaitingAt(TASK_RESOLVE).task().hasCandidateGroup("support-l2");
    actingAs("l2");
    complete(task(), withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED, RESOLUTION_NOTES, "Restarted the VPN"));
    verify(service).resolve(NUMBER, "l2", "Restarted the VPN");

    // The reporter is asked in the step that resolves: no mail job waits beside the confirmation.
    Assertions.assertThat(mails).containsExactly(new Mail("incident-resolved", null, REPORTER_ID, TASK_CONFIRM));
    assertThat(pi).isWaitingAt(TASK_CONFIRM).task().isAssignedTo(REPORTER_ID);
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId())
        .activityId("Task_RequestConfirmation").count()).isZero();

    actingAs(REPORTER_ID);
    complete(task(), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM));
    verify(service).confirm(NUMBER, REPORTER_ID);
    verify(service).close(NUMBER);
    Assertions.assertThat(mails).endsWith(new Mail("incident-closed", null, REPORTER_ID, null));
    assertThat(pi).isEnded().hasPassed("Task_RequestConfirmation", "Task_CloseIncident", "EndEvent_IncidentClosed")
        .hasNotPassed(TASK_COORDINATE, TASK_REVIEW);
  }

  /**
   * The defect of the asynchronous "Ask reporter to confirm": its mail job raced the reporter's confirmation
   * (OptimisticLockingException) and kept the instance open for a minute after its last task. Now the instance ends
   * in the very command that completes the confirmation, with no job of any kind left behind.
   */
  @Test
  void theInstanceEndsInTheCommandThatConfirmsTheResolutionWithNoJobLeft() {
    ProcessInstance pi = startResolving();
    complete(task(TASK_RESOLVE), withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED, RESOLUTION_NOTES, "Fixed"));
    actingAs(REPORTER_ID);
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId()).list())
        .as("only the auto-close timer waits beside the confirmation").extracting(j -> j.getJobDefinitionId())
        .hasSize(1);

    complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM));

    assertThat(pi).isEnded();
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
    Assertions.assertThat(runtimeService().createExecutionQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  // ------------------------------------------------------------------ major incident and review

  @Test
  void p1IncidentNotifiesIncidentManagersAtOnceAndEndsWithCoordinationAndReview() {
    ProcessInstance pi = start("P1");

    // Told in the step that starts the process, and offered coordination at once.
    Assertions.assertThat(mails).containsExactly(new Mail("incident-major-incident", "incident-managers", null, null));
    assertThat(pi).isWaitingAt(TASK_TRIAGE, TASK_COORDINATE).hasPassed("Task_NotifyIncidentManagers");
    assertThat(task(TASK_COORDINATE)).hasCandidateGroup("incident-managers")
        .hasName("Coordinate major incident " + NUMBER + ": VPN down")
        .hasDueDate(Date.from(NOW.plus(Duration.ofHours(4)))); // PT4H around the clock
    Assertions.assertThat(task(TASK_COORDINATE).getFollowUpDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(3))));

    resolveAndConfirm();
    // A P1 does not close while its coordination is open.
    assertThat(pi).isWaitingAt(TASK_COORDINATE).hasNotPassed("Task_CloseIncident");
    verify(service, never()).close(anyString());

    actingAs("incman");
    complete(task(TASK_COORDINATE), withVariables(COORDINATION_NOTES, "Bridge call at 10:00"));
    verify(service).recordCoordination(NUMBER, "incman", "Bridge call at 10:00");
    verify(service).close(NUMBER);
    Assertions.assertThat(mails).contains(new Mail("incident-closed", null, REPORTER_ID, null));
    assertThat(pi).isWaitingAt(TASK_REVIEW).task().hasCandidateGroup("incident-managers");
    complete(task(), withVariables(REVIEW_SUMMARY, "Root cause: expired certificate"));
    verify(service).recordReview(NUMBER, "incman", "Root cause: expired certificate", null);
    assertThat(pi).isEnded().hasPassed("EndEvent_IncidentReviewed");
  }

  /**
   * The updates hung on "Coordinate major incident" and ended with it: an incident manager who completed it while the
   * incident was still being worked on silenced the updates. They now run until the incident is ready to close,
   * whatever the coordinator does, and resume after a reopening.
   */
  @Test
  void aMajorIncidentSendsStatusUpdatesOnItsCadenceUntilResolvedWhateverItsCoordinatorDoes() {
    when(service.isUnresolved(NUMBER)).thenReturn(true);
    ProcessInstance pi = start("P1");
    mails.clear();
    Assertions.assertThat(job(TIMER_MAJOR_INCIDENT_UPDATE).getDuedate())
        .isEqualTo(Date.from(NOW.plus(Duration.ofHours(1))));
    actingAs("incman");
    complete(task(TASK_COORDINATE), withVariables(COORDINATION_NOTES, "Bridge call held, vendor engaged"));
    verify(service).recordCoordination(NUMBER, "incman", "Bridge call held, vendor engaged");

    execute(job(TIMER_MAJOR_INCIDENT_UPDATE));

    Assertions.assertThat(mails).as("coordination done, incident unresolved: updated")
        .containsExactly(new Mail("incident-major-update", "incident-managers", REPORTER_ID, null));
    assertThat(pi).isWaitingAt(TASK_TRIAGE).hasPassed("EndEvent_MajorIncidentUpdateSent");
    Assertions.assertThat(job(TIMER_MAJOR_INCIDENT_UPDATE)).as("the next update is scheduled").isNotNull();

    triage("support-l2");
    actingAs("l2");
    resolve();
    when(service.isUnresolved(NUMBER)).thenReturn(false);
    mails.clear();
    execute(job(TIMER_MAJOR_INCIDENT_UPDATE));
    Assertions.assertThat(mails).as("resolved: no update").isEmpty();
    assertThat(pi).hasPassed("EndEvent_MajorIncidentResolved");

    actingAs(REPORTER_ID);
    complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_REOPEN, REOPEN_REASON, "Down again"));
    Assertions.assertThat(job(TIMER_MAJOR_INCIDENT_UPDATE)).as("reopened: the updates go on").isNotNull();

    actingAs("l2");
    resolve();
    actingAs(REPORTER_ID);
    complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM));
    Assertions.assertThat(managementService().createJobQuery().activityId(TIMER_MAJOR_INCIDENT_UPDATE).count())
        .as("the cadence ends when the incident is ready to close").isZero();
    verify(service).close(NUMBER);
    assertThat(pi).hasPassed("EndEvent_MajorIncidentManaged").isWaitingAt(TASK_REVIEW);
  }

  @Test
  void p2IncidentEndsWithReviewButNoCoordination() {
    ProcessInstance pi = start("P2");
    assertThat(pi).isWaitingAt(TASK_TRIAGE).hasNotPassed("Task_NotifyIncidentManagers");

    resolveAndConfirm();
    assertThat(pi).isWaitingAt(TASK_REVIEW);
    actingAs("incman");
    complete(task(), withVariables(REVIEW_SUMMARY, "Capacity planning"));
    assertThat(pi).isEnded().hasPassed("EndEvent_IncidentReviewed").hasNotPassed(TASK_COORDINATE);
    Assertions.assertThat(mails).extracting(Mail::template).doesNotContain("incident-major-incident");
  }

  @Test
  void aCoordinationStepRenamedInModelerIsStillTheCoordinationItsSettingSays() {
    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY,
        model -> model.replace("\"" + TASK_COORDINATE + "\"", "\"Task_RunMajorIncidentBridge\"")
            .replace("\"" + TASK_COORDINATE + "_di\"", "\"Task_RunMajorIncidentBridge_di\""));
    ProcessInstance pi = start("P1");

    assertThat(pi).isWaitingAt(TASK_TRIAGE, "Task_RunMajorIncidentBridge");
    actingAs("incman");
    complete(task("Task_RunMajorIncidentBridge"), withVariables(COORDINATION_NOTES, "Bridge call at 10:00"));

    verify(service).recordCoordination(NUMBER, "incman", "Bridge call at 10:00");
    verify(service, never()).recordReview(anyString(), anyString(), anyString(), any());
    assertThat(pi).hasPassed("Task_RunMajorIncidentBridge");
  }

  @Test
  void theReviewStepsOfAVersionBeforeTheSettingAreCompletedAsTheyWere() {
    // Instances running on 1.4.0 (and new ones until the changed model's revision is approved) have no reviewStep.
    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY,
        model -> model.replaceAll("<camunda:inputParameter name=\"reviewStep\">\\w+</camunda:inputParameter>", ""));
    ProcessInstance pi = start("P1");
    actingAs("incman");
    complete(task(TASK_COORDINATE), withVariables(COORDINATION_NOTES, "Bridge call at 10:00"));

    verify(service).recordCoordination(NUMBER, "incman", "Bridge call at 10:00");
    assertThat(pi).hasPassed(TASK_COORDINATE);
  }

  @Test
  void aCoordinationTaskWithoutAValidReviewStepFailsAsAModellingErrorAndRecordsNothing() {
    String setting = "<camunda:inputParameter name=\"reviewStep\">COORDINATION</camunda:inputParameter>";
    // A step of its own (not one of the task ids of the versions before the setting) without its setting.
    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, model -> model.replace(setting, "")
        .replace("\"" + TASK_COORDINATE + "\"", "\"Task_RunMajorIncidentBridge\"")
        .replace("\"" + TASK_COORDINATE + "_di\"", "\"Task_RunMajorIncidentBridge_di\""));
    ProcessInstance bridge = start("P1");
    actingAs("incman");
    Task coordination = task("Task_RunMajorIncidentBridge");

    Assertions.assertThatThrownBy(() -> complete(coordination, withVariables(COORDINATION_NOTES, "Bridge call")))
        .rootCause().isInstanceOf(IllegalStateException.class)
        .hasMessage("Input parameter 'reviewStep' is missing on Task_RunMajorIncidentBridge");
    assertThat(bridge).isWaitingAt("Task_RunMajorIncidentBridge");

    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY,
        model -> model.replace(setting, setting.replace("COORDINATION", "COORDINATE")));
    ProcessInstance pi = start("P1");
    Task misconfigured = task(TASK_COORDINATE);

    Assertions.assertThatThrownBy(() -> complete(misconfigured, withVariables(COORDINATION_NOTES, "Bridge call")))
        .rootCause().isInstanceOf(IllegalStateException.class).hasMessage("Input parameter 'reviewStep' of "
            + TASK_COORDINATE + " must be one of [REVIEW, COORDINATION], not 'COORDINATE'");
    assertThat(pi).isWaitingAt(TASK_COORDINATE);
    verify(service, never()).recordCoordination(anyString(), anyString(), anyString());
    verify(service, never()).recordReview(anyString(), anyString(), anyString(), any());
  }

  @Test
  void reviewIsDueFiveWorkingDaysAfterClosureWithAFollowUpAtThreeQuarters() {
    ProcessInstance pi = start("P2");
    resolveAndConfirm();

    Task review = task(TASK_REVIEW);
    assertThat(review).hasName("Review incident " + NUMBER + ": VPN down");
    // Monday 12:00 Berlin + 45 working hours (Mon-Fri 08:00-17:00) = next Monday 12:00 Berlin.
    Assertions.assertThat(review.getDueDate()).isEqualTo(Date.from(Instant.parse("2026-06-15T10:00:00Z")));
    // 75 % = 33 h 45 min of work: Friday 09:45 Berlin.
    Assertions.assertThat(review.getFollowUpDate()).isEqualTo(Date.from(Instant.parse("2026-06-12T07:45:00Z")));
    assertThat(pi).isWaitingAt(TASK_REVIEW);
  }

  @Test
  void theReviewPassesItsActionsToTheRecord() {
    start("P2");
    resolveAndConfirm();
    actingAs("incman");

    complete(task(TASK_REVIEW), withVariables(REVIEW_SUMMARY, "Expired certificate",
        REVIEW_ACTIONS, "l3 | 2026-07-01 | Monitor certificate expiry"));

    verify(service).recordReview(NUMBER, "incman", "Expired certificate", "l3 | 2026-07-01 | Monitor certificate expiry");
  }

  @Test
  void theReviewMayRaiseAProblem() {
    start("P2");
    resolveAndConfirm();
    actingAs("incman");

    complete(task(TASK_REVIEW), withVariables(REVIEW_SUMMARY, "Third outage of the relay", RAISE_PROBLEM, true));

    verify(service).recordReview(NUMBER, "incman", "Third outage of the relay", null, true);
  }

  @Test
  void aProblemFixResolvesAnIncidentWaitingForResolutionAndAsksTheReporterToConfirm() {
    when(service.resolveWithProblemFix(NUMBER, "PRB-000003")).thenReturn(autoCloseAt.toInstant());
    ProcessInstance pi = startResolving();
    mails.clear();

    runtimeService().createMessageCorrelation(MESSAGE_PROBLEM_FIXED).processInstanceBusinessKey(NUMBER)
        .setVariable(FIXED_BY_PROBLEM, "PRB-000003").correlate();

    verify(service).resolveWithProblemFix(NUMBER, "PRB-000003");
    assertThat(pi).hasPassed(MESSAGE_EVENT_PROBLEM_FIXED).isWaitingAt(TASK_CONFIRM).task().isAssignedTo(REPORTER_ID)
        .hasDueDate(autoCloseAt);
    Assertions.assertThat(mails).containsExactly(new Mail("incident-resolved", null, REPORTER_ID, TASK_CONFIRM));
    Assertions.assertThat(taskService().createTaskQuery().taskDefinitionKey(TASK_RESOLVE).count()).isZero();
  }

  @Test
  void reviewRefusedWithoutSummaryNamesTheField() {
    start("P2");
    resolveAndConfirm();
    actingAs("incman");

    assertRefused(() -> complete(task(TASK_REVIEW), withVariables(REVIEW_SUMMARY, " ")), InvalidRequestException.class,
        REVIEW_SUMMARY);
    verify(service, never()).recordReview(anyString(), anyString(), anyString(), any());
  }

  // ------------------------------------------------------------------ what every task shows and when it is due

  @Test
  void everyTaskShowsTheRecordAsItIsAndIsDueWhenItsSlaSays() {
    ProcessInstance pi = start("P1");

    Task triage = task(TASK_TRIAGE);
    Assertions.assertThat(triage.getDueDate()).isEqualTo(responseDueAt);
    Assertions.assertThat(triage.getFollowUpDate()).isEqualTo(responseWarningAt);
    Assertions.assertThat(taskService().getVariablesLocal(triage.getId()))
        .containsEntry(INCIDENT_TITLE, "VPN down").containsEntry(PRIORITY, "P3");
    // The process itself carries references, decisions and SLA dates, not what a form displays.
    assertThat(pi).variables().doesNotContainKeys(INCIDENT_TITLE, PRIORITY).containsKeys(INCIDENT_NUMBER, REPORTER,
        ASSIGNMENT_GROUP, ESCALATION_LEVEL, MAJOR_INCIDENT, REVIEW_REQUIRED, RESPONSE_DUE_AT, RESOLUTION_DUE_AT);

    triage("support-l2");
    Task resolve = task(TASK_RESOLVE);
    Assertions.assertThat(resolve.getName()).isEqualTo("Resolve incident " + NUMBER + ": VPN down");
    Assertions.assertThat(resolve.getDueDate()).isEqualTo(resolutionDueAt);
    Assertions.assertThat(resolve.getFollowUpDate()).isEqualTo(resolutionWarningAt);

    actingAs("l2");
    complete(resolve, withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED, RESOLUTION_NOTES, "Renewed the certificate"));
    Task confirm = task(TASK_CONFIRM);
    Assertions.assertThat(confirm.getName()).isEqualTo("Confirm resolution of " + NUMBER + ": VPN down");
    Assertions.assertThat(confirm.getDueDate()).as("closes by itself then").isEqualTo(autoCloseAt);
    Assertions.assertThat(taskService().getVariablesLocal(confirm.getId()))
        .containsEntry(RESOLUTION_NOTES, "Renewed the certificate").containsEntry(INCIDENT_TITLE, "VPN down");

    Assertions.assertThat(task(TASK_COORDINATE).getDueDate()).isNotNull();
  }

  @Test
  void theEscalatedTriageIsDueWhenTheResponseTargetWasAlreadyBreached() {
    when(service.escalateResponse(NUMBER)).thenReturn(new ResponseEscalation(false, "support-l3", 3,
        responseWarningAt.toInstant(), responseDueAt.toInstant(), "incident-managers,support-l3"));
    ProcessInstance pi = start("P3");

    execute(job(TIMER_RESPONSE_BREACHED));

    assertThat(pi).isWaitingAt(TASK_TRIAGE_ESCALATED).task().hasDueDate(responseDueAt)
        .hasName("Triage escalated incident " + NUMBER + ": VPN down");
  }

  // ------------------------------------------------------------------ response SLA

  @Test
  void responseWarningMailsTheTriageGroupAndKeepsTheTask() {
    ProcessInstance pi = start("P3");
    Assertions.assertThat(job(TIMER_RESPONSE_WARNING).getDuedate()).isEqualTo(responseWarningAt);

    execute(job(TIMER_RESPONSE_WARNING));

    Assertions.assertThat(mails).containsExactly(new Mail("incident-response-warning", "service-desk", null, TASK_TRIAGE));
    assertThat(pi).isWaitingAt(TASK_TRIAGE).hasPassed("EndEvent_ResponseWarningSent");
    verify(service, never()).escalateResponse(anyString());
  }

  @Test
  void responseBreachEscalatesTheTriageToTheNextTierAndMailsIt() {
    when(service.escalateResponse(NUMBER)).thenReturn(new ResponseEscalation(true, "support-l2", 2,
        now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofMinutes(40)), "support-l2"));
    ProcessInstance pi = start("P3");
    Assertions.assertThat(job(TIMER_RESPONSE_BREACHED).getDuedate()).isEqualTo(responseDueAt);

    execute(job(TIMER_RESPONSE_BREACHED));

    verify(service).escalateResponse(NUMBER);
    Assertions.assertThat(mails).containsExactly(new Mail("incident-escalated", "support-l2", null, TASK_TRIAGE),
        new Mail("incident-escalation-notice", null, REPORTER_ID, null));
    assertThat(pi).isWaitingAt(TASK_TRIAGE).hasPassed("Task_NotifyEscalation", "Task_NotifyReporterOfEscalation").variables()
        .containsEntry(ASSIGNMENT_GROUP, "support-l2").containsEntry(ESCALATION_LEVEL, 2)
        .containsEntry(RESPONSE_DUE_AT, Date.from(now.plus(Duration.ofMinutes(40))));
    // The re-offered triage has fresh timers and a fresh due date at the new tier's dates.
    assertThat(task(TASK_TRIAGE)).hasCandidateGroup("support-l2").hasDueDate(Date.from(now.plus(Duration.ofMinutes(40))));
    Assertions.assertThat(job(TIMER_RESPONSE_BREACHED).getDuedate()).isEqualTo(Date.from(now.plus(Duration.ofMinutes(40))));
  }

  @Test
  void responseBreachAtTheLastTierEscalatesToIncidentManagersAndLeavesTriageWithL3() {
    when(service.escalateResponse(NUMBER)).thenReturn(new ResponseEscalation(false, "support-l3", 3,
        now, now, "incident-managers,support-l3"));
    ProcessInstance pi = start("P3");

    execute(job(TIMER_RESPONSE_BREACHED));

    Assertions.assertThat(mails).containsExactly(new Mail("incident-escalated", "incident-managers,support-l3", null,
        TASK_TRIAGE_ESCALATED), new Mail("incident-escalation-notice", null, REPORTER_ID, null));
    assertThat(pi).isWaitingAt(TASK_TRIAGE_ESCALATED).task().hasCandidateGroup("support-l3");
    assertThat(pi).hasNotPassed(TIMER_RESPONSE_WARNING);

    actingAs("l3");
    triage("support-l3");
    verify(service).acknowledge(NUMBER, "l3", "support-l3", "looks like the VPN", null, null);
    assertThat(pi).isWaitingAt(TASK_RESOLVE).task().hasCandidateGroup("support-l3");
  }

  @Test
  void triageWithoutResolverGroupIsRefusedNamingTheField() {
    start("P3");
    assertRefused(() -> complete(task(), withVariables(TRIAGE_NOTES, "no group")), InvalidRequestException.class,
        RESOLVER_GROUP);
    assertRefused(() -> complete(task(), withVariables(RESOLVER_GROUP, "finance")), InvalidRequestException.class,
        RESOLVER_GROUP);
    verify(service, never()).acknowledge(anyString(), anyString(), anyString(), any(), any(), any());
  }

  @Test
  void completionWithoutAnAuthenticatedUserIsRefused() {
    start("P3");
    when(currentUser.id()).thenReturn(Optional.empty());

    assertRefused(() -> complete(task(), withVariables(RESOLVER_GROUP, "support-l2")), ForbiddenException.class, null);
    verify(service, never()).acknowledge(anyString(), anyString(), anyString(), any(), any(), any());
  }

  // ------------------------------------------------------------------ resolution SLA

  @Test
  void resolutionWarningMailsTheResolverGroupAndKeepsTheTask() {
    ProcessInstance pi = startResolving();
    Assertions.assertThat(job(TIMER_RESOLUTION_WARNING).getDuedate()).isEqualTo(resolutionWarningAt);

    execute(job(TIMER_RESOLUTION_WARNING));

    verify(service).warnResolution(NUMBER);
    Assertions.assertThat(mails).containsExactly(new Mail("incident-resolution-warning", "support-l2", null, TASK_RESOLVE));
    assertThat(pi).isWaitingAt(TASK_RESOLVE).hasPassed("EndEvent_ResolutionWarningSent");
  }

  /**
   * "Resolve incident" came back after the reporter's answer with its warning date reached before the question: the
   * timer fires again for a date that was warned, and the group is not warned twice.
   */
  @Test
  void aResolutionWarningAlreadySentForItsDateIsNotMailedAgain() {
    ProcessInstance pi = startResolving();
    ask("Which VPN client version?");
    actingAs(REPORTER_ID);
    complete(task(TASK_ANSWER_QUESTION), withVariables(ANSWER, "5.2.1"));
    mails.clear();
    when(service.warnResolution(NUMBER)).thenReturn(false);

    execute(job(TIMER_RESOLUTION_WARNING));

    verify(service).warnResolution(NUMBER);
    Assertions.assertThat(mails).isEmpty();
    assertThat(pi).isWaitingAt(TASK_RESOLVE).hasPassed("EndEvent_ResolutionWarningKnown")
        .hasNotPassed("Task_SendResolutionWarning");
  }

  @Test
  void resolutionBreachEscalatesToIncidentManagersWhileTheResolverKeepsWorking() {
    when(service.escalateResolution(NUMBER)).thenReturn(true);
    ProcessInstance pi = startResolving();
    Assertions.assertThat(job(TIMER_RESOLUTION_BREACHED).getDuedate()).isEqualTo(resolutionDueAt);

    execute(job(TIMER_RESOLUTION_BREACHED));

    verify(service).escalateResolution(NUMBER);
    Assertions.assertThat(mails).containsExactly(new Mail("incident-resolution-breached", "incident-managers,support-l2", null,
        TASK_RESOLVE));
    assertThat(pi).isWaitingAt(TASK_RESOLVE).hasPassed("EndEvent_ResolutionBreachEscalated");
  }

  @Test
  void resolutionBreachAlreadyEscalatedIsNotMailedAgain() {
    when(service.escalateResolution(NUMBER)).thenReturn(false);
    ProcessInstance pi = startResolving();

    execute(job(TIMER_RESOLUTION_BREACHED));

    assertThat(pi).isWaitingAt(TASK_RESOLVE).hasPassed("EndEvent_ResolutionBreachKnown")
        .hasNotPassed("Task_NotifyResolutionBreach");
    Assertions.assertThat(mails).isEmpty();
  }

  // ------------------------------------------------------------------ waiting for the requester

  @Test
  void aQuestionBecomesTheReportersTaskWithItsMailLinkingToIt() {
    ProcessInstance pi = startResolving();

    ask("Which VPN client version?");

    verify(service).awaitRequester(NUMBER, "l2", "Which VPN client version?");
    assertThat(pi).isWaitingAt(TASK_ANSWER_QUESTION);
    Task answer = task(TASK_ANSWER_QUESTION);
    assertThat(answer).isAssignedTo(REPORTER_ID).hasName("Answer question about " + NUMBER + ": VPN down")
        .hasDueDate(requesterTimeoutAt);
    Assertions.assertThat(answer.getFollowUpDate()).isEqualTo(requesterReminderAt);
    Assertions.assertThat(taskService().getVariablesLocal(answer.getId())).containsKeys(QUESTION_FOR_REQUESTER,
        WORK_LOG, DESCRIPTION);
    // Mailed after the task exists, so the mail links to it (the delegate finds it by its key).
    Assertions.assertThat(mails).containsExactly(new Mail("incident-question", null, REPORTER_ID, TASK_ANSWER_QUESTION));
    Assertions.assertThat(job(TIMER_REQUESTER_REMINDER).getDuedate()).isEqualTo(requesterReminderAt);
    Assertions.assertThat(job(TIMER_REQUESTER_TIMEOUT).getDuedate()).isEqualTo(requesterTimeoutAt);
  }

  @Test
  void theReportersAnswerInTasklistResumesResolutionWithMovedDueDatesAndTellsTheResolvers() {
    ProcessInstance pi = startResolving();
    ask("Which VPN client version?");
    mails.clear();
    actingAs(REPORTER_ID);

    complete(task(TASK_ANSWER_QUESTION), withVariables(ANSWER, "5.2.1"));

    verify(service).answer(NUMBER, REPORTER_ID, "5.2.1");
    Date movedDue = Date.from(NOW.plus(Duration.ofHours(9)));
    assertThat(pi).isWaitingAt(TASK_RESOLVE).task().hasDueDate(movedDue).hasCandidateGroup("support-l2");
    Assertions.assertThat(task(TASK_RESOLVE).getFollowUpDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(8))));
    Assertions.assertThat(job(TIMER_RESOLUTION_BREACHED).getDuedate()).isEqualTo(movedDue);
    Assertions.assertThat(taskService().getVariablesLocal(task(TASK_RESOLVE).getId())).containsKey(REQUESTER_ANSWER);
    Assertions.assertThat(mails).containsExactly(new Mail("incident-answered", "support-l2", null, TASK_RESOLVE));
    Assertions.assertThat(managementService().createJobQuery().activityId(TIMER_REQUESTER_TIMEOUT).count()).isZero();
  }

  @Test
  void anAnswerWithoutTextIsRefusedNamingTheField() {
    startResolving();
    ask("Which VPN client version?");
    actingAs(REPORTER_ID);

    assertRefused(() -> complete(task(TASK_ANSWER_QUESTION), withVariables(ANSWER, " ")),
        InvalidRequestException.class, ANSWER);
    verify(service, never()).answer(anyString(), anyString(), anyString());
  }

  @Test
  void anAnswerThroughTheApiEndsTheTaskThroughTheMessage() {
    ProcessInstance pi = startResolving();
    ask("Which VPN client version?");

    Date movedDue = Date.from(now.plus(Duration.ofHours(9)));
    Date movedWarning = Date.from(now.plus(Duration.ofHours(8)));
    runtimeService().createMessageCorrelation(MESSAGE_REQUESTER_REPLIED).processInstanceBusinessKey(NUMBER)
        .setVariable(RESOLUTION_DUE_AT, movedDue).setVariable(RESOLUTION_WARNING_AT, movedWarning).correlate();

    assertThat(pi).isWaitingAt(TASK_RESOLVE).hasPassed(MESSAGE_EVENT_REQUESTER_REPLIED).task().hasDueDate(movedDue);
    Assertions.assertThat(task(TASK_RESOLVE).getFollowUpDate()).isEqualTo(movedWarning);
    Assertions.assertThat(taskService().createTaskQuery().taskDefinitionKey(TASK_ANSWER_QUESTION).count()).isZero();
    verify(service, never()).answer(anyString(), anyString(), anyString());
  }

  @Test
  void theReporterIsRemindedOfAnOpenQuestionAndTheTaskStays() {
    ProcessInstance pi = startResolving();
    ask("Which VPN client version?");
    mails.clear();

    ClockUtil.setCurrentTime(requesterReminderAt);
    execute(job(TIMER_REQUESTER_REMINDER));

    Assertions.assertThat(mails).containsExactly(
        new Mail("incident-question-reminder", null, REPORTER_ID, TASK_ANSWER_QUESTION));
    assertThat(pi).isWaitingAt(TASK_ANSWER_QUESTION).hasPassed("EndEvent_RequesterReminded");
  }

  @Test
  void anUnansweredQuestionResolvesTheIncidentAndAsksTheReporterToConfirm() {
    ProcessInstance pi = startResolving();
    ask("Which VPN client version?");
    mails.clear();

    ClockUtil.setCurrentTime(requesterTimeoutAt);
    execute(job(TIMER_REQUESTER_TIMEOUT));

    verify(service).resolveUnanswered(NUMBER);
    assertThat(pi).isWaitingAt(TASK_CONFIRM).task().isAssignedTo(REPORTER_ID).hasDueDate(autoCloseAt);
    Assertions.assertThat(mails).containsExactly(new Mail("incident-resolved", null, REPORTER_ID, TASK_CONFIRM));
    Assertions.assertThat(taskService().createTaskQuery().taskDefinitionKey(TASK_ANSWER_QUESTION).count()).isZero();
  }

  @Test
  void anIncidentRaisedToP1AtTriageStartsTheMajorIncidentPathAndCannotCloseBeforeItsCoordination() {
    ProcessInstance pi = start("P3");
    startedAs = Priority.P1; // the table decides P1 from the corrected impact and urgency
    triage("support-l2");

    Assertions.assertThat(mails).containsExactly(new Mail("incident-major-incident", "incident-managers", null, null));
    assertThat(pi).isWaitingAt(TASK_RESOLVE, TASK_COORDINATE).hasPassed("IntermediateEvent_RaisedToMajor");
    Assertions.assertThat(task(TASK_COORDINATE).getPriority()).isEqualTo(100);
    Assertions.assertThat(job(TIMER_MAJOR_INCIDENT_UPDATE)).as("status updates on the cadence").isNotNull();

    actingAs("l2");
    resolve();
    actingAs(REPORTER_ID);
    complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM));
    assertThat(pi).isWaitingAt(TASK_COORDINATE).hasNotPassed("Task_CloseIncident");
    verify(service, never()).close(anyString());

    actingAs("incman");
    complete(task(TASK_COORDINATE), withVariables(COORDINATION_NOTES, "Vendor engaged"));
    verify(service).close(NUMBER);
    assertThat(pi).isWaitingAt(TASK_REVIEW);
  }

  @Test
  void aP1LoweredAtTriageWithdrawsTheCoordinationAndClosesWithoutIt() {
    ProcessInstance pi = start("P1");
    assertThat(pi).isWaitingAt(TASK_COORDINATE);
    startedAs = Priority.P3;
    triage("support-l2");

    assertThat(pi).hasPassed("BoundaryEvent_LoweredBelowP1").isWaitingAt(TASK_RESOLVE);
    Assertions.assertThat(taskQuery().taskDefinitionKey(TASK_COORDINATE).count()).as("coordination withdrawn").isZero();
    Assertions.assertThat(managementService().createJobQuery().activityId(TIMER_MAJOR_INCIDENT_UPDATE).count())
        .as("no status updates for a P3").isZero();

    actingAs("l2");
    resolve();
    actingAs(REPORTER_ID);
    complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM));
    verify(service).close(NUMBER);
    verify(service, never()).recordCoordination(anyString(), anyString(), anyString());
    assertThat(pi).isEnded().hasPassed("IntermediateEvent_ReadyToClose", "EndEvent_IncidentClosed");
  }

  @Test
  void anIncidentThatStaysBelowP1PassesTheMajorIncidentPathWhenItCloses() {
    ProcessInstance pi = start("P3");
    assertThat(pi).isWaitingAt(TASK_TRIAGE, "Gateway_AwaitMajorIncident");
    resolveAndConfirm();
    assertThat(pi).isEnded().hasPassed("IntermediateEvent_ReadyToClose").hasNotPassed("IntermediateEvent_RaisedToMajor",
        TASK_COORDINATE);
  }

  @Test
  void tasksArePrioritisedByTheIncidentsPriority() {
    start("P1");
    Assertions.assertThat(task(TASK_TRIAGE).getPriority()).isEqualTo(100);
    Assertions.assertThat(task(TASK_COORDINATE).getPriority()).isEqualTo(100);
  }

  @Test
  void triageMayCorrectImpactAndUrgencyAndTheResolutionTargetFollows() {
    Date newDue = Date.from(NOW.plus(Duration.ofHours(4)));
    when(service.acknowledge(NUMBER, "desk", "support-l2", null, io.sopflow.incident.Level.HIGH,
        io.sopflow.incident.Level.HIGH)).thenReturn(new Triage("support-l2", Priority.P1,
            NOW.plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), newDue.toInstant()));
    ProcessInstance pi = start("P3");

    complete(task(TASK_TRIAGE), withVariables(RESOLVER_GROUP, "support-l2", IMPACT, "HIGH", URGENCY, "HIGH"));

    assertThat(pi).isWaitingAt(TASK_RESOLVE).task(TASK_RESOLVE).hasDueDate(newDue);
    Assertions.assertThat(task(TASK_RESOLVE).getPriority()).isEqualTo(100);
    assertThat(pi).as("now a P1: the major-incident path starts").isWaitingAt(TASK_COORDINATE);
    assertThat(pi).variables().containsEntry(REVIEW_REQUIRED, true);
    assertRefused(() -> complete(task(TASK_RESOLVE), withVariables(RESOLUTION_OUTCOME, "MAYBE")),
        InvalidRequestException.class, RESOLUTION_OUTCOME);
  }

  @Test
  void triageWithAnUnknownImpactIsRefusedNamingTheField() {
    start("P3");
    assertRefused(() -> complete(task(TASK_TRIAGE), withVariables(RESOLVER_GROUP, "support-l2", IMPACT, "HUGE")),
        InvalidRequestException.class, IMPACT);
  }

  @Test
  void resolveWithoutNotesIsRefusedNamingTheField() {
    startResolving();
    assertRefused(() -> complete(task(), withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED)),
        InvalidRequestException.class, RESOLUTION_NOTES);
    assertRefused(() -> complete(task(), withVariables(RESOLUTION_OUTCOME, "MAYBE")), InvalidRequestException.class,
        RESOLUTION_OUTCOME);
    verify(service, never()).resolve(anyString(), anyString(), anyString());
  }

  @Test
  void aConflictOfTheRecordIsLetOutAsItIs() {
    startResolving();
    doThrow(new ConflictException("Incident " + NUMBER + " is CLOSED: cannot resolve it")).when(service)
        .resolve(NUMBER, "l2", "Fixed");

    assertRefused(() -> complete(task(), withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED, RESOLUTION_NOTES, "Fixed")),
        ConflictException.class, null);
    assertThat(processInstanceQuery().singleResult()).isWaitingAt(TASK_RESOLVE);
  }

  // ------------------------------------------------------------------ confirmation, reopen, auto-close

  @Test
  void reporterReopensAndTheIncidentGoesBackToResolution() {
    ProcessInstance pi = startResolving();
    resolve();
    actingAs(REPORTER_ID);

    complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_REOPEN, REOPEN_REASON, "Still broken"));

    verify(service).reopen(NUMBER, REPORTER_ID, "Still broken");
    verify(service, never()).close(anyString());
    assertThat(pi).isWaitingAt(TASK_RESOLVE).variables()
        .containsEntry(RESOLUTION_DUE_AT, Date.from(now.plus(Duration.ofHours(2))));
    assertThat(task()).hasCandidateGroup("support-l2").hasDueDate(Date.from(now.plus(Duration.ofHours(2))));
  }

  @Test
  void reopenWithoutReasonIsRefusedNamingTheField() {
    startResolving();
    resolve();
    actingAs(REPORTER_ID);

    assertRefused(() -> complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_REOPEN)),
        InvalidRequestException.class, REOPEN_REASON);
    verify(service, never()).reopen(anyString(), anyString(), anyString());
  }

  @Test
  void onlyTheReporterMayConfirm() {
    startResolving();
    resolve();
    actingAs("desk");

    assertRefused(() -> complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM)),
        ForbiddenException.class, null);
    verify(service, never()).confirm(anyString(), anyString());
  }

  @Test
  void incidentClosesItselfWhenTheReporterDoesNotAnswerInTime() {
    ProcessInstance pi = startResolving();
    resolve();
    Assertions.assertThat(job(TIMER_CONFIRMATION_TIMEOUT).getDuedate()).isEqualTo(autoCloseAt);

    ClockUtil.setCurrentTime(autoCloseAt);
    execute(job(TIMER_CONFIRMATION_TIMEOUT));

    verify(service).close(NUMBER);
    verify(service, never()).confirm(anyString(), anyString());
    assertThat(pi).isEnded().hasPassed("EndEvent_IncidentClosed");
  }

  // ------------------------------------------------------------------ helpers

  private ProcessInstance start(String priority) {
    startedAs = Priority.valueOf(priority);
    Map<String, Object> variables = Variables.createVariables()
        .putValue(INCIDENT_NUMBER, NUMBER).putValue(REPORTER, REPORTER_ID)
        .putValue(ASSIGNMENT_GROUP, "service-desk").putValue(ESCALATION_LEVEL, 1)
        .putValue(MAJOR_INCIDENT, priority.equals("P1")).putValue(READY_TO_CLOSE, false)
        .putValue(REVIEW_REQUIRED, priority.equals("P1") || priority.equals("P2"))
        .putValue(TASK_PRIORITY, Priority.valueOf(priority).taskPriority())
        .putValue(RESPONSE_WARNING_AT, responseWarningAt).putValue(RESPONSE_DUE_AT, responseDueAt)
        .putValue(RESOLUTION_WARNING_AT, resolutionWarningAt).putValue(RESOLUTION_DUE_AT, resolutionDueAt);
    ProcessInstance pi = ProcessTestSupport.startForRecord(processStarts, runtimeService(), PROCESS_KEY, NUMBER,
        variables);
    assertThat(pi).isStarted(); // makes it the instance that task() and job() look at
    // Every reporter is told the number and targets in the step that starts the process.
    Assertions.assertThat(mails).contains(new Mail("incident-acknowledged", null, REPORTER_ID, null));
    mails.removeIf(m -> m.template().equals("incident-acknowledged"));
    return pi;
  }

  private ProcessInstance startResolving() {
    ProcessInstance pi = start("P3");
    triage("support-l2");
    actingAs("l2");
    assertThat(pi).isWaitingAt(TASK_RESOLVE);
    return pi;
  }

  private void triage(String group) {
    complete(task(TASK_TRIAGE_ESCALATED) != null ? task(TASK_TRIAGE_ESCALATED) : task(TASK_TRIAGE),
        withVariables(RESOLVER_GROUP, group, TRIAGE_NOTES, "looks like the VPN"));
  }

  private void ask(String question) {
    complete(task(TASK_RESOLVE), withVariables(RESOLUTION_OUTCOME, OUTCOME_AWAIT_REQUESTER,
        QUESTION_FOR_REQUESTER, question));
  }

  private void resolve() {
    complete(task(TASK_RESOLVE), withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED, RESOLUTION_NOTES, "Fixed"));
  }

  private void resolveAndConfirm() {
    triage("service-desk");
    resolve();
    actingAs(REPORTER_ID);
    complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM));
  }

  private void actingAs(String user) {
    when(currentUser.id()).thenReturn(Optional.of(user));
  }

  /** The completion fails with the domain refusal (wherever the engine wrapped it), naming the field if given. */
  private static void assertRefused(Runnable completion, Class<? extends DomainException> type, String field) {
    Throwable thrown = Assertions.catchThrowable(completion::run);
    Assertions.assertThat(thrown).as("completion refused").isNotNull();
    Throwable refusal = thrown;
    while (refusal != null && !type.isInstance(refusal)) {
      refusal = refusal.getCause();
    }
    Assertions.assertThat(refusal).as("%s in %s", type.getSimpleName(), thrown).isNotNull();
    if (field != null) {
      Assertions.assertThat(((DomainException) refusal).field()).isEqualTo(field);
    }
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }
}
