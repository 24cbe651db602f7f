package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.change.ApprovalRoute;
import io.sopflow.change.ApprovalStage;
import io.sopflow.change.CabConclusion;
import io.sopflow.change.CabVoteTally;
import io.sopflow.change.ChangeProperties.VotingRule;
import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeSlaProperties;
import io.sopflow.change.ChangeStatus;
import io.sopflow.change.ChangeTaskView;
import io.sopflow.change.ChangeView;
import io.sopflow.change.DecisionResult;
import io.sopflow.change.FourEyesViolationException;
import io.sopflow.change.RiskLevel;
import io.sopflow.change.ScheduleCheck;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.change.ChangeProperties;
import io.sopflow.change.ChangeSubmission;
import io.sopflow.change.ChangeSubmitted;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validation;
import org.camunda.bpm.engine.RuntimeService;
import io.sopflow.sla.SlaClock;
import io.sopflow.sla.SlaDates;
import io.sopflow.sla.SlaProperties;
import io.sopflow.sla.StepSla;
import io.sopflow.support.PathCoverage;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowingConsumer;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
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

@Deployment(resources = {"processes/ChangeApprovalProcess.bpmn", "processes/ChangeRisk.dmn"})
@ExtendWith(PathCoverage.class)
class ChangeApprovalProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String NUMBER = "CHG-000001";
  private static final String REQUESTER_ID = "cab1";
  private static final String IMPLEMENTER_ID = "l2";
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  /** A Wednesday, 10:00 in Berlin: inside working hours. */
  private static final Instant NOW = ZonedDateTime.of(2026, 11, 18, 10, 0, 0, 0, BERLIN).toInstant();

  private final ChangeService changeService = mock(ChangeService.class);
  private final List<String> mails = new ArrayList<>();
  private final AtomicInteger approvals = new AtomicInteger();
  private final AtomicInteger rejections = new AtomicInteger();
  private final Set<String> emergencyApprovers = new java.util.HashSet<>();
  private VotingRule votingRule = VotingRule.ALL;
  /** Who stands in for whom (a delegation in force) when an overdue vote escalates. */
  private final java.util.Map<String, String> substitutes = new java.util.HashMap<>();
  private List<String> voters = List.of("cab2", "cab3");
  private RiskLevel risk;
  private Instant plannedStart;
  private Instant plannedEnd;
  private TaskService taskService;
  private IdentityService identityService;
  private SlaDates slaDates;
  private TaskForms taskForms;
  private ProcessStarts processStarts;
  private ChangeProcessStarter starter;

  @BeforeEach
  void setUp() throws Exception {
    init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(NOW));
    taskService = engine.getTaskService();
    identityService = engine.getIdentityService();
    plannedStart = NOW.plus(Duration.ofDays(2));
    plannedEnd = plannedStart.plus(Duration.ofHours(4));
    CurrentUser currentUser = new CurrentUser() {
      @Override
      public Optional<String> id() {
        var authentication = identityService.getCurrentAuthentication();
        return Optional.ofNullable(authentication == null ? null : authentication.getUserId());
      }

      @Override
      public Set<String> groups() {
        return Set.of();
      }
    };
    Constructor<TaskForms> forms = TaskForms.class.getDeclaredConstructor(CurrentUser.class);
    forms.setAccessible(true);
    taskForms = forms.newInstance(currentUser);
    JavaDelegate notifier = execution -> mails.add(execution.getVariableLocal("template") + " -> "
        + execution.getVariableLocal("recipientUsers") + "|" + execution.getVariableLocal("recipientGroups"));
    Mocks.register("sendNotificationDelegate", notifier);
    registerSlas(ChangeSlaProperties.defaults());
    Mocks.register("openChangeCabVoteDelegate", new OpenCabVoteDelegate(changeService));
    Mocks.register("concludeChangeCabVoteDelegate", new ConcludeCabVoteDelegate(changeService));
    Mocks.register("checkChangeScheduleDelegate", new CheckChangeScheduleDelegate(changeService));
    Mocks.register("approveChangeDelegate", new ApproveChangeDelegate(changeService));
    Mocks.register("rejectChangeDelegate", new RejectChangeDelegate(changeService));
    Mocks.register("closeChangeDelegate", new CloseChangeDelegate(changeService));
    Mocks.register("expireChangeWindowDelegate", new ExpireChangeWindowDelegate(changeService));
    Mocks.register("escalateChangeApprovalDelegate", new EscalateChangeApprovalDelegate(new ChangeApprovalEscalations(
        changeService, taskService, new io.sopflow.identity.OverdueApprovals((person, scope) ->
            scope.contains("change-advisory-board") ? Optional.ofNullable(substitutes.get(person)) : Optional.empty(),
            mock(io.sopflow.identity.Directory.class)))));
    Mocks.register("changeApprovalTaskListener", new ChangeApprovalTaskListener(changeService, taskForms));
    Mocks.register("changeWorkTaskListener", new ChangeWorkTaskListener(changeService, taskForms));
    Mocks.register("changeTaskDisplayListener", new ChangeTaskDisplayListener(changeService, taskForms));
    Mocks.register("recordReleaseOutcomeDelegate", new RecordReleaseOutcomeDelegate(changeService));
    Constructor<ProcessStarts> starts = ProcessStarts.class.getDeclaredConstructor(RuntimeService.class);
    starts.setAccessible(true);
    processStarts = starts.newInstance(engine.getRuntimeService());
    Constructor<StartForms> startForms = StartForms.class.getDeclaredConstructor(ObjectMapper.class,
        jakarta.validation.Validator.class);
    startForms.setAccessible(true);
    Mocks.register("changeStartFormListener", new ChangeStartFormListener(processStarts,
        startForms.newInstance(new ObjectMapper().findAndRegisterModules(),
            Validation.buildDefaultValidatorFactory().getValidator()), changeService));
    starter = new ChangeProcessStarter(processStarts, changeService, new ChangeProperties(null, null, null, null, 12));

    when(changeService.taskView(NUMBER)).thenAnswer(i -> new ChangeTaskView(NUMBER, "Upgrade VPN", RiskLevel.MEDIUM,
        REQUESTER_ID, IMPLEMENTER_ID, "None", null, "which hosts?", null));
    when(changeService.openCabVote(NUMBER)).thenAnswer(i -> voters);
    when(changeService.recordDecision(eq(NUMBER), any(), anyString(), any(), anyString(), any())).thenAnswer(i -> {
      ApprovalStage stage = i.getArgument(1);
      String user = i.getArgument(2);
      if (user.equals(REQUESTER_ID) || user.equals(IMPLEMENTER_ID)) {
        throw new FourEyesViolationException(user, NUMBER);
      }
      boolean approve = "APPROVE".equals(i.getArgument(4));
      if (stage != ApprovalStage.CAB) {
        return new DecisionResult(approve, true);
      }
      (approve ? approvals : rejections).incrementAndGet();
      CabVoteTally tally = tally();
      return new DecisionResult(tally.approved(), tally.decided());
    });
    when(changeService.recordEmergencyDecision(eq(NUMBER), anyString(), anyString(), any(), anyString(), any()))
        .thenAnswer(i -> {
          String user = i.getArgument(2);
          if (user.equals(REQUESTER_ID) || user.equals(IMPLEMENTER_ID)) {
            throw new FourEyesViolationException(user, NUMBER);
          }
          boolean approve = "APPROVE".equals(i.getArgument(4));
          if (!emergencyApprovers.add(user)) {
            throw new ForbiddenException(user + " has already approved");
          }
          boolean approved = approve && emergencyApprovers.size() >= 2;
          return new DecisionResult(approved, !approve || approved);
        });
    doAnswer(i -> {
      if (!REQUESTER_ID.equals(i.getArgument(1))) {
        throw new FourEyesViolationException(i.getArgument(1), NUMBER);
      }
      return null;
    }).when(changeService).provideDetails(eq(NUMBER), anyString(), anyString());
    when(changeService.concludeCabVote(NUMBER)).thenAnswer(i -> new CabConclusion(tally().approved(),
        tally().approved() && risk == RiskLevel.HIGH));
    when(changeService.checkSchedule(NUMBER)).thenAnswer(i -> schedule(false));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
    identityService.clearAuthentication();
  }

  // ---- happy path --------------------------------------------------------------------------------------------------

  @Test
  void normalChangeApprovedByReviewAndCabWaitsForItsStartIsImplementedReviewedAndClosed() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);

    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-managers");
    assertSlaDates(task(pi), ChangeSlaProperties.REVIEW);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE", REVIEW_COMMENT, "looks fine"));
    verify(changeService).recordDecision(NUMBER, ApprovalStage.REVIEW, "chgman", null, "APPROVE", "looks fine");

    assertThat(pi).isWaitingAt(TASK_VOTE_ON_CHANGE);
    Assertions.assertThat(cabTaskAssignees(pi)).containsExactlyInAnyOrder("cab2", "cab3");
    for (Task vote : taskService.createTaskQuery().processInstanceId(pi.getId()).list()) {
      assertSlaDates(vote, ChangeSlaProperties.CAB_VOTE);
    }
    vote(pi, "cab2", "APPROVE");
    vote(pi, "cab3", "APPROVE");

    assertThat(pi).hasPassed("Task_ConcludeCabVote", "Task_CheckSchedule", "Task_RecordApproval",
        "Task_NotifyApproval").hasNotPassed(TASK_APPROVE_AS_MANAGER, TASK_APPROVE_FREEZE_EXCEPTION);
    verify(changeService).approve(NUMBER);
    Assertions.assertThat(mails).containsExactly("change-approved -> cab1,l2|null");

    assertThat(pi).isWaitingAt(AWAITING_START_OR_RELEASE);
    Assertions.assertThat(job(TIMER_PLANNED_START, pi).getDuedate()).isEqualTo(Date.from(plannedStart));
    execute(job(TIMER_PLANNED_START, pi));

    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
    assertThat(task(pi)).isAssignedTo(IMPLEMENTER_ID);
    Assertions.assertThat(task(pi).getDueDate()).isEqualTo(Date.from(plannedEnd));
    Assertions.assertThat(task(pi).getFollowUpDate()).isEqualTo(Date.from(plannedStart));
    complete(IMPLEMENTER_ID, task(pi), Map.of(IMPLEMENTATION_OUTCOME, "SUCCEEDED"));
    verify(changeService).recordImplementation(NUMBER, IMPLEMENTER_ID, "SUCCEEDED", null);

    assertThat(pi).isWaitingAt(TASK_REVIEW_IMPLEMENTATION).hasNotPassed(TASK_REVIEW_EMERGENCY_CHANGE,
        TASK_BACK_OUT_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-managers");
    assertSlaDates(task(pi), ChangeSlaProperties.IMPLEMENTATION_REVIEW);
    complete("chgman", task(pi), Map.of(REVIEW_SUMMARY, "went well"));

    verify(changeService).recordReview(NUMBER, "chgman", false, "went well");
    verify(changeService).close(NUMBER);
    assertThat(pi).isEnded().hasPassed("EndEvent_ChangeClosed");
  }

  @Test
  void theProcessCarriesReferencesAndDecisionsAndEachFormGetsItsDisplayValuesFromTheRecord() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    Task review = task(pi);

    Map<String, Object> shown = taskService.getVariablesLocal(review.getId());
    Assertions.assertThat(shown).containsEntry(CHANGE_TITLE, "Upgrade VPN").containsEntry(CHANGE_CONFLICTS, "None")
        .containsEntry(RISK, "MEDIUM").containsEntry(REQUESTER, REQUESTER_ID).containsEntry(CHANGE_NUMBER, NUMBER);
    Assertions.assertThat(engine.getRuntimeService().getVariables(pi.getId())).doesNotContainKeys(CHANGE_TITLE,
        CHANGE_CONFLICTS, FREEZE_WINDOW, RISK);

    // What Tasklist sends back of a shown (read-only) value stays on its task: it cannot change a decision.
    identityService.setAuthentication("chgman", List.of());
    try {
      engine.getFormService().submitTaskForm(review.getId(), Map.of(REVIEW_DECISION, "APPROVE", RISK, "LOW",
          CHANGE_TITLE, "Upgrade VPN"));
    } finally {
      identityService.clearAuthentication();
    }
    Assertions.assertThat(engine.getRuntimeService().getVariables(pi.getId())).doesNotContainKey(RISK);
    Assertions.assertThat(engine.getRuntimeService().getVariable(pi.getId(), REVIEW_OUTCOME)).isEqualTo("APPROVE");
    Assertions.assertThat(engine.getRuntimeService().getVariables(pi.getId())).doesNotContainKey(CHANGE_TITLE);
  }

  // ---- approval routes ---------------------------------------------------------------------------------------------

  @Test
  void standardChangeIsPreApprovedAndTheImplementerGetsTheTaskWithoutWaitingForAnyMail() {
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);

    assertThat(pi).hasNotPassed(TASK_REVIEW_CHANGE, TASK_VOTE_ON_CHANGE).hasPassed("Task_CheckSchedule",
        "Task_RecordApproval", "Task_NotifyApproval");
    verify(changeService).approve(NUMBER);
    // The approval mail is recorded with the approval: the only job left is the planned start, nothing waits for SMTP.
    assertThat(pi).isWaitingAt(AWAITING_START_OR_RELEASE);
    Assertions.assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).list())
        .extracting(Job::getDuedate).containsExactly(Date.from(plannedStart));
    execute(job(TIMER_PLANNED_START, pi));
    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
    assertThat(task(pi)).isAssignedTo(IMPLEMENTER_ID);
  }

  @Test
  void reviewerSendsTheChangeBackAndTheRequesterAnswersBeforeItIsReviewedAgain() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "MORE_INFO", REVIEW_COMMENT, "which hosts?"));

    assertThat(pi).isWaitingAt(TASK_PROVIDE_CHANGE_DETAILS);
    Task details = task(pi);
    assertThat(details).isAssignedTo(REQUESTER_ID);
    assertSlaDates(details, ChangeSlaProperties.PROVIDE_DETAILS);
    Assertions.assertThat(taskService.getVariableLocal(details.getId(), ChangeTaskDisplayListener.REVIEWER_COMMENT))
        .isEqualTo("which hosts?");
    assertThatThrownBy(() -> complete("cab2", details, Map.of(REQUESTER_DETAILS, "not mine")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> complete(REQUESTER_ID, details, Map.of()))
        .isInstanceOf(ProcessEngineException.class).satisfies(refusedNaming(REQUESTER_DETAILS));
    complete(REQUESTER_ID, details, Map.of(REQUESTER_DETAILS, "vpn1 and vpn2"));

    verify(changeService).provideDetails(NUMBER, REQUESTER_ID, "vpn1 and vpn2");
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
  }

  @Test
  void changeRejectedInReviewIsRecordedAndRequesterAndImplementerAreMailed() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "REJECT"));

    assertThat(pi).hasPassed("EndEvent_ReviewRejected", "BoundaryEvent_NormalChangeRejected", "Task_RecordRejection")
        .hasNotPassed(TASK_VOTE_ON_CHANGE);
    verify(changeService).reject(NUMBER);
    verify(changeService, never()).approve(anyString());
    Assertions.assertThat(mails).containsExactly("change-rejected -> cab1,l2|null");
    assertThat(pi).isEnded().hasPassed("EndEvent_ChangeRejected");
  }

  @Test
  void oneCabVetoRejectsTheChangeAndCancelsTheOpenVotes() {
    voters = List.of("cab2", "cab3", "chgman");
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));

    vote(pi, "cab2", "APPROVE");
    vote(pi, "cab3", "REJECT");

    assertThat(pi).hasPassed("EndEvent_CabRejected", "Task_RecordRejection").isEnded();
    Assertions.assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
        .taskDefinitionKey(TASK_VOTE_ON_CHANGE).count()).isZero();
    verify(changeService).reject(NUMBER);
  }

  @Test
  void underTheMajorityRuleTwoOfThreeApprovalsApproveWithoutTheThirdVote() {
    votingRule = VotingRule.MAJORITY;
    voters = List.of("cab2", "cab3", "chgman");
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));

    vote(pi, "cab2", "APPROVE");
    assertThat(pi).isWaitingAt(TASK_VOTE_ON_CHANGE);
    vote(pi, "cab3", "APPROVE");

    assertThat(pi).hasPassed("Task_RecordApproval");
    Assertions.assertThat(taskService.createTaskQuery().processInstanceId(pi.getId())
        .taskDefinitionKey(TASK_VOTE_ON_CHANGE).count()).isZero();
  }

  @Test
  void underTheAllRuleEveryMemberMustApprove() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));

    vote(pi, "cab2", "APPROVE");

    assertThat(pi).isWaitingAt(TASK_VOTE_ON_CHANGE).hasNotPassed("Task_ConcludeCabVote");
    Assertions.assertThat(cabTaskAssignees(pi)).containsExactly("cab3");
  }

  @Test
  void highRiskChangeApprovedByCabNeedsAndGetsAManagersApproval() {
    ProcessInstance pi = approveByCab(RiskLevel.HIGH);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER);
    assertThat(task(pi)).hasCandidateGroup("managers");
    assertSlaDates(task(pi), ChangeSlaProperties.MANAGER_APPROVAL);
    complete("manager", task(pi), Map.of(MANAGER_DECISION, "APPROVE"));

    assertThat(pi).hasPassed("Task_RecordApproval");
    verify(changeService).recordDecision(NUMBER, ApprovalStage.MANAGER, "manager", null, "APPROVE", null);
  }

  @Test
  void noVariableSentWithACompletionCanSkipTheManagerApprovalOfAHighRiskChange() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.HIGH);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE", MANAGER_APPROVAL_REQUIRED, false, RISK, "LOW"));
    vote(pi, "cab2", "APPROVE");
    vote(pi, "cab3", "APPROVE");

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER).hasNotPassed("Task_RecordApproval");
  }

  @Test
  void highRiskChangeRejectedByTheManagerIsRejected() {
    ProcessInstance pi = approveByCab(RiskLevel.HIGH);
    complete("manager", task(pi), Map.of(MANAGER_DECISION, "REJECT", MANAGER_COMMENT, "too risky"));

    assertThat(pi).hasPassed("EndEvent_ManagerRejected", "Task_RecordRejection");
    verify(changeService).reject(NUMBER);
  }

  @Test
  void startInAFreezeWindowIsApprovedWhenAManagerGrantsAnException() {
    when(changeService.checkSchedule(NUMBER)).thenAnswer(i -> schedule(true));
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);

    assertThat(pi).isWaitingAt(TASK_APPROVE_FREEZE_EXCEPTION);
    assertThat(task(pi)).hasCandidateGroup("managers");
    assertSlaDates(task(pi), ChangeSlaProperties.FREEZE_EXCEPTION);
    complete("manager", task(pi), Map.of(FREEZE_DECISION, "APPROVE"));

    assertThat(pi).hasPassed("Task_RecordApproval");
    verify(changeService).approve(NUMBER);
  }

  @Test
  void startInAFreezeWindowIsRejectedWhenTheManagerRefusesTheException() {
    when(changeService.checkSchedule(NUMBER)).thenAnswer(i -> schedule(true));
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);
    complete("manager", task(pi), Map.of(FREEZE_DECISION, "REJECT"));

    assertThat(pi).hasPassed("Task_RecordRejection").hasNotPassed("Task_RecordApproval");
    verify(changeService).reject(NUMBER);
  }

  @Test
  void emergencyChangeApprovedByTwoDifferentEcabMembersIsImplementedAndReviewedRetrospectively() {
    ProcessInstance pi = start(ApprovalRoute.EMERGENCY, RiskLevel.HIGH);

    assertThat(pi).isWaitingAt(TASK_APPROVE_EMERGENCY_CHANGE).hasNotPassed(TASK_REVIEW_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-advisory-board");
    assertSlaDates(task(pi), ChangeSlaProperties.EMERGENCY_APPROVAL);
    complete("cab2", task(pi), Map.of(EMERGENCY_DECISION, "APPROVE"));
    assertThat(pi).isWaitingAt(TASK_APPROVE_EMERGENCY_CHANGE).hasNotPassed("Task_RecordApproval");
    Task second = task(pi);
    assertThatThrownBy(() -> complete("cab2", second, Map.of(EMERGENCY_DECISION, "APPROVE")))
        .as("the same person twice").isInstanceOf(ProcessEngineException.class)
        .hasRootCauseInstanceOf(ForbiddenException.class);
    assertThat(pi).isWaitingAt(TASK_APPROVE_EMERGENCY_CHANGE);
    complete("cab3", second, Map.of(EMERGENCY_DECISION, "APPROVE"));
    // Decided by the group the approval was routed to when the instance started, not by today's configuration.
    verify(changeService).recordEmergencyDecision(NUMBER, "change-advisory-board", "cab3", null, "APPROVE", null);
    assertThat(pi).hasPassed("Task_RecordApproval").hasNotPassed("Task_CheckSchedule");
    execute(job(TIMER_PLANNED_START, pi));
    complete(IMPLEMENTER_ID, task(pi), Map.of(IMPLEMENTATION_OUTCOME, "SUCCEEDED"));

    assertThat(pi).isWaitingAt(TASK_REVIEW_EMERGENCY_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-managers");
    assertSlaDates(task(pi), ChangeSlaProperties.RETROSPECTIVE_REVIEW);
    complete("chgman", task(pi), Map.of(RETROSPECTIVE_SUMMARY, "justified"));
    verify(changeService).recordReview(NUMBER, "chgman", true, "justified");

    assertThat(pi).isWaitingAt(TASK_REVIEW_IMPLEMENTATION);
    complete("chgman", task(pi), Map.of(REVIEW_SUMMARY, "ok"));
    assertThat(pi).isEnded();
  }

  @Test
  void emergencyApprovalNotGivenWithinItsSlaIsOfferedToManagersAndTheyAreMailed() {
    ProcessInstance pi = start(ApprovalRoute.EMERGENCY, RiskLevel.HIGH);
    // 24x7: an hour is an hour, day or night.
    Assertions.assertThat(job(BOUNDARY_EMERGENCY_SLA, pi).getDuedate())
        .isEqualTo(Date.from(NOW.plus(Duration.ofHours(1))));

    execute(job(BOUNDARY_EMERGENCY_SLA, pi));
    verify(changeService).recordEscalation(NUMBER, "EMERGENCY");
    assertThat(task(pi)).hasCandidateGroup("managers").hasCandidateGroup("change-advisory-board");
    Assertions.assertThat(mails).containsExactly("change-approval-escalated -> null|managers");

    complete("manager", task(pi), Map.of(EMERGENCY_DECISION, "APPROVE"));
    complete("cab2", task(pi), Map.of(EMERGENCY_DECISION, "APPROVE"));
    assertThat(pi).hasPassed("Task_RecordApproval");
  }

  @Test
  void emergencyChangeRejectedByOneEcabMemberIsRejectedWithoutASecondVote() {
    ProcessInstance pi = start(ApprovalRoute.EMERGENCY, RiskLevel.HIGH);
    complete("cab2", task(pi), Map.of(EMERGENCY_DECISION, "REJECT"));

    assertThat(pi).hasPassed("Task_RecordRejection").isEnded();
    verify(changeService).reject(NUMBER);
  }

  /**
   * The emergency CAB is the group the instance's model offered the approval to, whatever the configuration says now:
   * version 2.0.0 offered it to change-managers by name (no ecabGroup), later ones to the instance's ecabGroup.
   */
  @Test
  void anEmergencyApprovalIsDecidedByTheGroupItsModelOfferedItTo() {
    io.sopflow.support.ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, model -> model.replace(
        "camunda:candidateGroups=\"${ecabGroup}\"", "camunda:candidateGroups=\"change-managers\""));
    ProcessInstance pi = start(ApprovalRoute.EMERGENCY, RiskLevel.HIGH);
    assertThat(task(pi)).hasCandidateGroup("change-managers");

    complete("chgman", task(pi), Map.of(EMERGENCY_DECISION, "REJECT"));

    verify(changeService).recordEmergencyDecision(NUMBER, "change-managers", "chgman", null, "REJECT", null);
    assertThat(pi).hasPassed("Task_RecordRejection").isEnded();
  }

  // ---- implementation ----------------------------------------------------------------------------------------------

  @Test
  void failedImplementationIsBackedOutByTheImplementerBeforeTheReview() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();
    complete(IMPLEMENTER_ID, task(pi), Map.of(IMPLEMENTATION_OUTCOME, "FAILED", IMPLEMENTATION_NOTES, "db lock"));

    assertThat(pi).isWaitingAt(TASK_BACK_OUT_CHANGE);
    assertThat(task(pi)).isAssignedTo(IMPLEMENTER_ID);
    assertSlaDates(task(pi), ChangeSlaProperties.BACK_OUT);
    complete(IMPLEMENTER_ID, task(pi), Map.of(BACKOUT_NOTES, "restored snapshot"));

    verify(changeService).recordBackout(NUMBER, IMPLEMENTER_ID, "restored snapshot");
    assertThat(pi).isWaitingAt(TASK_REVIEW_IMPLEMENTATION);
  }

  @Test
  void implementationWithoutAKnownOutcomeIsRefusedNamingTheField() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();
    Task implement = task(pi);

    assertThatThrownBy(() -> complete(IMPLEMENTER_ID, implement, Map.of(IMPLEMENTATION_OUTCOME, "MOSTLY")))
        .isInstanceOf(ProcessEngineException.class).satisfies(refusedNaming(IMPLEMENTATION_OUTCOME));
    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
  }

  @Test
  void windowEndingWithoutImplementationNotifiesChangeManagersAndTheRescheduledChangeWaitsAgain() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();
    Assertions.assertThat(job(BOUNDARY_WINDOW_EXPIRED, pi).getDuedate()).isEqualTo(Date.from(plannedEnd));
    execute(job(BOUNDARY_WINDOW_EXPIRED, pi));

    verify(changeService).windowExpired(NUMBER);
    Assertions.assertThat(mails).contains("change-window-expired -> null|change-managers");
    assertThat(pi).isWaitingAt(TASK_RESCHEDULE_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-managers");
    assertSlaDates(task(pi), ChangeSlaProperties.RESCHEDULE);

    Instant newStart = plannedStart.plus(Duration.ofDays(7));
    Instant newEnd = newStart.plus(Duration.ofHours(2));
    when(changeService.reschedule(NUMBER, "chgman", newStart, newEnd, false)).thenReturn(
        new ChangeView(NUMBER, ChangeStatus.APPROVED, IMPLEMENTER_ID, REQUESTER_ID, "t", newStart, newEnd));
    complete("chgman", task(pi), Map.of(NEW_PLANNED_START, newStart.toString(), NEW_PLANNED_END, newEnd.toString()));

    assertThat(pi).isWaitingAt(AWAITING_START_OR_RELEASE);
    Assertions.assertThat(job(TIMER_PLANNED_START, pi).getDuedate()).isEqualTo(Date.from(newStart));
    execute(job(TIMER_PLANNED_START, pi));
    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
    Assertions.assertThat(job(BOUNDARY_WINDOW_EXPIRED, pi).getDuedate()).isEqualTo(Date.from(newEnd));
    Assertions.assertThat(task(pi).getDueDate()).isEqualTo(Date.from(newEnd));
  }

  @Test
  void reschedulingIntoAFreezeWindowIsRefused() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();
    execute(job(BOUNDARY_WINDOW_EXPIRED, pi));
    when(changeService.reschedule(eq(NUMBER), eq("chgman"), any(), any(), anyBoolean()))
        .thenThrow(new InvalidRequestException("newPlannedStart", "is in freeze window 'Year end'"));

    Task reschedule = task(pi);
    assertThatThrownBy(() -> complete("chgman", reschedule, Map.of(NEW_PLANNED_START, "2026-12-20T10:00:00+01:00",
        NEW_PLANNED_END, "2026-12-20T12:00:00+01:00")))
        .isInstanceOf(ProcessEngineException.class).satisfies(refusedNaming("newPlannedStart"));
    assertThatThrownBy(() -> complete("chgman", reschedule, Map.of(NEW_PLANNED_START, "next week")))
        .isInstanceOf(ProcessEngineException.class).satisfies(refusedNaming("newPlannedStart"));
    assertThat(pi).isWaitingAt(TASK_RESCHEDULE_CHANGE);
  }

  // ---- SLAs --------------------------------------------------------------------------------------------------------

  @Test
  void reviewRequestedFridayAfterWorkingHoursRemindsOnMondayNotOnTheWeekend() {
    registerSlas(new ChangeSlaProperties(StepSla.of("P1D", "P2D", "business-hours"), null, null, null, null, null,
        null, null, null, null, null));
    ClockUtil.setCurrentTime(Date.from(ZonedDateTime.of(2026, 12, 4, 17, 0, 0, 0, BERLIN).toInstant()));
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);

    Date monday = Date.from(ZonedDateTime.of(2026, 12, 7, 17, 0, 0, 0, BERLIN).toInstant());
    Assertions.assertThat(job(BOUNDARY_REVIEW_REMINDER, pi).getDuedate()).isEqualTo(monday);
    Assertions.assertThat(task(pi).getFollowUpDate()).isEqualTo(monday);
    Assertions.assertThat(task(pi).getDueDate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 12, 8, 17, 0, 0, 0, BERLIN).toInstant()));

    ClockUtil.setCurrentTime(monday);
    execute(job(BOUNDARY_REVIEW_REMINDER, pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|change-managers");
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
  }

  @Test
  void overdueReviewRemindsChangeManagersThenIsOfferedToManagers() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    Assertions.assertThat(job(BOUNDARY_REVIEW_REMINDER, pi).getDuedate())
        .isEqualTo(slaDates.reminder(ChangeSlaProperties.REVIEW));
    Assertions.assertThat(job(BOUNDARY_REVIEW_ESCALATION, pi).getDuedate())
        .isEqualTo(slaDates.escalation(ChangeSlaProperties.REVIEW));

    execute(job(BOUNDARY_REVIEW_REMINDER, pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|change-managers");
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);

    execute(job(BOUNDARY_REVIEW_ESCALATION, pi));
    verify(changeService).recordEscalation(NUMBER, "REVIEW");
    assertThat(task(pi)).hasCandidateGroup("managers");
    Assertions.assertThat(mails).contains("change-approval-escalated -> null|managers,change-managers");
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
  }

  @Test
  void overdueCabVoteRemindsTheVotersThenIsReofferedToChangeManagersWhoRecordItOnBehalfWithAReason() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));
    Assertions.assertThat(job(BOUNDARY_CAB_REMINDER, pi).getDuedate())
        .isEqualTo(slaDates.reminder(ChangeSlaProperties.CAB_VOTE));
    Assertions.assertThat(job(BOUNDARY_CAB_ESCALATION, pi).getDuedate())
        .isEqualTo(slaDates.escalation(ChangeSlaProperties.CAB_VOTE));

    execute(job(BOUNDARY_CAB_REMINDER, pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> [cab2, cab3]|null");

    vote(pi, "cab2", "APPROVE");
    execute(job(BOUNDARY_CAB_ESCALATION, pi));
    verify(changeService).recordEscalation(NUMBER, "CAB");
    Assertions.assertThat(mails).contains("change-cab-vote-reoffered -> []|change-managers");
    Task overdue = task(pi);
    Assertions.assertThat(overdue.getAssignee()).as("re-offered: nobody holds it").isNull();
    assertThat(overdue).hasCandidateUser("cab3").hasCandidateGroup("change-managers");

    assertThatThrownBy(() -> complete("chgman", overdue, Map.of(CAB_VOTE, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).satisfies(refusedNaming(ON_BEHALF_REASON));
    when(changeService.recordCabVoteOnBehalf(NUMBER, "chgman", "cab3", "APPROVE", "on leave until Monday"))
        .thenAnswer(i -> {
          approvals.incrementAndGet();
          return new DecisionResult(tally().approved(), tally().decided());
        });
    complete("chgman", overdue, Map.of(CAB_VOTE, "APPROVE", ON_BEHALF_REASON, "on leave until Monday"));

    verify(changeService).recordCabVoteOnBehalf(NUMBER, "chgman", "cab3", "APPROVE", "on leave until Monday");
    assertThat(pi).hasPassed("Task_ConcludeCabVote", "Task_RecordApproval");
  }

  @Test
  void anOverdueCabVoteGoesToTheMembersDelegateWhereThereIsOneElseToTheChangeManagers() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));
    substitutes.put("cab3", "incman");

    execute(job(BOUNDARY_CAB_ESCALATION, pi));

    verify(changeService).recordEscalation(NUMBER, "CAB");
    Assertions.assertThat(mails).as("the delegate is mailed, and the change managers for cab2's vote")
        .contains("change-cab-vote-reoffered -> [incman]|change-managers");
    Task cab3Vote = voteWaitingFor(pi, "cab3");
    assertThat(cab3Vote).hasCandidateUser("incman").hasCandidateUser("cab3");
    Assertions.assertThat(cab3Vote.getOwner()).isEqualTo("incman");
    Assertions.assertThat(groupsOf(cab3Vote)).as("not offered to the change managers").isEmpty();
    Assertions.assertThat(groupsOf(voteWaitingFor(pi, "cab2"))).containsExactly("change-managers");
  }

  @Test
  void anOverdueCabVoteWithDelegatesOnlyMailsTheDelegatesAndNoGroup() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));
    vote(pi, "cab2", "APPROVE");
    substitutes.put("cab3", "incman");

    execute(job(BOUNDARY_CAB_ESCALATION, pi));

    Assertions.assertThat(mails).contains("change-cab-vote-reoffered -> [incman]|");
    Assertions.assertThat(task(pi).getOwner()).isEqualTo("incman");
    Assertions.assertThat(groupsOf(task(pi))).isEmpty();
  }

  @Test
  void anEscalationMissingAnInputFailsUntilItIsAnIncidentInsteadOfPassingSilently() {
    String group = "<camunda:inputParameter name=\"offerToGroup\">managers</camunda:inputParameter>"
        + "<camunda:inputParameter name=\"taskDefinitionKey\">Task_ReviewChange</camunda:inputParameter>";
    io.sopflow.support.ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, model -> model.replace(group,
        "<camunda:inputParameter name=\"taskDefinitionKey\">Task_ReviewChange</camunda:inputParameter>"));
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);

    Assertions.assertThat(escalationIncident(pi)).isEqualTo("Input parameter 'offerToGroup' is missing on "
        + "Task_EscalateReview: offering the waiting task again needs both 'taskDefinitionKey' and 'offerToGroup'");

    engine.getRuntimeService().deleteProcessInstance(pi.getId(), "next case: one instance per change number");
    String stage = "<camunda:inputParameter name=\"stage\">REVIEW</camunda:inputParameter>";
    io.sopflow.support.ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, model -> model.replace(stage, ""));
    pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);

    Assertions.assertThat(escalationIncident(pi))
        .isEqualTo("Input parameter 'stage' is missing on Task_EscalateReview");
    verify(changeService, never()).recordEscalation(anyString(), anyString());
    Assertions.assertThat(groupsOf(task(pi))).as("offered to nobody else").containsExactly("change-managers");
  }

  /** Runs the review's escalation job until its retries are spent; the incident's message. */
  private String escalationIncident(ProcessInstance pi) {
    var management = engine.getManagementService();
    Job escalation = job(BOUNDARY_REVIEW_ESCALATION, pi);
    while (escalation.getRetries() > 0) {
      String id = escalation.getId();
      assertThatThrownBy(() -> management.executeJob(id)).isInstanceOf(IllegalStateException.class);
      escalation = management.createJobQuery().jobId(id).singleResult();
    }
    var incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).singleResult();
    Assertions.assertThat(incident).as("an incident in Cockpit").isNotNull();
    Assertions.assertThat(incident.getIncidentType()).isEqualTo("failedJob");
    return incident.getIncidentMessage();
  }

  private Task voteWaitingFor(ProcessInstance pi, String member) {
    return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(TASK_VOTE_ON_CHANGE).list()
        .stream().filter(t -> member.equals(taskService.getVariable(t.getId(), "cabVoter"))).findFirst().orElseThrow();
  }

  private List<String> groupsOf(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream()
        .map(org.camunda.bpm.engine.task.IdentityLink::getGroupId).filter(java.util.Objects::nonNull).toList();
  }

  @Test
  void aReofferedCabVoteCanStillBeCastByTheMemberButNotByAnotherMember() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));
    execute(job(BOUNDARY_CAB_ESCALATION, pi));
    Task cab3Vote = taskService.createTaskQuery().processInstanceId(pi.getId()).taskCandidateUser("cab3")
        .taskDefinitionKey(TASK_VOTE_ON_CHANGE).list().stream()
        .filter(t -> taskService.getIdentityLinksForTask(t.getId()).stream()
            .anyMatch(l -> "cab3".equals(l.getUserId()))).findFirst().orElseThrow();

    // The service allows votes on behalf to change managers only (ChangeIntegrationTest shows it on the real one).
    when(changeService.recordCabVoteOnBehalf(eq(NUMBER), eq("cab2"), eq("cab3"), any(), any()))
        .thenThrow(new ForbiddenException("cab2 is no change manager"));
    assertThatThrownBy(() -> complete("cab2", cab3Vote, Map.of(CAB_VOTE, "APPROVE", ON_BEHALF_REASON, "x")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(ForbiddenException.class);
    complete("cab3", cab3Vote, Map.of(CAB_VOTE, "APPROVE"));
    verify(changeService).recordDecision(NUMBER, ApprovalStage.CAB, "cab3", null, "APPROVE", null);
  }

  // ---- start form, schedule, release -------------------------------------------------------------------------------

  @Test
  void aStartFormSubmissionSubmitsTheChangeAndBecomesItsInstanceWithReferencesOnly() {
    when(changeService.submit(any())).thenAnswer(i -> {
      ChangeSubmission submission = i.getArgument(0);
      Assertions.assertThat(submission.affectedServices()).containsExactly("vpn, mail");
      Assertions.assertThat(submission.template()).isEqualTo("certificate-renewal");
      starter.on(submitted(ApprovalRoute.STANDARD));
      return null;
    });
    Map<String, Object> form = new HashMap<>();
    form.put("title", "Renew VPN certificate");
    form.put("type", "STANDARD");
    form.put("template", "certificate-renewal");
    form.put("affectedServices", "vpn, mail");
    form.put("implementationPlan", "Replace the certificate");
    form.put("plannedStart", "2026-11-20T10:00+01:00");
    form.put("plannedEnd", "2026-11-20T12:00+01:00");
    form.put("implementer", IMPLEMENTER_ID);

    ProcessInstance pi = engine.getFormService().submitStartForm(definitionId(), form);

    Assertions.assertThat(pi.getBusinessKey()).isEqualTo(NUMBER);
    Assertions.assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isOne();
    Assertions.assertThat(engine.getRuntimeService().getVariables(pi.getId())).doesNotContainKeys("title",
        "affectedServices", "implementationPlan").containsEntry(CHANGE_NUMBER, NUMBER);
    assertThat(pi).isWaitingAt(AWAITING_START_OR_RELEASE);
  }

  @Test
  void aStartFormSubmissionIsRefusedNamingTheFieldAndStartsNothing() {
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId(), Map.of("title", "x",
        "type", "NORMAL", "affectedServices", "vpn", "implementationPlan", "p", "plannedStart", "tomorrow",
        "plannedEnd", "2026-11-20T12:00+01:00", "implementer", "l2")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> Assertions.assertThat(e.field())
            .isEqualTo("plannedStart"));
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId(), "CHG-999999", Map.of()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> Assertions.assertThat(e.field())
            .isEqualTo("businessKey"));
    verify(changeService, never()).submit(any());
    Assertions.assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void aChangeOverlappingOthersOnASharedServiceGoesAheadOnlyWithAChangeManagersAcknowledgement() {
    when(changeService.checkSchedule(NUMBER)).thenAnswer(i -> new ScheduleCheck(false, null, plannedStart,
        plannedEnd, List.of("CHG-000007 'Patch VPN' on vpn")));
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);

    assertThat(pi).isWaitingAt(TASK_ACKNOWLEDGE_OVERLAP).hasNotPassed("Task_RecordApproval");
    assertThat(task(pi)).hasCandidateGroup("change-managers");
    assertSlaDates(task(pi), ChangeSlaProperties.OVERLAP_ACKNOWLEDGEMENT);
    Task acknowledge = task(pi);
    assertThatThrownBy(() -> complete("chgman", acknowledge, Map.of(OVERLAP_COMMENT, "fine")))
        .isInstanceOf(ProcessEngineException.class).satisfies(refusedNaming(OVERLAP_ACKNOWLEDGED));
    complete("chgman", acknowledge, Map.of(OVERLAP_ACKNOWLEDGED, true, OVERLAP_COMMENT, "agreed with CHG-000007"));

    verify(changeService).acknowledgeOverlap(NUMBER, "chgman", "agreed with CHG-000007");
    assertThat(pi).hasPassed("Task_RecordApproval").isWaitingAt(AWAITING_START_OR_RELEASE);
  }

  @Test
  void aChangeWithoutOverlapsNeedsNoAcknowledgement() {
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);
    assertThat(pi).hasPassed("Task_RecordApproval").hasNotPassed(TASK_ACKNOWLEDGE_OVERLAP);
  }

  @Test
  void aDeployedReleaseImplementsTheChangeThroughItsProcess() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();

    boolean delivered = new ProcessReleaseOutcomes(engine.getRuntimeService(), identityService)
        .deliver(NUMBER, "REL-000003", true);

    Assertions.assertThat(delivered).isTrue();
    verify(changeService).recordReleaseImplementation(NUMBER, "REL-000003", true);
    assertThat(pi).hasPassed(TASK_RECORD_RELEASE_OUTCOME).hasNotPassed(TASK_BACK_OUT_CHANGE)
        .isWaitingAt(TASK_REVIEW_IMPLEMENTATION);
  }

  @Test
  void aRolledBackReleaseFailsTheChangeAndTheImplementerConfirmsTheBackout() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();

    new ProcessReleaseOutcomes(engine.getRuntimeService(), identityService).deliver(NUMBER, "REL-000003", false);

    verify(changeService).recordReleaseImplementation(NUMBER, "REL-000003", false);
    assertThat(pi).isWaitingAt(TASK_BACK_OUT_CHANGE);
  }

  @Test
  void aReleaseFinishingBeforeThePlannedStartImplementsTheChangeAtOnce() {
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);
    assertThat(pi).isWaitingAt(AWAITING_START_OR_RELEASE);

    Assertions.assertThat(new ProcessReleaseOutcomes(engine.getRuntimeService(), identityService)
        .deliver(NUMBER, "REL-000003", true)).isTrue();

    verify(changeService).recordReleaseImplementation(NUMBER, "REL-000003", true);
    assertThat(pi).hasPassed("IntermediateEvent_ReleaseFinishedEarly", TASK_RECORD_RELEASE_OUTCOME)
        .hasNotPassed(TIMER_PLANNED_START, TASK_IMPLEMENT_CHANGE).isWaitingAt(TASK_REVIEW_IMPLEMENTATION);
    Assertions.assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
        .activityId(TIMER_PLANNED_START).count()).as("the planned-start timer is gone").isZero();
  }

  @Test
  void aRolledBackReleaseBeforeThePlannedStartFailsTheChange() {
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);

    new ProcessReleaseOutcomes(engine.getRuntimeService(), identityService).deliver(NUMBER, "REL-000003", false);

    verify(changeService).recordReleaseImplementation(NUMBER, "REL-000003", false);
    assertThat(pi).isWaitingAt(TASK_BACK_OUT_CHANGE);
  }

  @Test
  void aReleaseEndingWhileTheChangeIsStillInApprovalIsNotDelivered() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);

    Assertions.assertThat(new ProcessReleaseOutcomes(engine.getRuntimeService(), identityService)
        .deliver(NUMBER, "REL-000003", true)).isFalse();
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
    verify(changeService, never()).recordReleaseImplementation(anyString(), anyString(), anyBoolean());
  }

  @Test
  void overdueManagerApprovalRemindsManagersThenEscalatesAndCanStillBeDecided() {
    ProcessInstance pi = approveByCab(RiskLevel.HIGH);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER);
    // Wednesday 10:00 + 8 working hours = Thursday 09:00; + 9 working hours (P1D) = Thursday 10:00.
    Assertions.assertThat(job(BOUNDARY_MANAGER_APPROVAL_REMINDER, pi).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 11, 19, 9, 0, 0, 0, BERLIN).toInstant()));
    Assertions.assertThat(job(BOUNDARY_MANAGER_APPROVAL_ESCALATION, pi).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 11, 19, 10, 0, 0, 0, BERLIN).toInstant()));

    execute(job(BOUNDARY_MANAGER_APPROVAL_REMINDER, pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|managers");
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER);

    execute(job(BOUNDARY_MANAGER_APPROVAL_ESCALATION, pi));
    verify(changeService).recordEscalation(NUMBER, "MANAGER");
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|managers",
        "change-approval-escalated -> null|managers,change-managers");
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER).hasPassed("EndEvent_ManagerApprovalReminderSent",
        "EndEvent_ManagerApprovalEscalated");
    assertThat(task(pi)).hasCandidateGroup("managers");

    complete("manager", task(pi), Map.of(MANAGER_DECISION, "APPROVE"));
    assertThat(pi).hasPassed("Task_RecordApproval");
    verify(changeService).approve(NUMBER);
  }

  @Test
  void overdueFreezeExceptionRemindsManagersThenEscalatesAndCanStillBeDecided() {
    when(changeService.checkSchedule(NUMBER)).thenAnswer(i -> schedule(true));
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);
    assertThat(pi).isWaitingAt(TASK_APPROVE_FREEZE_EXCEPTION);
    Assertions.assertThat(job(BOUNDARY_FREEZE_EXCEPTION_REMINDER, pi).getDuedate())
        .isEqualTo(Date.from(NOW.plus(Duration.ofHours(4))));
    Assertions.assertThat(job(BOUNDARY_FREEZE_EXCEPTION_ESCALATION, pi).getDuedate())
        .isEqualTo(slaDates.escalation(ChangeSlaProperties.FREEZE_EXCEPTION));

    execute(job(BOUNDARY_FREEZE_EXCEPTION_REMINDER, pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|managers");
    assertThat(pi).isWaitingAt(TASK_APPROVE_FREEZE_EXCEPTION);

    execute(job(BOUNDARY_FREEZE_EXCEPTION_ESCALATION, pi));
    verify(changeService).recordEscalation(NUMBER, "FREEZE_EXCEPTION");
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|managers",
        "change-approval-escalated -> null|managers,change-managers");
    assertThat(pi).isWaitingAt(TASK_APPROVE_FREEZE_EXCEPTION).hasPassed("EndEvent_FreezeExceptionReminderSent",
        "EndEvent_FreezeExceptionEscalated");

    complete("manager", task(pi), Map.of(FREEZE_DECISION, "REJECT"));
    assertThat(pi).hasPassed("Task_RecordRejection").hasNotPassed("Task_RecordApproval");
    verify(changeService).reject(NUMBER);
  }

  @Test
  void decidingTheManagerApprovalInTimeCancelsItsReminderAndEscalation() {
    ProcessInstance pi = approveByCab(RiskLevel.HIGH);
    complete("manager", task(pi), Map.of(MANAGER_DECISION, "APPROVE"));

    Assertions.assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
        .activityId(BOUNDARY_MANAGER_APPROVAL_REMINDER).count()).isZero();
    Assertions.assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
        .activityId(BOUNDARY_MANAGER_APPROVAL_ESCALATION).count()).isZero();
    verify(changeService, never()).recordEscalation(anyString(), anyString());
  }

  // ---- four-eyes and server-side checks ----------------------------------------------------------------------------

  @Test
  void requesterAndImplementerCannotCompleteTheReviewOfTheirOwnChange() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    Task review = task(pi);

    assertThatThrownBy(() -> complete(REQUESTER_ID, review, Map.of(REVIEW_DECISION, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(FourEyesViolationException.class)
        .hasMessageContaining("never approve their own change");
    assertThatThrownBy(() -> complete(IMPLEMENTER_ID, review, Map.of(REVIEW_DECISION, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(FourEyesViolationException.class);

    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
    Assertions.assertThat(engine.getRuntimeService().getVariable(pi.getId(), REVIEW_OUTCOME)).isNull();
  }

  @Test
  void cabVoteCanOnlyBeCastByItsAssigneeAndNeverByTheRequester() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));
    Task cab2Task = taskService.createTaskQuery().processInstanceId(pi.getId()).taskAssignee("cab2").singleResult();

    assertThatThrownBy(() -> complete(REQUESTER_ID, cab2Task, Map.of(CAB_VOTE, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> complete("cab3", cab2Task, Map.of(CAB_VOTE, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(ForbiddenException.class)
        .hasMessageContaining("cab2");

    Assertions.assertThat(cabTaskAssignees(pi)).containsExactlyInAnyOrder("cab2", "cab3");
  }

  @Test
  void managerApprovalAndFreezeExceptionAreRefusedToTheImplementer() {
    ProcessInstance pi = approveByCab(RiskLevel.HIGH);
    Task approval = task(pi);

    assertThatThrownBy(() -> complete(IMPLEMENTER_ID, approval, Map.of(MANAGER_DECISION, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(FourEyesViolationException.class);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER);
  }

  @Test
  void approvalWithoutAValidDecisionOrWithoutAnAuthenticatedPersonIsRefused() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    Task review = task(pi);

    assertThatThrownBy(() -> complete("chgman", review, Map.of())).isInstanceOf(ProcessEngineException.class)
        .satisfies(refusedNaming(REVIEW_DECISION));
    assertThatThrownBy(() -> complete("chgman", review, Map.of(REVIEW_DECISION, "MAYBE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> taskService.complete(review.getId(), Map.of(REVIEW_DECISION, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(ForbiddenException.class);
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
    verify(changeService, never()).recordDecision(anyString(), any(), anyString(), any(), anyString(), any());
  }

  @Test
  void workTasksRecordTheAuthenticatedPersonNeverTheAssignee() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();
    Task implement = task(pi);

    assertThatThrownBy(() -> taskService.complete(implement.getId(), Map.of(IMPLEMENTATION_OUTCOME, "SUCCEEDED")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(ForbiddenException.class);
    verify(changeService, never()).recordImplementation(anyString(), anyString(), anyString(), any());
    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  /** A refusal as Tasklist and /engine-rest report it: 400 naming the field. */
  private static ThrowingConsumer<Throwable> refusedNaming(String field) {
    return thrown -> {
      Throwable root = thrown;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      Assertions.assertThat(root).isInstanceOf(InvalidRequestException.class);
      Assertions.assertThat(((InvalidRequestException) root).field()).isEqualTo(field);
    };
  }

  private void registerSlas(ChangeSlaProperties properties) {
    Clock engineClock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return ClockUtil.now().toInstant();
      }
    };
    slaDates = new SlaDates(new SlaClock(new SlaProperties(0.75, null)), engineClock, List.of(properties));
    Mocks.register("slaDates", slaDates);
  }

  /** The task's due date is its step's escalation, its follow-up date its reminder, both counted from now. */
  private void assertSlaDates(Task task, String step) {
    Assertions.assertThat(task.getDueDate()).as("due date of %s", task.getTaskDefinitionKey())
        .isEqualTo(slaDates.escalation(step));
    Assertions.assertThat(task.getFollowUpDate()).as("follow-up date of %s", task.getTaskDefinitionKey())
        .isEqualTo(slaDates.reminder(step));
  }

  /** Starts as {@code POST /api/changes} does: the service saved the change, its starter starts the process. */
  private ProcessInstance start(ApprovalRoute route, RiskLevel risk) {
    this.risk = risk;
    starter.on(submitted(route));
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(NUMBER).singleResult();
  }

  private String definitionId() {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS_KEY)
        .singleResult().getId();
  }

  private ChangeSubmitted submitted(ApprovalRoute route) {
    return new ChangeSubmitted(1L, NUMBER, route, REQUESTER_ID, IMPLEMENTER_ID, plannedStart, plannedEnd);
  }

  private ProcessInstance approveByCab(RiskLevel risk) {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, risk);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));
    vote(pi, "cab2", "APPROVE");
    vote(pi, "cab3", "APPROVE");
    return pi;
  }

  private ProcessInstance scheduledStandardChangeAtImplementation() {
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);
    execute(job(TIMER_PLANNED_START, pi));
    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
    return pi;
  }

  private ScheduleCheck schedule(boolean inFreeze) {
    return new ScheduleCheck(inFreeze, inFreeze ? "Year end" : null, plannedStart, plannedEnd, List.of());
  }

  private CabVoteTally tally() {
    return new CabVoteTally(voters.size(), approvals.get(), rejections.get(), votingRule);
  }

  private void vote(ProcessInstance pi, String voter, String decision) {
    Task vote = taskService.createTaskQuery().processInstanceId(pi.getId()).taskAssignee(voter).singleResult();
    complete(voter, vote, Map.of(CAB_VOTE, decision));
  }

  private List<String> cabTaskAssignees(ProcessInstance pi) {
    return taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(TASK_VOTE_ON_CHANGE).list()
        .stream().map(Task::getAssignee).toList();
  }

  private void complete(String user, Task task, Map<String, Object> variables) {
    identityService.setAuthentication(user, List.of());
    try {
      taskService.complete(task.getId(), variables);
    } finally {
      identityService.clearAuthentication();
    }
  }
}
