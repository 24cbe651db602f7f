package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.domain.DomainException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.UnprocessableRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.change.ChangeImplementationEnded;
import io.sopflow.change.ChangeStatus;
import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import io.sopflow.release.NewRelease;
import io.sopflow.release.GoDecision;
import io.sopflow.release.ReleaseRequested;
import io.sopflow.release.ReleaseService;
import io.sopflow.release.ReleaseSlaProperties;
import io.sopflow.release.ReleaseStatus;
import io.sopflow.release.ReleaseView;
import io.sopflow.sla.SlaDates;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The release model with its real listeners, delegates and starter over a mocked {@link ReleaseService}, the real SLA
 * dates (default {@link ReleaseSlaProperties}, business hours in Berlin) and a mocked current user. Notifications are
 * recorded, not sent: they run in the step that leads to them (no job of their own).
 */
@Deployment(resources = "processes/ReleaseDeploymentProcess.bpmn")
@ExtendWith(PathCoverage.class)
class ReleaseDeploymentProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String KEY = "REL-000001";
  /** A Thursday, 11:00 in Berlin: business hours. */
  private static final Instant NOW = Instant.parse("2030-01-10T10:00:00Z");

  private final ReleaseService releaseService = mock(ReleaseService.class);
  private final CurrentUser currentUser = mock(CurrentUser.class);
  private final List<String> mails = new ArrayList<>();
  private ReleaseProcessStarter starter;
  private ChangeEndedReleases changeEnded;

  @BeforeEach
  void setUp() throws ReflectiveOperationException {
    init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(NOW));
    when(currentUser.id()).thenReturn(Optional.of("relman"));
    when(releaseService.startDeployment(anyString())).thenReturn(ReleaseService.StartOutcome.STARTED);
    when(releaseService.deploy(anyString())).thenReturn(ReleaseService.DeployOutcome.DEPLOYED);
    when(releaseService.runSmokeTests(anyString())).thenReturn(new ReleaseService.SmokeTestOutcome(true, false));
    when(releaseService.rollBack(anyString())).thenReturn(true);
    when(releaseService.recordGoDecisionOverdue(anyString())).thenReturn(true);
    when(releaseService.forTask(KEY)).thenReturn(release());
    TaskForms taskForms = ProcessTestSupport.taskForms(currentUser);
    Clock clock = new ProcessTestSupport.EngineClock();
    SlaDates slaDates = ProcessTestSupport.slaDates(ReleaseSlaProperties.defaults());
    JavaDelegate notifications = execution -> mails.add(execution.getVariableLocal("template")
        + " to " + execution.getVariableLocal("recipientGroups") + "+" + execution.getVariableLocal("recipientUsers"));
    Mocks.register("slaDates", slaDates);
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("startDeploymentDelegate", new StartDeploymentDelegate(releaseService));
    Mocks.register("deployReleaseDelegate", new DeployReleaseDelegate(releaseService));
    Mocks.register("runSmokeTestsDelegate", new RunSmokeTestsDelegate(releaseService));
    Mocks.register("rollBackReleaseDelegate", new RollBackReleaseDelegate(releaseService));
    Mocks.register("markWindowMissedDelegate", new MarkWindowMissedDelegate(releaseService));
    Mocks.register("recordGoDecisionOverdueDelegate", new RecordGoDecisionOverdueDelegate(releaseService));
    Mocks.register("releaseTaskDetailsListener", new ReleaseTaskDetailsListener(releaseService, taskForms));
    Mocks.register("goDecisionListener", new GoDecisionListener(releaseService, taskForms));
    Mocks.register("manualVerificationListener", new ManualVerificationListener(releaseService, taskForms));
    Mocks.register("productionVerificationListener", new ProductionVerificationListener(releaseService, taskForms));
    Mocks.register("rescheduleListener", new RescheduleListener(releaseService, taskForms));
    Mocks.register("rollbackRecoveryListener", new RollbackRecoveryListener(releaseService, taskForms));
    ProcessStarts processStarts = ProcessTestSupport.processStarts(runtimeService());
    StartForms startForms = ProcessTestSupport.startForms();
    Mocks.register("requestReleaseStartListener",
        new RequestReleaseStartListener(releaseService, processStarts, startForms));
    starter = new ReleaseProcessStarter(processStarts, releaseService, slaDates, clock);
    changeEnded = new ChangeEndedReleases(releaseService, runtimeService(),
        new WithoutCallerAuthorizations(identityService()));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  // ---- happy path -----------------------------------------------------------------------------------------------

  @Test
  void deploysAfterGoInTheWindowWhenSmokeTestsAndVerificationPass() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO);
    assertThat(task()).hasCandidateGroup("release-managers");
    Assertions.assertThat(taskService().createTaskQuery().taskId(task().getId()).initializeFormKeys().singleResult()
        .getCamundaFormRef().getKey()).isEqualTo("Form_DecideGoNoGo");
    // Only references, window dates and the go decision's SLA dates: display values are the tasks' own.
    Assertions.assertThat(runtimeService().getVariables(instance.getId())).containsOnlyKeys(RELEASE_KEY,
        CHANGE_NUMBER, RELEASE_REQUESTER, RELEASE_IMPLEMENTER, WINDOW_START_DATE, WINDOW_END_DATE,
        GO_DECISION_DUE_DATE, GO_DECISION_REMINDER_DATE);
    verify(releaseService).attachProcessInstance(1L, instance.getId());

    complete(task(), go());
    ArgumentCaptor<GoDecision> decision = ArgumentCaptor.forClass(GoDecision.class);
    verify(releaseService).recordGoDecision(eq(KEY), decision.capture());
    Assertions.assertThat(decision.getValue().go()).isTrue();
    Assertions.assertThat(decision.getValue().decidedBy()).isEqualTo("relman");
    Assertions.assertThat(decision.getValue().checklistComplete()).isTrue();

    assertThat(instance).isWaitingAt(EVENT_WINDOW_OPENED);
    Assertions.assertThat(job(EVENT_WINDOW_OPENED).getDuedate()).isEqualTo(Date.from(NOW.plus(2, ChronoUnit.HOURS)));
    Assertions.assertThat(job(BOUNDARY_WINDOW_CLOSED).getDuedate()).isEqualTo(Date.from(NOW.plus(4, ChronoUnit.HOURS)));
    execute(job(EVENT_WINDOW_OPENED));

    // Started in the timer's transaction, which commits before anything is deployed.
    verify(releaseService).startDeployment(KEY);
    assertThat(instance).hasPassed(TASK_START_DEPLOYMENT).isWaitingAt(TASK_DEPLOY_RELEASE);
    verify(releaseService, never()).deploy(anyString());
    executeAll(TASK_DEPLOY_RELEASE); // asyncBefore, then asyncAfter (the deploy is never repeated by a later failure)
    verify(releaseService).deploy(KEY);

    execute(job(TASK_RUN_SMOKE_TESTS));
    verify(releaseService).runSmokeTests(KEY);
    assertThat(instance).isWaitingAt(TASK_VERIFY_RELEASE);
    assertThat(task()).hasCandidateGroup("release-managers");
    Assertions.assertThat(task().getDueDate()).isEqualTo(Date.from(NOW.plus(2, ChronoUnit.HOURS)));

    complete(task(), withVariables(PRODUCTION_VERIFICATION_RESULT, PASSED, PRODUCTION_VERIFICATION_NOTES, "all good"));
    verify(releaseService).recordProductionVerification(KEY, "relman", true, "all good");

    // The mail is recorded in the completing step: no job waits for it.
    assertThat(instance).isEnded().hasPassed("EndEvent_ReleaseDeployed");
    Assertions.assertThat(mails).containsExactly("release-deployed to release-managers+l2,relman");
    verify(releaseService, never()).rollBack(anyString());
  }

  @Test
  void eachTaskShowsTheReleaseAsTheRecordHasIt() {
    startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));

    Map<String, Object> local = taskService().getVariablesLocal(task().getId());
    Assertions.assertThat(local).containsEntry(RELEASE_NAME, "Billing").containsEntry(RELEASE_VERSION, "1.2.3")
        .containsEntry(RELEASE_ENVIRONMENT, "production").containsEntry(ROLLBACK_PLAN, "redeploy 1.2.2")
        .containsEntry(RELEASE_WINDOW, "2030-01-10T12:00:00Z - 2030-01-10T14:00:00Z (UTC)");
    Assertions.assertThat(taskService().getVariables(task().getId())).containsEntry(RELEASE_KEY, KEY)
        .containsEntry(CHANGE_NUMBER, "CHG-000001");
  }

  // ---- go / no-go: decisions, refusals, SLA -----------------------------------------------------------------------

  @Test
  void aNoGoCancelsTheReleaseWithItsReason() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));

    complete(task(), withVariables(GO_DECISION, NO_GO, DECISION_REASON, "freeze week"));

    ArgumentCaptor<GoDecision> decision = ArgumentCaptor.forClass(GoDecision.class);
    verify(releaseService).recordGoDecision(eq(KEY), decision.capture());
    Assertions.assertThat(decision.getValue().go()).isFalse();
    Assertions.assertThat(decision.getValue().reason()).isEqualTo("freeze week");
    assertThat(instance).isEnded().hasPassed("EndEvent_ReleaseCancelled").hasNotPassed(SUBPROCESS_AWAIT_WINDOW);
    Assertions.assertThat(mails).containsExactly("release-cancelled to release-managers+l2,relman");
  }

  @Test
  void refusesAGoUnlessEveryChecklistItemIsCheckedANoGoWithoutReasonAndAnUnknownDecision() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    Map<String, Object> incomplete = go();
    incomplete.put(CHECK_MONITORING_READY, false);
    String id = task().getId();

    assertRefused(() -> taskService().complete(id, incomplete), InvalidRequestException.class, CHECK_MONITORING_READY);
    assertRefused(() -> taskService().complete(id, withVariables(GO_DECISION, NO_GO)), InvalidRequestException.class,
        DECISION_REASON);
    assertRefused(() -> taskService().complete(id, withVariables(GO_DECISION, "MAYBE")),
        InvalidRequestException.class, GO_DECISION);
    Map<String, Object> badCheckbox = go();
    badCheckbox.put(CHECK_CHANGE_APPROVED, "perhaps");
    assertRefused(() -> taskService().complete(id, badCheckbox), InvalidRequestException.class,
        CHECK_CHANGE_APPROVED);

    verify(releaseService, never()).recordGoDecision(anyString(), any());
    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO);
  }

  @Test
  void aRefusalOfTheServiceLetsItsDomainExceptionOutAndTheTaskStaysOpen() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    doThrow(new UnprocessableRequestException("changeNumber", "change CHG-000001 is no longer approved"))
        .when(releaseService).recordGoDecision(eq(KEY), any());
    String id = task().getId();

    assertRefused(() -> taskService().complete(id, go()), UnprocessableRequestException.class, "changeNumber");

    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO);
  }

  @Test
  void aCompletionWithoutAnAuthenticatedUserIsRefusedAndRecordsNothing() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    when(currentUser.id()).thenReturn(Optional.empty());
    String id = task().getId();

    assertRefused(() -> taskService().complete(id, go()), ForbiddenException.class, null);

    verify(releaseService, never()).recordGoDecision(anyString(), any());
    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO);
  }

  @Test
  void theGoDecisionIsDueAtItsSlaWhenTheWindowOpensLater() {
    startRelease(NOW.plus(7, ChronoUnit.DAYS), NOW.plus(7, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS));

    // P1D in business hours = 9 working hours: Friday 11:00 Berlin; the reminder PT4H: Thursday 15:00 Berlin.
    Date due = Date.from(Instant.parse("2030-01-11T10:00:00Z"));
    Date reminder = Date.from(Instant.parse("2030-01-10T14:00:00Z"));
    Assertions.assertThat(task().getDueDate()).isEqualTo(due);
    Assertions.assertThat(task().getFollowUpDate()).isEqualTo(reminder);
    Assertions.assertThat(job(BOUNDARY_GO_DECISION_OVERDUE).getDuedate()).isEqualTo(due);
    Assertions.assertThat(job(BOUNDARY_GO_DECISION_REMINDER).getDuedate()).isEqualTo(reminder);
  }

  @Test
  void theGoDecisionIsNeverDueAfterTheWindowOpens() {
    startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));

    // The SLA would fall due on Friday: capped at the window start; the reminder (Thursday 15:00 Berlin, after the
    // window start) comes halfway between now and the window start.
    Date windowStart = Date.from(NOW.plus(2, ChronoUnit.HOURS));
    Assertions.assertThat(task().getDueDate()).isEqualTo(windowStart);
    Assertions.assertThat(job(BOUNDARY_GO_DECISION_OVERDUE).getDuedate()).isEqualTo(windowStart);
    Assertions.assertThat(task().getFollowUpDate()).isEqualTo(Date.from(NOW.plus(1, ChronoUnit.HOURS)));
    Assertions.assertThat(job(BOUNDARY_GO_DECISION_REMINDER).getDuedate())
        .isEqualTo(Date.from(NOW.plus(1, ChronoUnit.HOURS)));
  }

  @Test
  void aGoDecisionForAWindowAlreadyOpenIsDueNow() {
    startRelease(NOW.minus(5, ChronoUnit.MINUTES), NOW.plus(2, ChronoUnit.HOURS));

    Assertions.assertThat(task().getDueDate()).isEqualTo(Date.from(NOW));
    Assertions.assertThat(task().getFollowUpDate()).isEqualTo(Date.from(NOW));
  }

  @Test
  void theGoDecisionReminderMailsReleaseManagersAndLeavesTheTaskOpen() {
    ProcessInstance instance = startRelease(NOW.plus(7, ChronoUnit.DAYS), NOW.plus(8, ChronoUnit.DAYS));
    Task before = task();

    ClockUtil.setCurrentTime(job(BOUNDARY_GO_DECISION_REMINDER).getDuedate());
    execute(job(BOUNDARY_GO_DECISION_REMINDER));

    Assertions.assertThat(mails).containsExactly("release-go-decision-reminder to release-managers+null");
    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO).hasPassed(TASK_REMIND_GO_DECISION,
        "EndEvent_GoDecisionReminderSent");
    Assertions.assertThat(task().getId()).isEqualTo(before.getId());
    Assertions.assertThat(job(BOUNDARY_GO_DECISION_OVERDUE)).isNotNull();
    verify(releaseService, never()).recordGoDecision(anyString(), any());
  }

  @Test
  void anOverdueGoDecisionIsRecordedAndEscalatedToManagersButNothingIsDecided() {
    ProcessInstance instance = startRelease(NOW.plus(7, ChronoUnit.DAYS), NOW.plus(8, ChronoUnit.DAYS));
    Task before = task();

    ClockUtil.setCurrentTime(job(BOUNDARY_GO_DECISION_OVERDUE).getDuedate());
    execute(job(BOUNDARY_GO_DECISION_OVERDUE));

    verify(releaseService).recordGoDecisionOverdue(KEY);
    Assertions.assertThat(mails)
        .containsExactly("release-go-decision-overdue to release-managers,managers+null");
    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO).hasPassed(TASK_RECORD_GO_DECISION_OVERDUE,
        TASK_NOTIFY_GO_DECISION_OVERDUE, "EndEvent_GoDecisionEscalated");
    Assertions.assertThat(task().getId()).isEqualTo(before.getId());
    verify(releaseService, never()).recordGoDecision(anyString(), any());
    verify(releaseService, never()).deploy(anyString());

    // The release managers still decide, later.
    complete(task(), go());
    assertThat(instance).isWaitingAt(EVENT_WINDOW_OPENED);
  }

  // ---- verification -----------------------------------------------------------------------------------------------

  @Test
  void asksForManualSmokeVerificationWhenConfiguredAndDeploysWhenItPasses() {
    when(releaseService.runSmokeTests(KEY)).thenReturn(new ReleaseService.SmokeTestOutcome(true, true));
    ProcessInstance instance = deployedAndSmokeTested();

    assertThat(instance).isWaitingAt(TASK_VERIFY_SMOKE_TEST_MANUALLY);
    assertThat(task()).hasCandidateGroup("release-managers");
    Assertions.assertThat(task().getDueDate()).isEqualTo(Date.from(NOW.plus(1, ChronoUnit.HOURS)));
    Assertions.assertThat(taskService().getVariablesLocal(task().getId())).containsEntry(RELEASE_NAME, "Billing");
    complete(task(), withVariables(SMOKE_VERIFICATION_RESULT, PASSED));
    verify(releaseService).recordManualVerification(KEY, "relman", true, null);

    assertThat(instance).isWaitingAt(TASK_VERIFY_RELEASE);
    complete(task(), withVariables(PRODUCTION_VERIFICATION_RESULT, PASSED));
    assertThat(instance).isEnded().hasPassed(TASK_VERIFY_SMOKE_TEST_MANUALLY, "EndEvent_ReleaseDeployed");
  }

  @Test
  void rollsBackWhenTheManualSmokeVerificationFails() {
    when(releaseService.runSmokeTests(KEY)).thenReturn(new ReleaseService.SmokeTestOutcome(true, true));
    ProcessInstance instance = deployedAndSmokeTested();
    String id = task().getId();

    assertRefused(() -> taskService().complete(id, withVariables(SMOKE_VERIFICATION_RESULT, FAILED)),
        InvalidRequestException.class, SMOKE_VERIFICATION_NOTES);
    assertRefused(() -> taskService().complete(id, withVariables(SMOKE_VERIFICATION_RESULT, "OK")),
        InvalidRequestException.class, SMOKE_VERIFICATION_RESULT);
    complete(task(), withVariables(SMOKE_VERIFICATION_RESULT, FAILED, SMOKE_VERIFICATION_NOTES, "login broken"));
    verify(releaseService).recordManualVerification(KEY, "relman", false, "login broken");

    assertRolledBack(instance);
  }

  @Test
  void rollsBackWhenTheVerificationInProductionFails() {
    ProcessInstance instance = deployedAndSmokeTested();
    assertThat(instance).isWaitingAt(TASK_VERIFY_RELEASE);
    String id = task().getId();

    assertRefused(() -> taskService().complete(id, withVariables(PRODUCTION_VERIFICATION_RESULT, FAILED)),
        InvalidRequestException.class, PRODUCTION_VERIFICATION_NOTES);
    complete(task(), withVariables(PRODUCTION_VERIFICATION_RESULT, FAILED, PRODUCTION_VERIFICATION_NOTES, "500s"));

    verify(releaseService).recordProductionVerification(KEY, "relman", false, "500s");
    assertRolledBack(instance);
  }

  // ---- failures and rollback --------------------------------------------------------------------------------------

  @Test
  void rollsBackAndNotifiesWhenTheDeploymentFails() {
    ProcessInstance instance = windowOpened();
    when(releaseService.deploy(KEY)).thenReturn(ReleaseService.DeployOutcome.FAILED);

    execute(job(TASK_DEPLOY_RELEASE));

    assertThat(instance).hasPassed("BoundaryEvent_DeploymentFailed");
    verify(releaseService, never()).runSmokeTests(anyString());
    assertRolledBack(instance);
  }

  @Test
  void rollsBackAndNotifiesWhenTheSmokeTestsFail() {
    ProcessInstance instance = windowOpened();
    when(releaseService.runSmokeTests(KEY)).thenReturn(new ReleaseService.SmokeTestOutcome(false, false));
    executeAll(TASK_DEPLOY_RELEASE);

    execute(job(TASK_RUN_SMOKE_TESTS));

    assertThat(instance).hasPassed("BoundaryEvent_SmokeTestFailed");
    assertRolledBack(instance);
  }

  @Test
  void aFailedRollbackBecomesAnUrgentTaskAndACockpitIncidentUntilRecovered() {
    ProcessInstance instance = windowOpened();
    when(releaseService.deploy(KEY)).thenReturn(ReleaseService.DeployOutcome.FAILED);
    when(releaseService.rollBack(KEY)).thenReturn(false);
    execute(job(TASK_DEPLOY_RELEASE));

    execute(job(TASK_ROLL_BACK_RELEASE));

    verify(releaseService).rollBack(KEY);
    assertThat(instance).isWaitingAt(TASK_RECOVER_FAILED_ROLLBACK);
    Assertions.assertThat(mails).containsExactly("release-rollback-failed to release-managers+l2,relman");
    Task recovery = task(TASK_RECOVER_FAILED_ROLLBACK);
    assertThat(recovery).hasCandidateGroup("release-managers");
    Assertions.assertThat(recovery.getPriority()).isEqualTo(100);
    Assertions.assertThat(recovery.getDueDate()).isEqualTo(Date.from(NOW.plus(1, ChronoUnit.HOURS))); // 24x7
    List<Incident> incidents = runtimeService().createIncidentQuery().processInstanceId(instance.getId()).list();
    Assertions.assertThat(incidents).singleElement().satisfies(incident -> {
      Assertions.assertThat(incident.getIncidentType()).isEqualTo(INCIDENT_ROLLBACK_FAILED);
      Assertions.assertThat(incident.getActivityId()).isEqualTo(TASK_RECOVER_FAILED_ROLLBACK);
      Assertions.assertThat(incident.getIncidentMessage()).contains(KEY, "rollback failed");
    });

    assertRefused(() -> taskService().complete(recovery.getId(), withVariables(RECOVERY_NOTES, "restored from backup")),
        InvalidRequestException.class, ENVIRONMENT_RESTORED);
    assertRefused(() -> taskService().complete(recovery.getId(), withVariables(ENVIRONMENT_RESTORED, true)),
        InvalidRequestException.class, RECOVERY_NOTES);
    complete(recovery, withVariables(ENVIRONMENT_RESTORED, true, RECOVERY_NOTES, "restored from backup"));

    verify(releaseService).recordRecovery(KEY, "relman", "restored from backup");
    Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
    Assertions.assertThat(historyService().createHistoricIncidentQuery().processInstanceId(instance.getId())
        .resolved().count()).isEqualTo(1);
    assertThat(instance).isEnded().hasPassed("Task_NotifyRollbackFailed", "EndEvent_FailedRollbackRecovered");
  }

  // ---- missed window ----------------------------------------------------------------------------------------------

  @Test
  void whenTheWindowClosesWhileWaitingTheReleaseIsRescheduledAndWaitsForTheNewWindow() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    complete(task(), go());

    execute(job(BOUNDARY_WINDOW_CLOSED));

    verify(releaseService).markWindowMissed(KEY);
    verify(releaseService, never()).deploy(anyString());
    Assertions.assertThat(mails).containsExactly("release-window-missed to release-managers+relman");
    assertThat(instance).isWaitingAt(TASK_RESCHEDULE_RELEASE);
    assertThat(task()).hasCandidateGroup("release-managers");
    // P2D in business hours = 18 working hours from Thursday 11:00 Berlin: Monday 11:00 Berlin.
    Assertions.assertThat(task().getDueDate()).isEqualTo(Date.from(Instant.parse("2030-01-14T10:00:00Z")));

    Instant newStart = NOW.plus(1, ChronoUnit.DAYS);
    Instant newEnd = newStart.plus(2, ChronoUnit.HOURS);
    String id = task().getId();
    assertRefused(() -> taskService().complete(id, withVariables(RESCHEDULE_DECISION, RESCHEDULE)),
        InvalidRequestException.class, NEW_WINDOW_START);
    complete(task(), withVariables(RESCHEDULE_DECISION, RESCHEDULE, NEW_WINDOW_START, "2030-01-11T10:00Z",
        NEW_WINDOW_END, "2030-01-11T12:00Z"));

    verify(releaseService).reschedule(KEY, "relman", newStart, newEnd, null);
    assertThat(instance).isWaitingAt(EVENT_WINDOW_OPENED);
    Assertions.assertThat(job(EVENT_WINDOW_OPENED).getDuedate()).isEqualTo(Date.from(newStart));
    Assertions.assertThat(job(BOUNDARY_WINDOW_CLOSED).getDuedate()).isEqualTo(Date.from(newEnd));
    execute(job(EVENT_WINDOW_OPENED));
    executeAll(TASK_DEPLOY_RELEASE);
    verify(releaseService).deploy(KEY);
  }

  @Test
  void aRescheduleWithAnUnreadableWindowIsRefusedNamingTheField() {
    startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    complete(task(), go());
    execute(job(BOUNDARY_WINDOW_CLOSED));
    String id = task().getId();

    assertRefused(() -> taskService().complete(id, withVariables(RESCHEDULE_DECISION, RESCHEDULE,
        NEW_WINDOW_START, "not-a-date", NEW_WINDOW_END, "2030-01-11T12:00Z")), InvalidRequestException.class,
        NEW_WINDOW_START);
    assertRefused(() -> taskService().complete(id, withVariables(RESCHEDULE_DECISION, RESCHEDULE,
        NEW_WINDOW_START, "2030-01-11T10:00Z\u0000", NEW_WINDOW_END, "2030-01-11T12:00Z")),
        InvalidRequestException.class, NEW_WINDOW_START);
    assertRefused(() -> taskService().complete(id, withVariables(RESCHEDULE_DECISION, RESCHEDULE,
        NEW_WINDOW_START, "2030-01-11T10:00Z")), InvalidRequestException.class, NEW_WINDOW_END);
    assertRefused(() -> taskService().complete(id, withVariables(RESCHEDULE_DECISION, "LATER")),
        InvalidRequestException.class, RESCHEDULE_DECISION);

    verify(releaseService, never()).reschedule(anyString(), anyString(), any(), any(), any());
    assertThat(processInstanceQuery().singleResult()).isWaitingAt(TASK_RESCHEDULE_RELEASE);
  }

  @Test
  void whenTheWindowClosesTheReleaseCanBeCancelled() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    complete(task(), go());
    execute(job(BOUNDARY_WINDOW_CLOSED));
    String id = task().getId();

    assertRefused(() -> taskService().complete(id, withVariables(RESCHEDULE_DECISION, CANCEL)),
        InvalidRequestException.class, RESCHEDULE_REASON);
    complete(task(), withVariables(RESCHEDULE_DECISION, CANCEL, RESCHEDULE_REASON, "superseded by 1.3"));

    verify(releaseService).cancelAfterMissedWindow(KEY, "relman", "superseded by 1.3");
    assertThat(instance).isEnded().hasPassed("EndEvent_ReleaseCancelled");
    Assertions.assertThat(mails).containsExactly("release-window-missed to release-managers+relman",
        "release-cancelled to release-managers+l2,relman");
    verify(releaseService, never()).deploy(anyString());
  }

  @Test
  void aDeploymentStartingAfterTheWindowClosedGoesToRescheduling() {
    ProcessInstance instance = windowOpensAndTheDeploymentStarts(ReleaseService.StartOutcome.WINDOW_CLOSED);

    assertThat(instance).hasPassed("BoundaryEvent_WindowClosedAtStart").isWaitingAt(TASK_RESCHEDULE_RELEASE);
    verify(releaseService).markWindowMissed(KEY);
    verify(releaseService, never()).deploy(anyString());
  }

  // ---- the change ended -------------------------------------------------------------------------------------------

  @Test
  void aReleaseWhoseChangeEndedBeforeItsWindowOpenedIsCancelledAndDeploysNothing() {
    ProcessInstance instance = windowOpensAndTheDeploymentStarts(ReleaseService.StartOutcome.CHANGE_ENDED);

    assertThat(instance).isEnded().hasPassed(BOUNDARY_CHANGE_ENDED, TASK_NOTIFY_RELEASE_CANCELLED,
        "EndEvent_ReleaseCancelled").hasNotPassed(TASK_DEPLOY_RELEASE);
    verify(releaseService, never()).deploy(anyString());
    Assertions.assertThat(mails).containsExactly("release-cancelled to release-managers+l2,relman");
  }

  @Test
  void aChangeEndingWhileItsReleaseWaitsForItsGoEndsTheReleaseAndTellsItsPeople() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));

    changeEnds();

    assertCancelledByTheChange(instance);
  }

  @Test
  void aChangeEndingWhileItsReleaseWaitsForItsWindowEndsTheReleaseAndTellsItsPeople() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    complete(task(), go());
    assertThat(instance).isWaitingAt(EVENT_WINDOW_OPENED);

    changeEnds();

    assertCancelledByTheChange(instance);
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).count())
        .as("no window timer left to fire").isZero();
  }

  @Test
  void aChangeEndingWhileItsReleaseWaitsForANewWindowEndsTheReleaseAndTellsItsPeople() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    complete(task(), go());
    execute(job(BOUNDARY_WINDOW_CLOSED));
    assertThat(instance).isWaitingAt(TASK_RESCHEDULE_RELEASE);
    mails.clear();

    changeEnds();

    assertCancelledByTheChange(instance);
  }

  @Test
  void aChangeEndingLeavesAReleaseTheServiceDidNotCancelAsItIs() {
    ProcessInstance instance = windowOpened();
    when(releaseService.cancelForEndedChange("CHG-000001")).thenReturn(List.of());

    changeEnded.on(new ChangeImplementationEnded("CHG-000001", ChangeStatus.FAILED, null));

    assertThat(instance).isWaitingAt(TASK_DEPLOY_RELEASE);
    Assertions.assertThat(mails).isEmpty();
  }

  @Test
  void aReleaseOfAModelBeforeTheChangeEndedStepsEndsThroughItsCancellationStep() {
    // Instances running on release model 1.3.0 (and new ones until the changed model's revision is approved) have no
    // "Change ended" event sub-process and no "Start deployment".
    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, ReleaseDeploymentProcessTest::modelBeforeChangeEnded);
    ProcessInstance waitingForGo = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));

    changeEnds();

    assertThat(waitingForGo).isEnded().hasPassed(TASK_NOTIFY_RELEASE_CANCELLED, "EndEvent_ReleaseCancelled")
        .hasNotPassed(TASK_NOTIFY_CHANGE_ENDED);
    Assertions.assertThat(mails).containsExactly("release-cancelled to release-managers+l2,relman");
    Assertions.assertThat(taskService().createTaskQuery().count()).isZero();
  }

  @Test
  void aReleaseOfAModelBeforeStartDeploymentDeploysNothingOnceItsChangeEnded() {
    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, ReleaseDeploymentProcessTest::modelBeforeChangeEnded);
    ProcessInstance instance = startRelease(NOW.minus(5, ChronoUnit.MINUTES), NOW.plus(2, ChronoUnit.HOURS));
    complete(task(), go());
    execute(job(EVENT_WINDOW_OPENED));
    // The service started nothing: the change ended (it cancelled the release).
    when(releaseService.deploy(KEY)).thenReturn(ReleaseService.DeployOutcome.CHANGE_ENDED);

    executeAll(TASK_DEPLOY_RELEASE); // the engine ends an instance whose step throws an error it does not catch

    assertThat(instance).isEnded().hasNotPassed(TASK_RUN_SMOKE_TESTS, TASK_ROLL_BACK_RELEASE);
    verify(releaseService, never()).startDeployment(anyString());
    verify(releaseService, never()).runSmokeTests(anyString());
  }

  @Test
  void aDeploymentThatFindsTheWindowClosedGoesToRescheduling() {
    ProcessInstance instance = windowOpened();
    when(releaseService.deploy(KEY)).thenReturn(ReleaseService.DeployOutcome.WINDOW_CLOSED);

    execute(job(TASK_DEPLOY_RELEASE));

    assertThat(instance).hasPassed("BoundaryEvent_WindowClosedAtDeploy");
    verify(releaseService).markWindowMissed(KEY);
    assertThat(instance).isWaitingAt(TASK_RESCHEDULE_RELEASE);
    verify(releaseService, never()).rollBack(anyString());
  }


  // ---- requesters: Tasklist's start form, one code path with the API ----------------------------------------------

  @Test
  void theStartFormRequestsTheReleaseThroughTheServiceAndBindsTheInstanceBeingStarted() {
    Instant windowStart = NOW.plus(2, ChronoUnit.HOURS);
    Instant windowEnd = NOW.plus(4, ChronoUnit.HOURS);
    when(releaseService.forTask(KEY)).thenReturn(release(windowStart, windowEnd));
    // The service as it is: saves the release and publishes ReleaseRequested, whose starter starts "its" process.
    when(releaseService.request(any())).thenAnswer(call -> {
      starter.on(new ReleaseRequested(1L, KEY, "CHG-000001", windowStart, windowEnd, "relman", "l2"));
      return release(windowStart, windowEnd);
    });

    ProcessInstance instance = formService().submitStartForm(processDefinition().getId(), startForm());

    ArgumentCaptor<NewRelease> request = ArgumentCaptor.forClass(NewRelease.class);
    verify(releaseService).request(request.capture());
    Assertions.assertThat(request.getValue()).isEqualTo(new NewRelease("Billing", "1.2.3", "production",
        "CHG-000001", java.time.OffsetDateTime.parse("2030-01-10T12:00Z"),
        java.time.OffsetDateTime.parse("2030-01-10T14:00Z"), "redeploy 1.2.2"));
    Assertions.assertThat(instance.getBusinessKey()).isEqualTo(KEY);
    Assertions.assertThat(processInstanceQuery().processDefinitionKey(PROCESS_KEY).count()).isOne();
    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO);
    verify(releaseService).attachProcessInstance(1L, instance.getId());
    // The form's fields are in the record now: the instance carries the same references as one started by the API.
    Assertions.assertThat(runtimeService().getVariables(instance.getId())).containsOnlyKeys(RELEASE_KEY,
        CHANGE_NUMBER, RELEASE_REQUESTER, RELEASE_IMPLEMENTER, WINDOW_START_DATE, WINDOW_END_DATE,
        GO_DECISION_DUE_DATE, GO_DECISION_REMINDER_DATE);
    Assertions.assertThat(task().getDueDate()).isEqualTo(Date.from(windowStart));
  }

  @Test
  void theStartEventHasTheRequestFormOfItsDeployment() {
    var startEvent = repositoryService().getBpmnModelInstance(processDefinition().getId())
        .getModelElementById(START_EVENT);
    Assertions.assertThat(startEvent.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef"))
        .isEqualTo("Form_RequestRelease");
    Assertions.assertThat(startEvent.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRefBinding"))
        .isEqualTo("deployment");
  }

  @Test
  void aRefusedStartFormStartsNothing() {
    doThrow(new UnprocessableRequestException("environment", "has no deployment adapter configured"))
        .when(releaseService).request(any());
    String definition = processDefinition().getId();

    assertRefused(() -> formService().submitStartForm(definition, startForm()), UnprocessableRequestException.class,
        "environment");
    Map<String, Object> badWindow = startForm();
    badWindow.put("windowStart", "tomorrow");
    assertRefused(() -> formService().submitStartForm(definition, badWindow), InvalidRequestException.class,
        "windowStart");
    Map<String, Object> noName = startForm();
    noName.put("name", " ");
    assertRefused(() -> formService().submitStartForm(definition, noName), InvalidRequestException.class, "name");
    doThrow(new ForbiddenException("Only release managers may request a release")).when(releaseService)
        .request(any());
    assertRefused(() -> formService().submitStartForm(definition, startForm()), ForbiddenException.class, null);

    verify(releaseService, org.mockito.Mockito.times(2)).request(any());
    Assertions.assertThat(processInstanceQuery().processDefinitionKey(PROCESS_KEY).count()).isZero();
  }

  @Test
  void aStartWithABusinessKeyOfNoReleaseWaitingForItsProcessIsRefused() {
    assertRefused(() -> runtimeService().startProcessInstanceByKey(PROCESS_KEY, "REL-X"),
        InvalidRequestException.class, "businessKey");

    verify(releaseService, never()).request(any());
    Assertions.assertThat(processInstanceQuery().processDefinitionKey(PROCESS_KEY).count()).isZero();
  }

  // ---- GO: four-eyes and evidence --------------------------------------------------------------------------------

  @Test
  void theGoCarriesItsEvidenceAndTheFormSaysWhatTheGoNeeds() {
    when(releaseService.requiresFourEyes(KEY)).thenReturn(true);
    when(releaseService.requiresEvidence(KEY)).thenReturn(true);
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    Map<String, Object> local = taskService().getVariablesLocal(task().getId());
    Assertions.assertThat(local).containsEntry(RELEASE_REQUESTED_BY, "relman");
    Assertions.assertThat((String) local.get(GO_REQUIREMENTS)).contains("other than relman")
        .contains("test report reference");
    when(currentUser.id()).thenReturn(Optional.of("relman2"));
    Map<String, Object> go = go();
    go.put(TEST_REPORT_REFERENCE, "https://ci.example/reports/4711");
    go.put(EVIDENCE_NOTES, "dashboards green");

    complete(task(), go);

    ArgumentCaptor<GoDecision> decision = ArgumentCaptor.forClass(GoDecision.class);
    verify(releaseService).recordGoDecision(eq(KEY), decision.capture());
    Assertions.assertThat(decision.getValue().decidedBy()).isEqualTo("relman2");
    Assertions.assertThat(decision.getValue().testReportReference()).isEqualTo("https://ci.example/reports/4711");
    Assertions.assertThat(decision.getValue().evidenceNotes()).isEqualTo("dashboards green");
    assertThat(instance).isWaitingAt(EVENT_WINDOW_OPENED);
  }

  @Test
  void aGoRefusedForFourEyesOrMissingEvidenceLeavesTheTaskOpen() {
    ProcessInstance instance = startRelease(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
    String id = task().getId();
    doThrow(new ForbiddenException("four-eyes: relman requested REL-000001 and may not give its GO"))
        .when(releaseService).recordGoDecision(eq(KEY), any());
    assertRefused(() -> taskService().complete(id, go()), ForbiddenException.class, null);
    doThrow(new InvalidRequestException(TEST_REPORT_REFERENCE, "a GO for production needs a test report reference"))
        .when(releaseService).recordGoDecision(eq(KEY), any());
    assertRefused(() -> taskService().complete(id, go()), InvalidRequestException.class, TEST_REPORT_REFERENCE);

    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO);
  }

  @Test
  void laterTasksShowWhoGaveTheGoWithWhichEvidence() {
    ProcessInstance instance = startRelease(NOW.minus(5, ChronoUnit.MINUTES), NOW.plus(2, ChronoUnit.HOURS));
    complete(task(), go());
    when(releaseService.forTask(KEY)).thenReturn(new ReleaseView(KEY, "Billing", "1.2.3", "production",
        "CHG-000001", ReleaseStatus.SCHEDULED, NOW.minus(5, ChronoUnit.MINUTES), NOW.plus(2, ChronoUnit.HOURS),
        "redeploy 1.2.2", "relman", "l2", "relman2", NOW, "ready", "https://ci.example/reports/4711", null, true,
        null, null, null, null, NOW, null, null));
    execute(job(EVENT_WINDOW_OPENED));
    executeAll(TASK_DEPLOY_RELEASE);
    execute(job(TASK_RUN_SMOKE_TESTS));

    assertThat(instance).isWaitingAt(TASK_VERIFY_RELEASE);
    Assertions.assertThat((String) taskService().getVariableLocal(task().getId(), GO_APPROVAL))
        .contains("relman2").contains("four-eyes").contains("https://ci.example/reports/4711");
  }

  private static Map<String, Object> startForm() {
    return withVariables("name", "Billing", "version", "1.2.3", "environment", "production", "changeNumber",
        "CHG-000001", "windowStart", "2030-01-10T12:00Z", "windowEnd", "2030-01-10T14:00Z", "rollbackPlan",
        "redeploy 1.2.2");
  }

  private static org.camunda.bpm.engine.repository.ProcessDefinition processDefinition() {
    return repositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS_KEY).singleResult();
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  /** The change implementation ended, and the service cancelled this release: the change SOP's event reaches it. */
  private void changeEnds() {
    when(releaseService.cancelForEndedChange("CHG-000001")).thenReturn(List.of(KEY));
    identityService().setAuthentication("l2", List.of("support-l2"));
    try {
      changeEnded.on(new ChangeImplementationEnded("CHG-000001", ChangeStatus.FAILED, null));
    } finally {
      identityService().clearAuthentication();
    }
  }

  private void assertCancelledByTheChange(ProcessInstance instance) {
    assertThat(instance).isEnded().hasPassed("StartEvent_ChangeEnded", TASK_NOTIFY_CHANGE_ENDED,
        "EndEvent_ReleaseCancelledChangeEnded").hasNotPassed(TASK_DEPLOY_RELEASE);
    Assertions.assertThat(mails).containsExactly("release-cancelled to release-managers+l2,relman");
    Assertions.assertThat(taskService().createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
    verify(releaseService, never()).deploy(anyString());
  }

  /**
   * The release model as it was before a change's end could cancel it (1.3.0): no "Change ended" event sub-process, no
   * "Start deployment" (the window leads straight to "Deploy release").
   */
  private static String modelBeforeChangeEnded(String model) {
    String changed = model;
    for (String id : List.of("SubProcess_ChangeEnded", "Task_StartDeployment", "BoundaryEvent_WindowClosedAtStart",
        BOUNDARY_CHANGE_ENDED, "Flow_DeploymentStarted", "Flow_WindowClosedAtStart", "Flow_ChangeEndedAtStart",
        "StartEvent_ChangeEnded", TASK_NOTIFY_CHANGE_ENDED, "EndEvent_ReleaseCancelledChangeEnded",
        "Flow_ChangeEndedNotifying", "Flow_ChangeEndedNotified")) {
      changed = changed
          .replaceAll("(?s)<bpmn:(\\w+) id=\"" + id + "\"[^>]*/>", "")
          .replaceAll("(?s)<bpmn:(\\w+) id=\"" + id + "\".*?</bpmn:\\1>", "")
          .replaceAll("(?s)<bpmndi:(BPMNShape|BPMNEdge) id=\"" + id + "_di\".*?</bpmndi:\\1>", "")
          .replace("<bpmn:incoming>" + id + "</bpmn:incoming>", "");
    }
    return changed.replace("targetRef=\"Task_StartDeployment\"", "targetRef=\"" + TASK_DEPLOY_RELEASE + "\"")
        .replace("<bpmn:outgoing>Flow_ReleaseDeployed</bpmn:outgoing>",
            "<bpmn:incoming>Flow_WindowReached</bpmn:incoming><bpmn:outgoing>Flow_ReleaseDeployed</bpmn:outgoing>");
  }

  private ProcessInstance startRelease(Instant windowStart, Instant windowEnd) {
    when(releaseService.forTask(KEY)).thenReturn(release(windowStart, windowEnd));
    starter.on(new ReleaseRequested(1L, KEY, "CHG-000001", windowStart, windowEnd, "relman", "l2"));
    ProcessInstance instance = processInstanceQuery().processInstanceBusinessKey(KEY).singleResult();
    assertThat(instance).isStarted();
    return instance;
  }

  private static ReleaseView release() {
    return release(NOW.plus(2, ChronoUnit.HOURS), NOW.plus(4, ChronoUnit.HOURS));
  }

  private static ReleaseView release(Instant windowStart, Instant windowEnd) {
    return new ReleaseView(KEY, "Billing", "1.2.3", "production", "CHG-000001", ReleaseStatus.AWAITING_GO,
        windowStart, windowEnd, "redeploy 1.2.2", "relman", "l2", null, null, null, null, null, false, null, null,
        null, null, NOW, null, null);
  }

  private static Map<String, Object> go() {
    return withVariables(GO_DECISION, GO, DECISION_REASON, "ready", CHECK_CHANGE_APPROVED, true,
        CHECK_ROLLBACK_PLAN_REVIEWED, true, CHECK_STAKEHOLDERS_INFORMED, true, CHECK_MONITORING_READY, true);
  }

  private ProcessInstance windowOpened() {
    ProcessInstance instance = windowOpensAndTheDeploymentStarts(ReleaseService.StartOutcome.STARTED);
    assertThat(instance).isWaitingAt(TASK_DEPLOY_RELEASE);
    return instance;
  }

  /** A GO for a window that is open already; its timer fires and the deployment starts with {@code outcome}. */
  private ProcessInstance windowOpensAndTheDeploymentStarts(ReleaseService.StartOutcome outcome) {
    ProcessInstance instance = startRelease(NOW.minus(5, ChronoUnit.MINUTES), NOW.plus(2, ChronoUnit.HOURS));
    complete(task(), go());
    when(releaseService.startDeployment(KEY)).thenReturn(outcome);
    execute(job(EVENT_WINDOW_OPENED));
    return instance;
  }

  private ProcessInstance deployedAndSmokeTested() {
    ProcessInstance instance = windowOpened();
    executeAll(TASK_DEPLOY_RELEASE);
    execute(job(TASK_RUN_SMOKE_TESTS));
    return instance;
  }

  private void assertRolledBack(ProcessInstance instance) {
    assertThat(instance).isWaitingAt(TASK_ROLL_BACK_RELEASE);
    executeAll(TASK_ROLL_BACK_RELEASE);
    verify(releaseService).rollBack(KEY);
    assertThat(instance).isEnded().hasPassed("EndEvent_ReleaseRolledBack");
    Assertions.assertThat(mails).containsExactly("release-rolled-back to release-managers+l2,relman");
  }

  /** Runs the jobs of one activity until none is left (asyncBefore, then asyncAfter). */
  private static void executeAll(String activityId) {
    for (int i = 0; i < 5; i++) {
      List<Job> jobs = managementService().createJobQuery().activityId(activityId).list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(job -> execute(job));
    }
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
}
