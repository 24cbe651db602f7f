package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;
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
import io.sopflow.release.GoDecision;
import io.sopflow.release.ReleaseService;
import java.time.Instant;
import org.assertj.core.api.Assertions;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

@Deployment(resources = "processes/ReleaseDeploymentProcess.bpmn")
class ReleaseDeploymentProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String KEY = "REL-000001";

  private final ReleaseService releaseService = mock(ReleaseService.class);
  private final CurrentUser currentUser = mock(CurrentUser.class);
  private final List<String> mails = new ArrayList<>();
  private Instant now;

  @BeforeEach
  void setUp() {
    init(engine.getProcessEngine());
    now = Instant.parse("2030-01-10T10:00:00Z");
    ClockUtil.setCurrentTime(Date.from(now));
    when(currentUser.id()).thenReturn(Optional.of("relman"));
    when(releaseService.deploy(anyString())).thenReturn(ReleaseService.DeployOutcome.DEPLOYED);
    when(releaseService.runSmokeTests(anyString())).thenReturn(new ReleaseService.SmokeTestOutcome(true, false));
    when(releaseService.rollBack(anyString())).thenReturn(true);
    JavaDelegate notifications = execution -> mails.add((String) execution.getVariableLocal("template")
        + " to " + execution.getVariableLocal("recipientGroups") + "+" + execution.getVariableLocal("recipientUsers"));
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("deployReleaseDelegate", new DeployReleaseDelegate(releaseService));
    Mocks.register("runSmokeTestsDelegate", new RunSmokeTestsDelegate(releaseService));
    Mocks.register("rollBackReleaseDelegate", new RollBackReleaseDelegate(releaseService));
    Mocks.register("markWindowMissedDelegate", new MarkWindowMissedDelegate(releaseService));
    Mocks.register("goDecisionListener", new GoDecisionListener(releaseService, currentUser));
    Mocks.register("manualVerificationListener", new ManualVerificationListener(releaseService, currentUser));
    Mocks.register("productionVerificationListener", new ProductionVerificationListener(releaseService, currentUser));
    Mocks.register("rescheduleListener", new RescheduleListener(releaseService, currentUser));
    Mocks.register("rollbackRecoveryListener", new RollbackRecoveryListener(releaseService, currentUser));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void deploysAfterGoInTheWindowWhenSmokeTestsAndVerificationPass() {
    ProcessInstance instance = startRelease(now.plus(2, ChronoUnit.HOURS), now.plus(4, ChronoUnit.HOURS));
    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO);
    assertThat(task()).hasCandidateGroup("release-managers");
    Assertions.assertThat(taskService().createTaskQuery().taskId(task().getId()).initializeFormKeys().singleResult()
        .getCamundaFormRef().getKey()).isEqualTo("Form_DecideGoNoGo");

    complete(task(), go());
    ArgumentCaptor<GoDecision> decision = ArgumentCaptor.forClass(GoDecision.class);
    verify(releaseService).recordGoDecision(eq(KEY), decision.capture());
    Assertions.assertThat(decision.getValue().go()).isTrue();
    Assertions.assertThat(decision.getValue().decidedBy()).isEqualTo("relman");

    assertThat(instance).isWaitingAt(EVENT_WINDOW_OPENED);
    Assertions.assertThat(job(EVENT_WINDOW_OPENED).getDuedate()).isEqualTo(Date.from(now.plus(2, ChronoUnit.HOURS)));
    Assertions.assertThat(job(BOUNDARY_WINDOW_CLOSED).getDuedate()).isEqualTo(Date.from(now.plus(4, ChronoUnit.HOURS)));
    execute(job(EVENT_WINDOW_OPENED));

    assertThat(instance).isWaitingAt(TASK_DEPLOY_RELEASE);
    verify(releaseService, never()).deploy(anyString());
    executeAll(TASK_DEPLOY_RELEASE); // asyncBefore, then asyncAfter (the deploy is never repeated by a later failure)
    verify(releaseService).deploy(KEY);

    execute(job(TASK_RUN_SMOKE_TESTS));
    verify(releaseService).runSmokeTests(KEY);
    assertThat(instance).isWaitingAt(TASK_VERIFY_RELEASE);
    assertThat(task()).hasCandidateGroup("release-managers");

    complete(task(), withVariables(PRODUCTION_VERIFICATION_RESULT, PASSED, PRODUCTION_VERIFICATION_NOTES, "all good"));
    verify(releaseService).recordProductionVerification(KEY, "relman", true, "all good");

    execute(job(TASK_NOTIFY_RELEASE_DEPLOYED));
    assertThat(instance).isEnded().hasPassed("EndEvent_ReleaseDeployed");
    Assertions.assertThat(mails).containsExactly("release-deployed to release-managers+l2,relman");
    verify(releaseService, never()).rollBack(anyString());
  }

  @Test
  void asksForManualSmokeVerificationWhenConfiguredAndDeploysWhenItPasses() {
    when(releaseService.runSmokeTests(KEY)).thenReturn(new ReleaseService.SmokeTestOutcome(true, true));
    ProcessInstance instance = deployedAndSmokeTested();

    assertThat(instance).isWaitingAt(TASK_VERIFY_SMOKE_TEST_MANUALLY);
    assertThat(task()).hasCandidateGroup("release-managers");
    complete(task(), withVariables(SMOKE_VERIFICATION_RESULT, PASSED));
    verify(releaseService).recordManualVerification(KEY, "relman", true, null);

    assertThat(instance).isWaitingAt(TASK_VERIFY_RELEASE);
    complete(task(), withVariables(PRODUCTION_VERIFICATION_RESULT, PASSED));
    execute(job(TASK_NOTIFY_RELEASE_DEPLOYED));
    assertThat(instance).isEnded().hasPassed(TASK_VERIFY_SMOKE_TEST_MANUALLY, "EndEvent_ReleaseDeployed");
  }

  @Test
  void rollsBackWhenTheManualSmokeVerificationFails() {
    when(releaseService.runSmokeTests(KEY)).thenReturn(new ReleaseService.SmokeTestOutcome(true, true));
    ProcessInstance instance = deployedAndSmokeTested();

    assertThatThrownBy(() -> taskService().complete(task().getId(), withVariables(SMOKE_VERIFICATION_RESULT, FAILED)))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(SMOKE_VERIFICATION_NOTES);
    complete(task(), withVariables(SMOKE_VERIFICATION_RESULT, FAILED, SMOKE_VERIFICATION_NOTES, "login broken"));
    verify(releaseService).recordManualVerification(KEY, "relman", false, "login broken");

    assertRolledBack(instance);
  }

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
  void rollsBackWhenTheVerificationInProductionFails() {
    ProcessInstance instance = deployedAndSmokeTested();
    assertThat(instance).isWaitingAt(TASK_VERIFY_RELEASE);

    complete(task(), withVariables(PRODUCTION_VERIFICATION_RESULT, FAILED, PRODUCTION_VERIFICATION_NOTES, "500s"));

    verify(releaseService).recordProductionVerification(KEY, "relman", false, "500s");
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
    assertThat(instance).isWaitingAt(TASK_RECOVER_FAILED_ROLLBACK, TASK_NOTIFY_ROLLBACK_FAILED);
    assertThat(task(TASK_RECOVER_FAILED_ROLLBACK)).hasCandidateGroup("release-managers");
    Assertions.assertThat(task(TASK_RECOVER_FAILED_ROLLBACK).getPriority()).isEqualTo(100);
    List<Incident> incidents = runtimeService().createIncidentQuery().processInstanceId(instance.getId()).list();
    Assertions.assertThat(incidents).singleElement().satisfies(incident -> {
      Assertions.assertThat(incident.getIncidentType()).isEqualTo(INCIDENT_ROLLBACK_FAILED);
      Assertions.assertThat(incident.getActivityId()).isEqualTo(TASK_RECOVER_FAILED_ROLLBACK);
      Assertions.assertThat(incident.getIncidentMessage()).contains(KEY, "rollback failed");
    });

    execute(job(TASK_NOTIFY_ROLLBACK_FAILED));
    Assertions.assertThat(mails).containsExactly("release-rollback-failed to release-managers+l2,relman");

    assertThatThrownBy(() -> taskService().complete(task(TASK_RECOVER_FAILED_ROLLBACK).getId(),
        withVariables(RECOVERY_NOTES, "restored from backup")))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(ENVIRONMENT_RESTORED);
    complete(task(TASK_RECOVER_FAILED_ROLLBACK),
        withVariables(ENVIRONMENT_RESTORED, true, RECOVERY_NOTES, "restored from backup"));

    verify(releaseService).recordRecovery(KEY, "relman", "restored from backup");
    Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
    Assertions.assertThat(historyService().createHistoricIncidentQuery().processInstanceId(instance.getId()).resolved().count())
        .isEqualTo(1);
    assertThat(instance).isEnded().hasPassed("EndEvent_FailedRollbackRecovered", "EndEvent_RollbackFailureReported");
  }

  @Test
  void aNoGoCancelsTheReleaseWithItsReason() {
    ProcessInstance instance = startRelease(now.plus(2, ChronoUnit.HOURS), now.plus(4, ChronoUnit.HOURS));

    complete(task(), withVariables(GO_DECISION, NO_GO, DECISION_REASON, "freeze week"));

    ArgumentCaptor<GoDecision> decision = ArgumentCaptor.forClass(GoDecision.class);
    verify(releaseService).recordGoDecision(eq(KEY), decision.capture());
    Assertions.assertThat(decision.getValue().go()).isFalse();
    Assertions.assertThat(decision.getValue().reason()).isEqualTo("freeze week");
    execute(job(TASK_NOTIFY_RELEASE_CANCELLED));
    assertThat(instance).isEnded().hasPassed("EndEvent_ReleaseCancelled").hasNotPassed(SUBPROCESS_AWAIT_WINDOW);
    Assertions.assertThat(mails).containsExactly("release-cancelled to release-managers+l2,relman");
  }

  @Test
  void refusesAGoUnlessEveryChecklistItemIsChecked() {
    ProcessInstance instance = startRelease(now.plus(2, ChronoUnit.HOURS), now.plus(4, ChronoUnit.HOURS));
    Map<String, Object> incomplete = go();
    incomplete.put(CHECK_MONITORING_READY, false);

    assertThatThrownBy(() -> taskService().complete(task().getId(), incomplete))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(CHECK_MONITORING_READY);
    assertThatThrownBy(() -> taskService().complete(task().getId(), withVariables(GO_DECISION, NO_GO)))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(DECISION_REASON);
    assertThatThrownBy(() -> taskService().complete(task().getId(), withVariables(GO_DECISION, "MAYBE")))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(GO_DECISION);

    verify(releaseService, never()).recordGoDecision(anyString(), any());
    assertThat(instance).isWaitingAt(TASK_DECIDE_GO_NO_GO);
  }

  @Test
  void whenTheWindowClosesWhileWaitingTheReleaseIsRescheduledAndWaitsForTheNewWindow() {
    ProcessInstance instance = startRelease(now.plus(2, ChronoUnit.HOURS), now.plus(4, ChronoUnit.HOURS));
    complete(task(), go());

    execute(job(BOUNDARY_WINDOW_CLOSED));

    verify(releaseService).markWindowMissed(KEY);
    verify(releaseService, never()).deploy(anyString());
    execute(job(TASK_NOTIFY_WINDOW_MISSED));
    Assertions.assertThat(mails).containsExactly("release-window-missed to release-managers+relman");
    assertThat(instance).isWaitingAt(TASK_RESCHEDULE_RELEASE);
    assertThat(task()).hasCandidateGroup("release-managers");

    Instant newStart = now.plus(1, ChronoUnit.DAYS);
    Instant newEnd = newStart.plus(2, ChronoUnit.HOURS);
    assertThatThrownBy(() -> taskService().complete(task().getId(), withVariables(RESCHEDULE_DECISION, RESCHEDULE)))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(NEW_WINDOW_START);
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
  void whenTheWindowClosesTheReleaseCanBeCancelled() {
    ProcessInstance instance = startRelease(now.plus(2, ChronoUnit.HOURS), now.plus(4, ChronoUnit.HOURS));
    complete(task(), go());
    execute(job(BOUNDARY_WINDOW_CLOSED));
    execute(job(TASK_NOTIFY_WINDOW_MISSED));

    assertThatThrownBy(() -> taskService().complete(task().getId(), withVariables(RESCHEDULE_DECISION, CANCEL)))
        .hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining(RESCHEDULE_REASON);
    complete(task(), withVariables(RESCHEDULE_DECISION, CANCEL, RESCHEDULE_REASON, "superseded by 1.3"));

    verify(releaseService).cancelAfterMissedWindow(KEY, "relman", "superseded by 1.3");
    execute(job(TASK_NOTIFY_RELEASE_CANCELLED));
    assertThat(instance).isEnded().hasPassed("EndEvent_ReleaseCancelled");
    verify(releaseService, never()).deploy(anyString());
  }

  @Test
  void aDeploymentThatFindsTheWindowClosedGoesToRescheduling() {
    ProcessInstance instance = windowOpened();
    when(releaseService.deploy(KEY)).thenReturn(ReleaseService.DeployOutcome.WINDOW_CLOSED);

    execute(job(TASK_DEPLOY_RELEASE));

    assertThat(instance).hasPassed("BoundaryEvent_WindowClosedAtDeploy");
    verify(releaseService).markWindowMissed(KEY);
    execute(job(TASK_NOTIFY_WINDOW_MISSED));
    assertThat(instance).isWaitingAt(TASK_RESCHEDULE_RELEASE);
    verify(releaseService, never()).rollBack(anyString());
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private ProcessInstance startRelease(Instant windowStart, Instant windowEnd) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(RELEASE_KEY, KEY);
    variables.put(RELEASE_NAME, "Billing");
    variables.put(RELEASE_VERSION, "1.2.3");
    variables.put(RELEASE_ENVIRONMENT, "production");
    variables.put(CHANGE_NUMBER, "CHG-000001");
    variables.put(ROLLBACK_PLAN, "redeploy 1.2.2");
    variables.put(RELEASE_REQUESTER, "relman");
    variables.put(RELEASE_IMPLEMENTER, "l2");
    variables.put(WINDOW_START_DATE, Date.from(windowStart));
    variables.put(WINDOW_END_DATE, Date.from(windowEnd));
    variables.put(RELEASE_WINDOW, Windows.describe(windowStart, windowEnd));
    ProcessInstance instance = runtimeService().startProcessInstanceByKey(PROCESS_KEY, KEY, variables);
    assertThat(instance).isStarted();
    return instance;
  }

  private static Map<String, Object> go() {
    return withVariables(GO_DECISION, GO, DECISION_REASON, "ready", CHECK_CHANGE_APPROVED, true,
        CHECK_ROLLBACK_PLAN_REVIEWED, true, CHECK_STAKEHOLDERS_INFORMED, true, CHECK_MONITORING_READY, true);
  }

  private ProcessInstance windowOpened() {
    ProcessInstance instance = startRelease(now.minus(5, ChronoUnit.MINUTES), now.plus(2, ChronoUnit.HOURS));
    complete(task(), go());
    execute(job(EVENT_WINDOW_OPENED));
    assertThat(instance).isWaitingAt(TASK_DEPLOY_RELEASE);
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
    execute(job(TASK_NOTIFY_RELEASE_ROLLED_BACK));
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
}
