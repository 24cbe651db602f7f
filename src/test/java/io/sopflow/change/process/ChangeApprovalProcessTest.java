package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.change.ApprovalRoute;
import io.sopflow.change.ApprovalStage;
import io.sopflow.change.CabVoteTally;
import io.sopflow.change.ChangeProperties.VotingRule;
import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeSlaProperties;
import io.sopflow.change.ChangeStatus;
import io.sopflow.change.ChangeView;
import io.sopflow.change.DecisionResult;
import io.sopflow.change.RiskLevel;
import io.sopflow.change.ScheduleCheck;
import io.sopflow.identity.CurrentUser;
import io.sopflow.domain.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
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
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"processes/ChangeApprovalProcess.bpmn", "processes/ChangeRisk.dmn"})
class ChangeApprovalProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String NUMBER = "CHG-000001";
  private static final String REQUESTER_ID = "cab1";
  private static final String IMPLEMENTER_ID = "l2";

  private final ChangeService changeService = mock(ChangeService.class);
  private final List<String> mails = new ArrayList<>();
  private final AtomicInteger approvals = new AtomicInteger();
  private final AtomicInteger rejections = new AtomicInteger();
  private VotingRule votingRule = VotingRule.ALL;
  private List<String> voters = List.of("cab2", "cab3");
  private Instant plannedStart;
  private Instant plannedEnd;
  private TaskService taskService;
  private IdentityService identityService;

  @BeforeEach
  void setUp() {
    init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(new Date());
    taskService = engine.getTaskService();
    identityService = engine.getIdentityService();
    plannedStart = ClockUtil.now().toInstant().plus(Duration.ofDays(2));
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
    JavaDelegate notifier = execution -> mails.add(execution.getVariableLocal("template") + " -> "
        + execution.getVariableLocal("recipientUsers") + "|" + execution.getVariableLocal("recipientGroups"));
    Mocks.register("sendNotificationDelegate", notifier);
    Mocks.register("changeSla", new ChangeSla(ChangeSlaProperties.defaults()));
    Mocks.register("openChangeCabVoteDelegate", new OpenCabVoteDelegate(changeService));
    Mocks.register("concludeChangeCabVoteDelegate", new ConcludeCabVoteDelegate(changeService));
    Mocks.register("checkChangeScheduleDelegate", new CheckChangeScheduleDelegate(changeService));
    Mocks.register("approveChangeDelegate", new ApproveChangeDelegate(changeService));
    Mocks.register("rejectChangeDelegate", new RejectChangeDelegate(changeService));
    Mocks.register("closeChangeDelegate", new CloseChangeDelegate(changeService));
    Mocks.register("expireChangeWindowDelegate", new ExpireChangeWindowDelegate(changeService));
    Mocks.register("escalateChangeApprovalDelegate", new EscalateChangeApprovalDelegate(changeService, taskService));
    Mocks.register("changeApprovalTaskListener", new ChangeApprovalTaskListener(changeService, currentUser));
    Mocks.register("changeWorkTaskListener", new ChangeWorkTaskListener(changeService, currentUser));

    when(changeService.openCabVote(NUMBER)).thenAnswer(i -> voters);
    when(changeService.recordDecision(eq(NUMBER), any(), anyString(), anyString(), any())).thenAnswer(i -> {
      ApprovalStage stage = i.getArgument(1);
      boolean approve = "APPROVE".equals(i.getArgument(3));
      if (stage != ApprovalStage.CAB) {
        return new DecisionResult(approve, true);
      }
      (approve ? approvals : rejections).incrementAndGet();
      CabVoteTally tally = tally();
      return new DecisionResult(tally.approved(), tally.decided());
    });
    when(changeService.concludeCabVote(NUMBER)).thenAnswer(i -> tally().approved());
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
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE", REVIEW_COMMENT, "looks fine"));

    assertThat(pi).isWaitingAt(TASK_VOTE_ON_CHANGE);
    Assertions.assertThat(cabTaskAssignees(pi)).containsExactlyInAnyOrder("cab2", "cab3");
    vote(pi, "cab2", "APPROVE");
    vote(pi, "cab3", "APPROVE");

    assertThat(pi).hasPassed("Task_ConcludeCabVote", "Task_CheckSchedule", "Task_RecordApproval")
        .hasNotPassed(TASK_APPROVE_AS_MANAGER, TASK_APPROVE_FREEZE_EXCEPTION);
    verify(changeService).approve(NUMBER);
    execute(job("Task_NotifyApproval", pi));
    Assertions.assertThat(mails).containsExactly("change-approved -> cab1,l2|null");

    assertThat(pi).isWaitingAt(TIMER_PLANNED_START);
    Assertions.assertThat(job(TIMER_PLANNED_START, pi).getDuedate()).isEqualTo(Date.from(plannedStart));
    execute(job(TIMER_PLANNED_START, pi));

    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
    assertThat(task(pi)).isAssignedTo(IMPLEMENTER_ID);
    complete(IMPLEMENTER_ID, task(pi), Map.of(IMPLEMENTATION_OUTCOME, "SUCCEEDED"));
    verify(changeService).recordImplementation(NUMBER, IMPLEMENTER_ID, "SUCCEEDED", null);

    assertThat(pi).isWaitingAt(TASK_REVIEW_IMPLEMENTATION).hasNotPassed(TASK_REVIEW_EMERGENCY_CHANGE,
        TASK_BACK_OUT_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-managers");
    complete("chgman", task(pi), Map.of(REVIEW_SUMMARY, "went well"));

    verify(changeService).recordReview(NUMBER, "chgman", false, "went well");
    verify(changeService).close(NUMBER);
    assertThat(pi).isEnded().hasPassed("EndEvent_ChangeClosed");
  }

  // ---- approval routes ---------------------------------------------------------------------------------------------

  @Test
  void standardChangeIsPreApprovedAndGoesStraightToScheduling() {
    ProcessInstance pi = start(ApprovalRoute.STANDARD, RiskLevel.LOW);

    assertThat(pi).hasNotPassed(TASK_REVIEW_CHANGE, TASK_VOTE_ON_CHANGE).hasPassed("Task_CheckSchedule",
        "Task_RecordApproval");
    verify(changeService).approve(NUMBER);
    execute(job("Task_NotifyApproval", pi));
    assertThat(pi).isWaitingAt(TIMER_PLANNED_START);
  }

  @Test
  void reviewerSendsTheChangeBackAndTheRequesterAnswersBeforeItIsReviewedAgain() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "MORE_INFO", REVIEW_COMMENT, "which hosts?"));

    assertThat(pi).isWaitingAt(TASK_PROVIDE_CHANGE_DETAILS);
    assertThat(task(pi)).isAssignedTo(REQUESTER_ID);
    assertThatThrownBy(() -> complete("cab2", task(pi), Map.of(REQUESTER_DETAILS, "not mine")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(AuthorizationException.class);
    complete(REQUESTER_ID, task(pi), Map.of(REQUESTER_DETAILS, "vpn1 and vpn2"));

    verify(changeService).provideDetails(NUMBER, REQUESTER_ID, "vpn1 and vpn2");
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
  }

  @Test
  void changeRejectedInReviewIsRecordedAndRequesterAndImplementerAreMailed() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "REJECT"));

    assertThat(pi).hasPassed("EndEvent_ReviewRejected", "Task_RecordRejection").hasNotPassed(TASK_VOTE_ON_CHANGE);
    verify(changeService).reject(NUMBER);
    verify(changeService, never()).approve(anyString());
    execute(job("Task_NotifyRejection", pi));
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

    assertThat(pi).hasPassed("EndEvent_CabRejected", "Task_RecordRejection");
    Assertions.assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(TASK_VOTE_ON_CHANGE)
        .count()).isZero();
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
    Assertions.assertThat(taskService.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(TASK_VOTE_ON_CHANGE)
        .count()).isZero();
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
    complete("manager", task(pi), Map.of(MANAGER_DECISION, "APPROVE"));

    assertThat(pi).hasPassed("Task_RecordApproval");
    verify(changeService).recordDecision(NUMBER, ApprovalStage.MANAGER, "manager", "APPROVE", null);
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
  void emergencyChangeApprovedByOneChangeManagerIsImplementedAndReviewedRetrospectively() {
    ProcessInstance pi = start(ApprovalRoute.EMERGENCY, RiskLevel.HIGH);

    assertThat(pi).isWaitingAt(TASK_APPROVE_EMERGENCY_CHANGE).hasNotPassed(TASK_REVIEW_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-managers");
    complete("chgman", task(pi), Map.of(EMERGENCY_DECISION, "APPROVE"));
    assertThat(pi).hasPassed("Task_RecordApproval").hasNotPassed("Task_CheckSchedule");
    execute(job("Task_NotifyApproval", pi));
    execute(job(TIMER_PLANNED_START, pi));
    complete(IMPLEMENTER_ID, task(pi), Map.of(IMPLEMENTATION_OUTCOME, "SUCCEEDED"));

    assertThat(pi).isWaitingAt(TASK_REVIEW_EMERGENCY_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-managers");
    complete("chgman", task(pi), Map.of(RETROSPECTIVE_SUMMARY, "justified"));
    verify(changeService).recordReview(NUMBER, "chgman", true, "justified");

    assertThat(pi).isWaitingAt(TASK_REVIEW_IMPLEMENTATION);
    complete("chgman", task(pi), Map.of(REVIEW_SUMMARY, "ok"));
    assertThat(pi).isEnded();
  }

  @Test
  void emergencyApprovalNotGivenWithinItsSlaIsOfferedToManagersAndTheyAreMailed() {
    ProcessInstance pi = start(ApprovalRoute.EMERGENCY, RiskLevel.HIGH);
    Date due = job(BOUNDARY_EMERGENCY_SLA, pi).getDuedate();
    Assertions.assertThat(Duration.between(ClockUtil.now().toInstant(), due.toInstant())).isEqualTo(Duration.ofHours(1));

    execute(job(BOUNDARY_EMERGENCY_SLA, pi));
    verify(changeService).recordEscalation(NUMBER, "EMERGENCY");
    assertThat(task(pi)).hasCandidateGroup("managers").hasCandidateGroup("change-managers");
    execute(job("Task_NotifyEmergencyEscalation", pi));
    Assertions.assertThat(mails).containsExactly("change-approval-escalated -> null|managers");

    complete("manager", task(pi), Map.of(EMERGENCY_DECISION, "APPROVE"));
    assertThat(pi).hasPassed("Task_RecordApproval");
  }

  @Test
  void emergencyChangeRejectedByTheChangeManagerIsRejected() {
    ProcessInstance pi = start(ApprovalRoute.EMERGENCY, RiskLevel.HIGH);
    complete("chgman", task(pi), Map.of(EMERGENCY_DECISION, "REJECT"));

    assertThat(pi).hasPassed("Task_RecordRejection");
    verify(changeService).reject(NUMBER);
  }

  // ---- implementation ----------------------------------------------------------------------------------------------

  @Test
  void failedImplementationIsBackedOutByTheImplementerBeforeTheReview() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();
    complete(IMPLEMENTER_ID, task(pi), Map.of(IMPLEMENTATION_OUTCOME, "FAILED", IMPLEMENTATION_NOTES, "db lock"));

    assertThat(pi).isWaitingAt(TASK_BACK_OUT_CHANGE);
    assertThat(task(pi)).isAssignedTo(IMPLEMENTER_ID);
    complete(IMPLEMENTER_ID, task(pi), Map.of(BACKOUT_NOTES, "restored snapshot"));

    verify(changeService).recordBackout(NUMBER, IMPLEMENTER_ID, "restored snapshot");
    assertThat(pi).isWaitingAt(TASK_REVIEW_IMPLEMENTATION);
  }

  @Test
  void windowEndingWithoutImplementationNotifiesChangeManagersAndTheRescheduledChangeWaitsAgain() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();
    Assertions.assertThat(job(BOUNDARY_WINDOW_EXPIRED, pi).getDuedate()).isEqualTo(Date.from(plannedEnd));
    execute(job(BOUNDARY_WINDOW_EXPIRED, pi));

    verify(changeService).windowExpired(NUMBER);
    execute(job("Task_NotifyWindowExpired", pi));
    Assertions.assertThat(mails).contains("change-window-expired -> null|change-managers");
    assertThat(pi).isWaitingAt(TASK_RESCHEDULE_CHANGE);
    assertThat(task(pi)).hasCandidateGroup("change-managers");

    Instant newStart = plannedStart.plus(Duration.ofDays(7));
    Instant newEnd = newStart.plus(Duration.ofHours(2));
    when(changeService.reschedule(NUMBER, "chgman", newStart, newEnd)).thenReturn(
        new ChangeView(NUMBER, ChangeStatus.APPROVED, IMPLEMENTER_ID, REQUESTER_ID, "t", newStart, newEnd));
    complete("chgman", task(pi), Map.of(NEW_PLANNED_START, newStart.toString(), NEW_PLANNED_END, newEnd.toString()));

    assertThat(pi).isWaitingAt(TIMER_PLANNED_START);
    Assertions.assertThat(job(TIMER_PLANNED_START, pi).getDuedate()).isEqualTo(Date.from(newStart));
    execute(job(TIMER_PLANNED_START, pi));
    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
    Assertions.assertThat(job(BOUNDARY_WINDOW_EXPIRED, pi).getDuedate()).isEqualTo(Date.from(newEnd));
  }

  @Test
  void reschedulingIntoAFreezeWindowIsRefused() {
    ProcessInstance pi = scheduledStandardChangeAtImplementation();
    execute(job(BOUNDARY_WINDOW_EXPIRED, pi));
    execute(job("Task_NotifyWindowExpired", pi));
    when(changeService.reschedule(eq(NUMBER), eq("chgman"), any(), any()))
        .thenThrow(new InvalidRequestException("newPlannedStart", "is in freeze window 'Year end'"));

    Task reschedule = task(pi);
    assertThatThrownBy(() -> complete("chgman", reschedule, Map.of(NEW_PLANNED_START, "2026-12-20T10:00:00+01:00",
        NEW_PLANNED_END, "2026-12-20T12:00:00+01:00")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(BadUserRequestException.class).hasMessageContaining("newPlannedStart");
    assertThat(pi).isWaitingAt(TASK_RESCHEDULE_CHANGE);
  }

  // ---- SLAs --------------------------------------------------------------------------------------------------------

  @Test
  void overdueReviewRemindsChangeManagersThenIsOfferedToManagers() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);

    execute(job(BOUNDARY_REVIEW_REMINDER, pi));
    execute(job("Task_RemindReviewers", pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|change-managers");
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);

    execute(job(BOUNDARY_REVIEW_ESCALATION, pi));
    verify(changeService).recordEscalation(NUMBER, "REVIEW");
    assertThat(task(pi)).hasCandidateGroup("managers");
    execute(job("Task_NotifyReviewEscalation", pi));
    Assertions.assertThat(mails).contains("change-approval-escalated -> null|managers,change-managers");
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
  }

  @Test
  void overdueCabVoteRemindsTheVotersThenEscalatesToManagers() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));

    execute(job(BOUNDARY_CAB_REMINDER, pi));
    execute(job("Task_RemindCab", pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> [cab2, cab3]|null");

    execute(job(BOUNDARY_CAB_ESCALATION, pi));
    verify(changeService).recordEscalation(NUMBER, "CAB");
    execute(job("Task_NotifyCabEscalation", pi));
    Assertions.assertThat(mails).contains("change-approval-escalated -> null|managers,change-managers");
    Assertions.assertThat(cabTaskAssignees(pi)).containsExactlyInAnyOrder("cab2", "cab3");
  }

  @Test
  void overdueManagerApprovalRemindsManagersThenEscalatesAndCanStillBeDecided() {
    ProcessInstance pi = approveByCab(RiskLevel.HIGH);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER);
    Assertions.assertThat(dueIn(job(BOUNDARY_MANAGER_APPROVAL_REMINDER, pi))).isEqualTo(Duration.ofHours(8));
    Assertions.assertThat(dueIn(job(BOUNDARY_MANAGER_APPROVAL_ESCALATION, pi))).isEqualTo(Duration.ofDays(1));

    execute(job(BOUNDARY_MANAGER_APPROVAL_REMINDER, pi));
    execute(job("Task_RemindManagers", pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|managers");
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER);

    execute(job(BOUNDARY_MANAGER_APPROVAL_ESCALATION, pi));
    verify(changeService).recordEscalation(NUMBER, "MANAGER");
    execute(job("Task_NotifyManagerApprovalEscalation", pi));
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
    Assertions.assertThat(dueIn(job(BOUNDARY_FREEZE_EXCEPTION_REMINDER, pi))).isEqualTo(Duration.ofHours(4));
    Assertions.assertThat(dueIn(job(BOUNDARY_FREEZE_EXCEPTION_ESCALATION, pi))).isEqualTo(Duration.ofDays(1));

    execute(job(BOUNDARY_FREEZE_EXCEPTION_REMINDER, pi));
    execute(job("Task_RemindFreezeExceptionDeciders", pi));
    Assertions.assertThat(mails).containsExactly("change-approval-reminder -> null|managers");
    assertThat(pi).isWaitingAt(TASK_APPROVE_FREEZE_EXCEPTION);

    execute(job(BOUNDARY_FREEZE_EXCEPTION_ESCALATION, pi));
    verify(changeService).recordEscalation(NUMBER, "FREEZE_EXCEPTION");
    execute(job("Task_NotifyFreezeExceptionEscalation", pi));
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
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(AuthorizationException.class).hasMessageContaining("never approve their own change");
    assertThatThrownBy(() -> complete(IMPLEMENTER_ID, review, Map.of(REVIEW_DECISION, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(AuthorizationException.class);

    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
    verify(changeService, never()).recordDecision(anyString(), any(), anyString(), anyString(), any());
  }

  @Test
  void cabVoteCanOnlyBeCastByItsAssigneeAndNeverByTheRequester() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    complete("chgman", task(pi), Map.of(REVIEW_DECISION, "APPROVE"));
    Task cab2Task = taskService.createTaskQuery().processInstanceId(pi.getId()).taskAssignee("cab2").singleResult();

    assertThatThrownBy(() -> complete(REQUESTER_ID, cab2Task, Map.of(CAB_VOTE, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> complete("cab3", cab2Task, Map.of(CAB_VOTE, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(AuthorizationException.class).hasMessageContaining("cab2");

    Assertions.assertThat(cabTaskAssignees(pi)).containsExactlyInAnyOrder("cab2", "cab3");
  }

  @Test
  void managerApprovalAndFreezeExceptionAreRefusedToTheImplementer() {
    ProcessInstance pi = approveByCab(RiskLevel.HIGH);
    Task approval = task(pi);

    assertThatThrownBy(() -> complete(IMPLEMENTER_ID, approval, Map.of(MANAGER_DECISION, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(AuthorizationException.class);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_MANAGER);
  }

  @Test
  void approvalWithoutAValidDecisionIsRefused() {
    ProcessInstance pi = start(ApprovalRoute.NORMAL, RiskLevel.MEDIUM);
    Task review = task(pi);

    assertThatThrownBy(() -> complete("chgman", review, Map.of())).isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(BadUserRequestException.class)
        .hasMessageContaining(REVIEW_DECISION);
    assertThatThrownBy(() -> complete("chgman", review, Map.of(REVIEW_DECISION, "MAYBE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(BadUserRequestException.class);
    assertThatThrownBy(() -> taskService.complete(review.getId(), Map.of(REVIEW_DECISION, "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(AuthorizationException.class);
    assertThat(pi).isWaitingAt(TASK_REVIEW_CHANGE);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private ProcessInstance start(ApprovalRoute route, RiskLevel risk) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(CHANGE_ID, 1L);
    variables.put(CHANGE_NUMBER, NUMBER);
    variables.put(CHANGE_TITLE, "Upgrade VPN");
    variables.put(CHANGE_ROUTE, route.name());
    variables.put(RISK, risk.name());
    variables.put(REQUESTER, REQUESTER_ID);
    variables.put(IMPLEMENTER, IMPLEMENTER_ID);
    variables.put(PLANNED_START_DATE, Date.from(plannedStart));
    variables.put(PLANNED_END_DATE, Date.from(plannedEnd));
    variables.put(CHANGE_CONFLICTS, "None");
    variables.put(CHANGE_APPROVED, false);
    return engine.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY, NUMBER, variables);
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
    execute(job("Task_NotifyApproval", pi));
    execute(job(TIMER_PLANNED_START, pi));
    assertThat(pi).isWaitingAt(TASK_IMPLEMENT_CHANGE);
    return pi;
  }

  private static Duration dueIn(Job timer) {
    return Duration.between(ClockUtil.now().toInstant(), timer.getDuedate().toInstant());
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
