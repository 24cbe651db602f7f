package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.change.ChangeSubmission;
import io.sopflow.change.ChangeType;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.SopProcesses;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.problem.ProblemApi.Investigation;
import io.sopflow.problem.ProblemApi.RaiseProblem;
import io.sopflow.problem.ProblemApi.TaskDetails;
import io.sopflow.problem.ProblemPriorityRaised;
import io.sopflow.problem.ProblemService;
import io.sopflow.problem.ProblemSlaProperties;
import io.sopflow.problem.RootCauseCategory;
import io.sopflow.sla.SlaEscalations;
import io.sopflow.sla.process.EscalateSlaBreachDelegate;
import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * Every path and timer of the problem management model: real listeners and delegates (the SLA escalation's too) over
 * mocked services.
 */
@Deployment(resources = {"processes/ProblemManagementProcess.bpmn", "forms/Form_RaiseProblem.form",
    "forms/Form_ReviewProblemProposal.form", "forms/Form_InvestigateRootCause.form",
    "forms/Form_RaiseProblemChange.form", "forms/Form_VerifyProblemFix.form"})
@ExtendWith(PathCoverage.class)
class ProblemManagementProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String KEY = "PRB-000007";
  private static final String CHANGE = "CHG-000011";
  /** Monday 7 December 2026, 09:00 in Berlin. */
  private static final Instant MONDAY_0900 = Instant.parse("2026-12-07T08:00:00Z");

  private final ProblemService service = mock(ProblemService.class);
  private final SlaEscalations escalations = mock(SlaEscalations.class);
  private final ProcessTestSupport.ActingAs actingAs = new ProcessTestSupport.ActingAs();
  private final ProcessTestSupport.RecordingNotifications notifications =
      new ProcessTestSupport.RecordingNotifications();
  private ProcessStarts processStarts;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(MONDAY_0900));
    TaskForms taskForms = ProcessTestSupport.taskForms(actingAs);
    processStarts = ProcessTestSupport.processStarts(runtimeService());
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("raiseProblemStartListener", new RaiseProblemStartListener(service, processStarts,
        ProcessTestSupport.startForms()));
    Mocks.register("problemTaskDetailsListener", new ProblemTaskDetailsListener(service, taskForms));
    Mocks.register("reviewProposalListener", new ReviewProposalListener(service, taskForms));
    Mocks.register("investigateRootCauseListener", new InvestigateRootCauseListener(service, taskForms));
    Mocks.register("raiseProblemChangeListener", new RaiseProblemChangeListener(service, taskForms));
    Mocks.register("verifyFixListener", new VerifyFixListener(service, taskForms));
    Mocks.register("closeProblemDelegate", new CloseProblemDelegate(service));
    Mocks.register("slaDates", ProcessTestSupport.slaDates(ProblemSlaProperties.defaults()));
    Mocks.register("escalateSlaBreachDelegate", new EscalateSlaBreachDelegate(escalations, new SopProcesses()));
    when(service.taskDetails(KEY)).thenReturn(new TaskDetails("VPN drops every night", "Three incidents", "vpn-gw-1",
        "P2", "INC-000001, INC-000002, INC-000003", "", "", "", ""));
    when(service.raiseChange(eq(KEY), anyString(), any())).thenReturn(CHANGE);
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void aRaisedProblemIsInvestigatedFixedByItsChangeVerifiedAndClosed() {
    ProcessInstance pi = start(false, "problem.investigation-p2");

    assertThat(pi).isWaitingAt(TASK_INVESTIGATE).hasNotPassed(TASK_REVIEW_PROPOSAL);
    Task investigation = task(pi);
    assertThat(investigation).hasCandidateGroup("problem-managers")
        .hasName("Investigate root cause of " + KEY + ": VPN drops every night");
    // P2: 24x7, reminder after one day, escalation after three.
    Assertions.assertThat(investigation.getFollowUpDate()).isEqualTo(at("2026-12-08T08:00:00Z"));
    Assertions.assertThat(investigation.getDueDate()).isEqualTo(at("2026-12-10T08:00:00Z"));
    Assertions.assertThat(taskService().getVariablesLocal(investigation.getId()))
        .containsEntry(CONFIGURATION_ITEM, "vpn-gw-1").containsEntry(INCIDENT_NUMBERS,
            "INC-000001, INC-000002, INC-000003");

    actingAs.user = "probman";
    taskService().complete(investigation.getId(), investigationForm());
    verify(service).recordInvestigation(KEY, "probman", new Investigation("Why 1\nWhy 2", "Leaking sessions",
        RootCauseCategory.SOFTWARE, "No monitoring", "Restart the gateway at 02:00"));

    assertThat(pi).isWaitingAt(TASK_RAISE_CHANGE);
    taskService().complete(task(pi).getId(), changeForm());
    ArgumentCaptor<ChangeSubmission> change = ArgumentCaptor.forClass(ChangeSubmission.class);
    verify(service).raiseChange(eq(KEY), eq("probman"), change.capture());
    Assertions.assertThat(change.getValue().affectedServices()).containsExactly("vpn", "remote-access");
    Assertions.assertThat(change.getValue().type()).isEqualTo(ChangeType.NORMAL);
    Assertions.assertThat(change.getValue().plannedStart().toInstant()).isEqualTo("2026-12-14T20:00:00Z");
    assertThat(pi).isWaitingAt(EVENT_CHANGE_ENDED).variables().containsEntry(CHANGE_NUMBER, CHANGE);

    changeEnded(true);
    assertThat(pi).isWaitingAt(TASK_VERIFY_FIX);
    Assertions.assertThat(task(pi).getDueDate()).isNotNull();
    taskService().complete(task(pi).getId(), Map.of(FIX_VERIFIED, true, VERIFICATION_NOTES, "No drop for a week"));

    verify(service).verifyFix(KEY, "probman", true, "No drop for a week");
    verify(service).close(KEY);
    assertThat(pi).isEnded().hasPassed(TASK_CLOSE, END_PROBLEM_CLOSED).hasNotPassed(TASK_ESCALATE_INVESTIGATION);
    Assertions.assertThat(notifications.sent).containsExactly("problem-closed -> problem-managers");
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());
  }

  @Test
  void aProposalIsReviewedByProblemManagersAndAcceptedIntoInvestigation() {
    ProcessInstance pi = start(true, "problem.investigation-p3");

    assertThat(pi).isWaitingAt(TASK_REVIEW_PROPOSAL);
    Task review = task(pi);
    assertThat(review).hasCandidateGroup("problem-managers");
    // Business hours (Berlin): reminder one working day later, escalation two.
    Assertions.assertThat(review.getFollowUpDate()).isEqualTo(at("2026-12-08T08:00:00Z"));
    Assertions.assertThat(review.getDueDate()).isEqualTo(at("2026-12-09T08:00:00Z"));

    actingAs.user = "probman";
    taskService().complete(review.getId(), Map.of(PROPOSAL_ACCEPTED, true));

    verify(service).decideProposal(KEY, "probman", true, null);
    assertThat(pi).isWaitingAt(TASK_INVESTIGATE);
  }

  @Test
  void aRejectedProposalEndsTheProblem() {
    ProcessInstance pi = start(true, "problem.investigation-p3");
    actingAs.user = "probman";

    taskService().complete(task(pi).getId(), Map.of(PROPOSAL_ACCEPTED, false, DECISION_REASON, "Known ISP outage"));

    verify(service).decideProposal(KEY, "probman", false, "Known ISP outage");
    assertThat(pi).isEnded().hasPassed(END_PROPOSAL_REJECTED).hasNotPassed(TASK_INVESTIGATE);
  }

  @Test
  void aFailedChangeSendsTheProblemBackToInvestigation() {
    ProcessInstance pi = awaitingChange();

    changeEnded(false);

    assertThat(pi).isWaitingAt(TASK_INVESTIGATE).hasNotPassed(TASK_VERIFY_FIX);
    Assertions.assertThat(historicCount(pi, TASK_INVESTIGATE)).isEqualTo(2);
    verify(service, never()).close(anyString());
  }

  @Test
  void aFixThatDidNotHoldSendsTheProblemBackToInvestigation() {
    ProcessInstance pi = awaitingChange();
    changeEnded(true);

    taskService().complete(task(pi).getId(), Map.of(FIX_VERIFIED, false, VERIFICATION_NOTES, "Dropped again"));

    verify(service).verifyFix(KEY, "probman", false, "Dropped again");
    assertThat(pi).isWaitingAt(TASK_INVESTIGATE);
    verify(service, never()).close(anyString());
  }

  @Test
  void anOpenInvestigationRemindsProblemManagersThenEscalatesToManagersOnItsPrioritysClock() {
    ProcessInstance pi = start(false, "problem.investigation-p1");

    Job reminder = job(BOUNDARY_INVESTIGATION_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(at("2026-12-07T16:00:00Z"));
    execute(reminder);
    assertThat(pi).hasPassed(END_INVESTIGATION_REMINDED).isWaitingAt(TASK_INVESTIGATE);
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());

    Job overdue = job(BOUNDARY_INVESTIGATION_OVERDUE, pi);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(at("2026-12-08T08:00:00Z"));
    execute(overdue);

    assertThat(pi).hasPassed(TASK_ESCALATE_INVESTIGATION, TASK_TELL_MANAGERS_INVESTIGATION_OVERDUE,
        END_INVESTIGATION_ESCALATED).isWaitingAt(TASK_INVESTIGATE);
    assertRemindedThenEscalated(pi, "investigation", "problem-investigation-reminder", "problem-investigation-overdue");
  }

  @Test
  void aProposalLeftUndecidedRemindsProblemManagersThenEscalatesToManagers() {
    ProcessInstance pi = start(true, "problem.investigation-p3");
    Task review = task(pi);

    // The proposal review's own SLA (business hours): the reminder at the follow-up date, the escalation at the due.
    Job reminder = job(BOUNDARY_PROPOSAL_REVIEW_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(review.getFollowUpDate())
        .isEqualTo(at("2026-12-08T08:00:00Z"));
    ClockUtil.setCurrentTime(reminder.getDuedate());
    execute(reminder);
    assertThat(pi).hasPassed(END_PROPOSAL_REVIEW_REMINDED).isWaitingAt(TASK_REVIEW_PROPOSAL);
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());

    Job overdue = job(BOUNDARY_PROPOSAL_REVIEW_OVERDUE, pi);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(review.getDueDate())
        .isEqualTo(at("2026-12-09T08:00:00Z"));
    ClockUtil.setCurrentTime(overdue.getDuedate());
    execute(overdue);

    assertThat(pi).hasPassed(TASK_ESCALATE_PROPOSAL_REVIEW, TASK_TELL_MANAGERS_PROPOSAL_REVIEW_OVERDUE,
        END_PROPOSAL_REVIEW_ESCALATED).isWaitingAt(TASK_REVIEW_PROPOSAL);
    assertRemindedThenEscalated(pi, "proposal-review", "problem-proposal-reminder", "problem-proposal-overdue");
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId()).count())
        .as("each timer fires once").isZero();

    actingAs.user = "probman";
    taskService().complete(task(pi).getId(), Map.of(PROPOSAL_ACCEPTED, true));
    assertThat(pi).isWaitingAt(TASK_INVESTIGATE);
  }

  /**
   * A joining incident of a higher priority raised the problem's (ProblemService); the starter delivers it: the problem
   * managers are told, the proposal waits on, and the investigation runs on the new priority's clock.
   */
  @Test
  void aRaisedPriorityTellsProblemManagersAndTheInvestigationRunsOnTheNewPrioritysClock() {
    ProcessInstance pi = start(true, "problem.investigation-p3");

    starter().onPriorityRaised(new ProblemPriorityRaised(KEY, pi.getId(), "problem.investigation-p1"));

    assertThat(pi).hasPassed(START_PRIORITY_RAISED, END_TOLD_OF_PRIORITY).isWaitingAt(TASK_REVIEW_PROPOSAL)
        .variables().containsEntry(INVESTIGATION_SLA, "problem.investigation-p1");
    Assertions.assertThat(notifications.sent).containsExactly("problem-priority-raised -> problem-managers");

    actingAs.user = "probman";
    taskService().complete(task(pi).getId(), Map.of(PROPOSAL_ACCEPTED, true));
    // P1: 24x7, reminder after eight hours, escalation after one day.
    Task investigation = task(pi);
    Assertions.assertThat(investigation.getFollowUpDate()).isEqualTo(at("2026-12-07T16:00:00Z"));
    Assertions.assertThat(investigation.getDueDate()).isEqualTo(at("2026-12-08T08:00:00Z"));
  }

  @Test
  void anInvestigationNeedsAPersonAndAWorkaround() {
    ProcessInstance pi = start(false, "problem.investigation-p3");
    Task task = task(pi);

    assertThatThrownBy(() -> taskService().complete(task.getId(), investigationForm()))
        .hasRootCauseInstanceOf(ForbiddenException.class);
    actingAs.user = "probman";
    Map<String, Object> noWorkaround = investigationForm();
    noWorkaround.put(WORKAROUND, " ");
    assertThatThrownBy(() -> taskService().complete(task.getId(), noWorkaround))
        .satisfies(e -> Assertions.assertThat(invalidField(e)).isEqualTo(WORKAROUND));
    Map<String, Object> badCategory = investigationForm();
    badCategory.put(ROOT_CAUSE_CATEGORY, "GREMLINS");
    assertThatThrownBy(() -> taskService().complete(task.getId(), badCategory))
        .satisfies(e -> Assertions.assertThat(invalidField(e)).isEqualTo(ROOT_CAUSE_CATEGORY));

    assertThat(pi).isWaitingAt(TASK_INVESTIGATE);
    verify(service, never()).recordInvestigation(anyString(), anyString(), any());
  }

  @Test
  void aChangeWithoutServicesIsRefusedNamingTheField() {
    ProcessInstance pi = investigated();
    Map<String, Object> form = changeForm();
    form.put(AFFECTED_SERVICES, " , ");

    assertThatThrownBy(() -> taskService().complete(task(pi).getId(), form))
        .satisfies(e -> Assertions.assertThat(invalidField(e)).isEqualTo(AFFECTED_SERVICES));
    assertThat(pi).isWaitingAt(TASK_RAISE_CHANGE);
    verify(service, never()).raiseChange(anyString(), anyString(), any());
  }

  @Test
  void theStartFormRaisesTheProblemThroughTheServiceAndBindsTheInstance() {
    when(service.raise(any())).thenAnswer(invocation -> {
      processStarts.start(PROCESS_KEY, KEY, Map.of(PROBLEM_NUMBER, KEY, PROPOSED, false,
          INVESTIGATION_SLA, "problem.investigation-p3"));
      return null;
    });

    ProcessInstance pi = runtimeService().startProcessInstanceByKey(PROCESS_KEY, Map.of("title", "VPN drops",
        "description", "Every night at 02:00", "configurationItem", "vpn-gw-1", "incidentNumbers",
        "INC-000001, INC-000002"));

    ArgumentCaptor<RaiseProblem> raised = ArgumentCaptor.forClass(RaiseProblem.class);
    verify(service).raise(raised.capture());
    Assertions.assertThat(raised.getValue().incidentNumbers()).containsExactly("INC-000001, INC-000002");
    Assertions.assertThat(raised.getValue().title()).isEqualTo("VPN drops");
    assertThat(pi).hasBusinessKey(KEY).isWaitingAt(TASK_INVESTIGATE).variables().doesNotContainKey("title");
  }

  @Test
  void aStartWithAMadeUpBusinessKeyIsRefused() {
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(PROCESS_KEY, "PRB-999999",
        Map.of(PROBLEM_NUMBER, "PRB-999999", PROPOSED, false, INVESTIGATION_SLA, "problem.investigation-p3")))
        .isInstanceOfSatisfying(io.sopflow.domain.InvalidRequestException.class,
            e -> Assertions.assertThat(e.field()).isEqualTo("businessKey"));
    verify(service, never()).recordInvestigation(anyString(), anyString(), any());
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private ProcessInstance start(boolean proposed, String investigationSla) {
    return ProcessTestSupport.startForRecord(processStarts, runtimeService(), PROCESS_KEY, KEY, Map.of(PROBLEM_NUMBER,
        KEY, PROPOSED, proposed, INVESTIGATION_SLA, investigationSla));
  }

  /**
   * The reminder mailed the problem managers; the escalation was audited as ESCALATED and counted once in
   * {@code sopflow_sla_breaches_total{sop="problem",target=slaTarget}}, and mailed the managers; the task stayed with
   * the problem managers.
   */
  private void assertRemindedThenEscalated(ProcessInstance pi, String slaTarget, String reminderTemplate,
      String overdueTemplate) {
    verify(escalations).escalate("problem", KEY, slaTarget, null, 1, null);
    Assertions.assertThat(notifications.sent).containsExactly(reminderTemplate + " -> problem-managers",
        overdueTemplate + " -> managers,problem-managers");
    Assertions.assertThat(taskService().getIdentityLinksForTask(task(pi).getId()))
        .extracting(IdentityLink::getGroupId).containsExactly("problem-managers");
  }

  private ProblemProcessStarter starter() {
    return new ProblemProcessStarter(processStarts, runtimeService(), service,
        new WithoutCallerAuthorizations(engine.getProcessEngine().getIdentityService()));
  }

  private ProcessInstance investigated() {
    ProcessInstance pi = start(false, "problem.investigation-p2");
    actingAs.user = "probman";
    taskService().complete(task(pi).getId(), investigationForm());
    return pi;
  }

  private ProcessInstance awaitingChange() {
    ProcessInstance pi = investigated();
    taskService().complete(task(pi).getId(), changeForm());
    assertThat(pi).isWaitingAt(EVENT_CHANGE_ENDED);
    return pi;
  }

  private static void changeEnded(boolean succeeded) {
    runtimeService().createMessageCorrelation(MESSAGE_CHANGE_ENDED).processInstanceBusinessKey(KEY)
        .setVariable(CHANGE_SUCCEEDED, succeeded).correlate();
  }

  private static Map<String, Object> investigationForm() {
    Map<String, Object> form = new HashMap<>();
    form.put(FIVE_WHYS, "Why 1\nWhy 2");
    form.put(ROOT_CAUSE, "Leaking sessions");
    form.put(ROOT_CAUSE_CATEGORY, "SOFTWARE");
    form.put(CONTRIBUTING_FACTORS, "No monitoring");
    form.put(WORKAROUND, "Restart the gateway at 02:00");
    return form;
  }

  private static Map<String, Object> changeForm() {
    Map<String, Object> form = new HashMap<>();
    form.put(CHANGE_TITLE, "Upgrade VPN gateway firmware");
    form.put(CHANGE_TYPE, "NORMAL");
    form.put(AFFECTED_SERVICES, "vpn, remote-access");
    form.put(IMPLEMENTATION_PLAN, "Install firmware 4.2 on vpn-gw-1");
    form.put(BACKOUT_PLAN, "Reinstall firmware 4.1 from the backup image");
    form.put(PLANNED_START, "2026-12-14T20:00:00Z");
    form.put(PLANNED_END, "2026-12-14T22:00:00Z");
    form.put(IMPLEMENTER, "l2");
    return form;
  }

  private static Date at(String instant) {
    return Date.from(Instant.parse(instant));
  }

  private static long historicCount(ProcessInstance pi, String activityId) {
    return BpmnAwareTests.historyService().createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
        .activityId(activityId).count();
  }

  private static Job job(String activityId, ProcessInstance pi) {
    return managementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId).singleResult();
  }

  private static Task task(ProcessInstance pi) {
    return taskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
  }

  private static String invalidField(Throwable e) {
    Throwable t = e;
    while (!(t instanceof InvalidRequestException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t instanceof InvalidRequestException invalid ? invalid.field() : null;
  }
}
