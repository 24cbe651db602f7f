package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.identity.CurrentUser;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.ResolutionDates;
import io.sopflow.incident.ResponseEscalation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path, timer and loop of IncidentEscalationProcess, with the real delegates over a mocked service. */
@Deployment(resources = "processes/IncidentEscalationProcess.bpmn")
class IncidentEscalationProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  static final String NUMBER = "INC-000042";
  static final String REPORTER_ID = "alice";

  /** A mail as the notification service task was asked to send it. */
  record Mail(String template, String groups, String users, String taskKey) {}

  final List<Mail> mails = new ArrayList<>();
  final IncidentService service = mock(IncidentService.class);
  final CurrentUser currentUser = mock(CurrentUser.class);
  final Instant now = Instant.now();

  @BeforeEach
  void setUp() {
    init(engine.getProcessEngine());
    JavaDelegate mailRecorder = execution -> mails.add(new Mail((String) execution.getVariableLocal("template"),
        str(execution.getVariableLocal("recipientGroups")), str(execution.getVariableLocal("recipientUsers")),
        str(execution.getVariableLocal("taskDefinitionKey"))));
    Mocks.register("sendNotificationDelegate", mailRecorder);
    Mocks.register("escalateIncidentDelegate", new EscalateIncidentDelegate(service));
    Mocks.register("escalateResolutionDelegate", new EscalateResolutionDelegate(service));
    Mocks.register("closeIncidentDelegate", new CloseIncidentDelegate(service));
    Mocks.register("triageIncidentListener", new TriageIncidentListener(service, currentUser));
    Mocks.register("resolveIncidentListener", new ResolveIncidentListener(service, currentUser));
    Mocks.register("confirmResolutionListener", new ConfirmResolutionListener(service, currentUser));
    Mocks.register("reviewIncidentListener", new ReviewIncidentListener(service, currentUser));
    when(service.acknowledge(eq(NUMBER), anyString(), anyString())).thenAnswer(i -> i.getArgument(2));
    when(service.resolve(eq(NUMBER), anyString(), anyString())).thenReturn(now.plus(Duration.ofDays(3)));
    when(service.reopen(eq(NUMBER), anyString(), anyString()))
        .thenReturn(new ResolutionDates(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))));
    actingAs("desk");
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
  }

  // ------------------------------------------------------------------ happy path

  @Test
  void p3IncidentIsTriagedResolvedConfirmedAndClosedWithoutReview() {
    ProcessInstance pi = start("P3");

    assertThat(pi).isWaitingAt(TASK_TRIAGE).task().hasCandidateGroup("service-desk");
    triage("support-l2");
    verify(service).acknowledge(NUMBER, "desk", "support-l2");

    assertThat(pi).isWaitingAt(TASK_RESOLVE).task().hasCandidateGroup("support-l2");
    actingAs("l2");
    complete(task(), withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED, RESOLUTION_NOTES, "Restarted the VPN"));
    verify(service).resolve(NUMBER, "l2", "Restarted the VPN");

    execute(job("Task_RequestConfirmation"));
    Assertions.assertThat(mails).containsExactly(new Mail("incident-resolved", null, REPORTER_ID, TASK_CONFIRM));
    assertThat(pi).isWaitingAt(TASK_CONFIRM).task().isAssignedTo(REPORTER_ID);

    actingAs(REPORTER_ID);
    complete(task(), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM));
    verify(service).confirm(NUMBER, REPORTER_ID);
    verify(service).close(NUMBER);
    assertThat(pi).isEnded().hasPassed("Task_CloseIncident").hasNotPassed(TASK_COORDINATE, TASK_REVIEW)
        .isEnded();
    assertThat(pi).hasPassed("EndEvent_IncidentClosed");
  }

  // ------------------------------------------------------------------ major incident and review

  @Test
  void p1IncidentNotifiesIncidentManagersAtOnceAndEndsWithCoordinationAndReview() {
    ProcessInstance pi = start("P1");

    assertThat(pi).isWaitingAt(TASK_TRIAGE, "Task_NotifyIncidentManagers");
    execute(job("Task_NotifyIncidentManagers"));
    Assertions.assertThat(mails).containsExactly(new Mail("incident-major-incident", "incident-managers", null, null));
    assertThat(pi).isWaitingAt(TASK_TRIAGE, TASK_COORDINATE);
    assertThat(task(TASK_COORDINATE)).hasCandidateGroup("incident-managers");

    resolveAndConfirm();
    assertThat(pi).isWaitingAt(TASK_COORDINATE).hasPassed("Task_CloseIncident");

    actingAs("incman");
    complete(task(TASK_COORDINATE), withVariables(COORDINATION_NOTES, "Bridge call at 10:00"));
    verify(service).recordCoordination(NUMBER, "incman", "Bridge call at 10:00");
    assertThat(pi).isWaitingAt(TASK_REVIEW).task().hasCandidateGroup("incident-managers");
    complete(task(), withVariables(REVIEW_SUMMARY, "Root cause: expired certificate"));
    verify(service).recordReview(NUMBER, "incman", "Root cause: expired certificate");
    assertThat(pi).isEnded().hasPassed("EndEvent_IncidentReviewed");
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

  // ------------------------------------------------------------------ response SLA

  @Test
  void responseWarningMailsTheTriageGroupAndKeepsTheTask() {
    ProcessInstance pi = start("P3");

    execute(job(TIMER_RESPONSE_WARNING));
    execute(job("Task_SendResponseWarning"));

    Assertions.assertThat(mails).containsExactly(new Mail("incident-response-warning", "service-desk", null, TASK_TRIAGE));
    assertThat(pi).isWaitingAt(TASK_TRIAGE).hasPassed("EndEvent_ResponseWarningSent");
    verify(service, never()).escalateResponse(anyString());
  }

  @Test
  void responseBreachEscalatesTheTriageToTheNextTierAndMailsIt() {
    when(service.escalateResponse(NUMBER)).thenReturn(new ResponseEscalation(true, "support-l2", 2,
        now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofMinutes(40)), "support-l2"));
    ProcessInstance pi = start("P3");

    execute(job(TIMER_RESPONSE_BREACHED));

    verify(service).escalateResponse(NUMBER);
    assertThat(pi).isWaitingAt(TASK_TRIAGE, "Task_NotifyEscalation").variables()
        .containsEntry(ASSIGNMENT_GROUP, "support-l2").containsEntry(ESCALATION_LEVEL, 2)
        .containsEntry(RESPONSE_DUE_AT, Date.from(now.plus(Duration.ofMinutes(40))));
    assertThat(task(TASK_TRIAGE)).hasCandidateGroup("support-l2");
    // The re-offered triage has fresh timers at the new tier's dates.
    Assertions.assertThat(job(TIMER_RESPONSE_BREACHED).getDuedate()).isEqualTo(Date.from(now.plus(Duration.ofMinutes(40))));

    execute(job("Task_NotifyEscalation"));
    Assertions.assertThat(mails).containsExactly(new Mail("incident-escalated", "support-l2", null, TASK_TRIAGE));
    assertThat(pi).hasPassed("EndEvent_EscalationNotified");
  }

  @Test
  void responseBreachAtTheLastTierEscalatesToIncidentManagersAndLeavesTriageWithL3() {
    when(service.escalateResponse(NUMBER)).thenReturn(new ResponseEscalation(false, "support-l3", 3,
        now, now, "incident-managers,support-l3"));
    ProcessInstance pi = start("P3");

    execute(job(TIMER_RESPONSE_BREACHED));
    execute(job("Task_NotifyEscalation"));

    Assertions.assertThat(mails).containsExactly(new Mail("incident-escalated", "incident-managers,support-l3", null,
        TASK_TRIAGE_ESCALATED));
    assertThat(pi).isWaitingAt(TASK_TRIAGE_ESCALATED).task().hasCandidateGroup("support-l3");
    assertThat(pi).hasNotPassed(TIMER_RESPONSE_WARNING);

    actingAs("l3");
    triage("support-l3");
    verify(service).acknowledge(NUMBER, "l3", "support-l3");
    assertThat(pi).isWaitingAt(TASK_RESOLVE).task().hasCandidateGroup("support-l3");
  }

  @Test
  void triageWithoutResolverGroupIsRefused() {
    start("P3");
    assertThatThrownBy(() -> complete(task(), withVariables(TRIAGE_NOTES, "no group")))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(RESOLVER_GROUP);
    assertThatThrownBy(() -> complete(task(), withVariables(RESOLVER_GROUP, "finance")))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(RESOLVER_GROUP);
    verify(service, never()).acknowledge(anyString(), anyString(), anyString());
  }

  // ------------------------------------------------------------------ resolution SLA

  @Test
  void resolutionWarningMailsTheResolverGroupAndKeepsTheTask() {
    ProcessInstance pi = startResolving();

    execute(job(TIMER_RESOLUTION_WARNING));
    execute(job("Task_SendResolutionWarning"));

    Assertions.assertThat(mails).containsExactly(new Mail("incident-resolution-warning", "support-l2", null, TASK_RESOLVE));
    assertThat(pi).isWaitingAt(TASK_RESOLVE).hasPassed("EndEvent_ResolutionWarningSent");
  }

  @Test
  void resolutionBreachEscalatesToIncidentManagersWhileTheResolverKeepsWorking() {
    when(service.escalateResolution(NUMBER)).thenReturn(true);
    ProcessInstance pi = startResolving();

    execute(job(TIMER_RESOLUTION_BREACHED));
    verify(service).escalateResolution(NUMBER);
    assertThat(pi).isWaitingAt(TASK_RESOLVE, "Task_NotifyResolutionBreach");

    execute(job("Task_NotifyResolutionBreach"));
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
  void questionToTheRequesterWaitsForTheReplyAndResumesResolutionWithMovedDueDates() {
    ProcessInstance pi = startResolving();

    complete(task(), withVariables(RESOLUTION_OUTCOME, OUTCOME_AWAIT_REQUESTER,
        QUESTION_FOR_REQUESTER, "Which VPN client version?"));
    verify(service).awaitRequester(NUMBER, "l2", "Which VPN client version?");
    execute(job("Task_AskRequester"));
    Assertions.assertThat(mails).containsExactly(new Mail("incident-question", null, REPORTER_ID, null));
    assertThat(pi).isWaitingAt(TASK_AWAIT_REQUESTER);

    Date movedDue = Date.from(now.plus(Duration.ofHours(9)));
    runtimeService().createMessageCorrelation(MESSAGE_REQUESTER_REPLIED).processInstanceBusinessKey(NUMBER)
        .setVariable(RESOLUTION_DUE_AT, movedDue).setVariable(RESOLUTION_WARNING_AT, movedDue).correlate();

    assertThat(pi).isWaitingAt(TASK_RESOLVE);
    Assertions.assertThat(job(TIMER_RESOLUTION_BREACHED).getDuedate()).isEqualTo(movedDue);
  }

  @Test
  void resolveWithoutNotesIsRefused() {
    startResolving();
    assertThatThrownBy(() -> complete(task(), withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED)))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(RESOLUTION_NOTES);
    verify(service, never()).resolve(anyString(), anyString(), anyString());
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
    assertThat(task()).hasCandidateGroup("support-l2");
  }

  @Test
  void onlyTheReporterMayConfirm() {
    startResolving();
    resolve();
    actingAs("desk");

    assertThatThrownBy(() -> complete(task(TASK_CONFIRM), withVariables(CONFIRMATION, CONFIRMATION_CONFIRM)))
        .hasRootCauseInstanceOf(AuthorizationException.class);
    verify(service, never()).confirm(anyString(), anyString());
  }

  @Test
  void incidentClosesItselfWhenTheReporterDoesNotAnswerInTime() {
    ProcessInstance pi = startResolving();
    resolve();
    Assertions.assertThat(job(TIMER_CONFIRMATION_TIMEOUT).getDuedate()).isEqualTo(Date.from(now.plus(Duration.ofDays(3))));

    execute(job(TIMER_CONFIRMATION_TIMEOUT));

    verify(service).close(NUMBER);
    verify(service, never()).confirm(anyString(), anyString());
    assertThat(pi).isEnded().hasPassed("EndEvent_IncidentClosed");
  }

  // ------------------------------------------------------------------ helpers

  private ProcessInstance start(String priority) {
    Date later = Date.from(now.plus(Duration.ofHours(1)));
    Map<String, Object> variables = Variables.createVariables()
        .putValue(INCIDENT_NUMBER, NUMBER).putValue(INCIDENT_TITLE, "VPN down").putValue(PRIORITY, priority)
        .putValue(REPORTER, REPORTER_ID).putValue(ASSIGNMENT_GROUP, "service-desk").putValue(ESCALATION_LEVEL, 1)
        .putValue(MAJOR_INCIDENT, priority.equals("P1"))
        .putValue(REVIEW_REQUIRED, priority.equals("P1") || priority.equals("P2"))
        .putValue(RESPONSE_WARNING_AT, later).putValue(RESPONSE_DUE_AT, later)
        .putValue(RESOLUTION_WARNING_AT, later).putValue(RESOLUTION_DUE_AT, later);
    ProcessInstance pi = runtimeService().startProcessInstanceByKey(PROCESS_KEY, NUMBER, variables);
    assertThat(pi).isStarted(); // makes it the instance that task() and job() look at
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

  private void resolve() {
    complete(task(TASK_RESOLVE), withVariables(RESOLUTION_OUTCOME, OUTCOME_RESOLVED, RESOLUTION_NOTES, "Fixed"));
    execute(job("Task_RequestConfirmation"));
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

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }
}
