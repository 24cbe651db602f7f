package io.sopflow.sop.process;

import static io.sopflow.sop.process.SopRevisionProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.SopProcesses;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sla.SlaEscalations;
import io.sopflow.sla.process.EscalateSlaBreachDelegate;
import io.sopflow.sop.SopApi.ReviewDetails;
import io.sopflow.sop.SopRevisionService;
import io.sopflow.sop.SopSlaProperties;
import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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

/** Every path and timer of the SOP revision model: real delegates and listeners over mocked services. */
@Deployment(resources = {"processes/SopRevisionProcess.bpmn", "forms/Form_ReviewSopRevision.form"})
@ExtendWith(PathCoverage.class)
class SopRevisionProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String SOP = "IncidentEscalationProcess";
  private static final String KEY = "REV-IncidentEscalationProcess-2";
  /** Tuesday 1 December 2026, 09:00 UTC (10:00 in Berlin, business hours). */
  private static final Instant TUESDAY_0900 = Instant.parse("2026-12-01T09:00:00Z");
  /** Reminder two working days later, due date five working days later (Berlin business hours). */
  private static final Date REMINDER = Date.from(Instant.parse("2026-12-03T09:00:00Z"));
  private static final Date DUE = Date.from(Instant.parse("2026-12-08T09:00:00Z"));
  private static final String SUMMARY = "Compared with version 1 (in force):\nAdded: Task_CallReporter \"Call reporter\"";

  private final SopRevisionService revisions = mock(SopRevisionService.class);
  private final SopRevisionChecks checks = mock(SopRevisionChecks.class);
  private final SlaEscalations escalations = mock(SlaEscalations.class);
  private final ProcessTestSupport.ActingAs actingAs = new ProcessTestSupport.ActingAs();
  private final ProcessTestSupport.RecordingNotifications notifications =
      new ProcessTestSupport.RecordingNotifications();

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(TUESDAY_0900));
    var withoutCaller = new WithoutCallerAuthorizations(engine.getIdentityService());
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("checkSopRevisionDelegate", new CheckSopRevisionDelegate(checks, revisions));
    Mocks.register("reviewSopRevisionListener", new ReviewSopRevisionListener(revisions,
        ProcessTestSupport.taskForms(actingAs), engine.getAuthorizationService(), withoutCaller));
    Mocks.register("escalateSlaBreachDelegate", new EscalateSlaBreachDelegate(escalations, new SopProcesses()));
    Mocks.register("slaDates", ProcessTestSupport.slaDates(new SopSlaProperties(null)));
    when(checks.check(SOP, 2)).thenReturn(new SopRevisionChecks.Result(true, "Passed", SUMMARY, "process-owners",
        new TreeSet<>(Set.of("process-owners", "service-desk"))));
    when(revisions.reviewDetails(SOP, 2)).thenReturn(new ReviewDetails(KEY, SOP, 2, "1.4.0", "owner", 1, true,
        "Passed", SUMMARY));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void anApprovedRevisionIsCheckedReviewedByASecondOwnerAndDistributedToTheSopsGroups() {
    ProcessInstance pi = start();
    assertThat(pi).isWaitingAt(TASK_CHECK_REVISION);
    execute(job(TASK_CHECK_REVISION, pi));
    verify(revisions).recordChecks(SOP, 2, true, "Passed", SUMMARY);

    Task review = task(pi);
    assertThat(review).hasName("Review SOP revision").hasCandidateGroup("process-owners");
    Assertions.assertThat(review.getDueDate()).isEqualTo(DUE);
    Assertions.assertThat(review.getFollowUpDate()).isEqualTo(REMINDER);
    Assertions.assertThat(taskService().getVariablesLocal(review.getId()))
        .containsEntry(CHANGE_SUMMARY, SUMMARY).containsEntry(CHECKS, "Passed").containsEntry(VERSION_TAG, "1.4.0")
        .containsEntry(VERSION_IN_FORCE, 1);

    actingAs.user = "owner2";
    taskService().complete(review.getId(), Map.of(REVISION_APPROVED, true, REVISION_NOTES, "Reporter is called"));

    verify(revisions).approve(SOP, 2, "owner2", "process-owners", "Reporter is called");
    assertThat(pi).isEnded().hasPassed(TASK_DISTRIBUTE_REVISION, END_REVISION_IN_FORCE);
    Assertions.assertThat(notifications.sent).containsExactly("sop-revision-in-force -> process-owners,service-desk");
  }

  @Test
  void theAuthorCannotSeeTheReviewAndIsRefusedWhenCompletingIt() {
    ProcessInstance pi = checked();
    Task review = task(pi);

    Authorization revoke = engine.getAuthorizationService().createAuthorizationQuery().userIdIn("owner")
        .resourceType(Resources.TASK).resourceId(review.getId()).singleResult();
    Assertions.assertThat(revoke.getAuthorizationType()).isEqualTo(Authorization.AUTH_TYPE_REVOKE);
    Assertions.assertThat(revoke.isPermissionRevoked(Permissions.READ)).isTrue();
    Assertions.assertThat(revoke.isPermissionRevoked(Permissions.TASK_WORK)).as("the four-eyes rule refuses it")
        .isFalse();

    actingAs.user = "owner";
    assertThatThrownBy(() -> taskService().complete(review.getId(),
        Map.of(REVISION_APPROVED, true, REVISION_NOTES, "looks good to me")))
        .hasRootCauseInstanceOf(ForbiddenException.class);
    verify(revisions, never()).approve(anyString(), eq(2), anyString(), anyString(), anyString());
    assertThat(pi).isWaitingAt(TASK_REVIEW_REVISION);
  }

  @Test
  void aRejectedRevisionStaysOutOfForceAndTheOwnerGroupIsTold() {
    ProcessInstance pi = checked();

    actingAs.user = "owner2";
    taskService().complete(task(pi).getId(), Map.of(REVISION_APPROVED, false, REVISION_NOTES, "Breaks triage"));

    verify(revisions).reject(SOP, 2, "owner2", "process-owners", "Breaks triage");
    verify(revisions, never()).approve(anyString(), eq(2), anyString(), anyString(), anyString());
    assertThat(pi).isEnded().hasPassed(TASK_TELL_AUTHOR_REJECTED, END_REVISION_REJECTED)
        .hasNotPassed(TASK_DISTRIBUTE_REVISION);
    Assertions.assertThat(notifications.sent).containsExactly("sop-revision-rejected -> process-owners");
  }

  @Test
  void aDecisionNeedsNotesAndADecision() {
    ProcessInstance pi = checked();
    Task review = task(pi);
    actingAs.user = "owner2";

    assertThatThrownBy(() -> taskService().complete(review.getId(), Map.of(REVISION_APPROVED, true)))
        .hasRootCauseInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> taskService().complete(review.getId(), Map.of(REVISION_NOTES, "fine")))
        .hasRootCauseInstanceOf(InvalidRequestException.class);
    assertThat(pi).isWaitingAt(TASK_REVIEW_REVISION);
  }

  @Test
  void anUnreviewedRevisionRemindsTheOwnerGroupThenEscalatesToManagers() {
    ProcessInstance pi = checked();

    Job reminder = job(BOUNDARY_REVIEW_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(REMINDER);
    execute(reminder);
    assertThat(pi).hasPassed(TASK_REMIND_OWNERS, END_REMINDER_SENT).isWaitingAt(TASK_REVIEW_REVISION);

    Job overdue = job(BOUNDARY_REVIEW_OVERDUE, pi);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(DUE);
    execute(overdue);

    verify(escalations).escalate("sop", KEY, "revision-review", null, 1, "managers");
    assertThat(task(pi)).hasCandidateGroup("managers").hasCandidateGroup("process-owners");
    assertThat(pi).hasPassed(TASK_ESCALATE_REVIEW, TASK_TELL_MANAGERS, END_REVIEW_ESCALATED)
        .isWaitingAt(TASK_REVIEW_REVISION);
    Assertions.assertThat(notifications.sent).containsExactly("sop-revision-review-reminder -> process-owners",
        "sop-revision-review-overdue -> managers");
  }

  @Test
  void failingChecksAreRetriedThenBecomeAnIncidentNotAReview() {
    doThrow(new IllegalStateException("model unreadable")).when(checks).check(SOP, 2);
    ProcessInstance pi = start();

    Job check = job(TASK_CHECK_REVISION, pi);
    assertThatThrownBy(() -> managementService().executeJob(check.getId())).isInstanceOf(IllegalStateException.class);

    Assertions.assertThat(job(TASK_CHECK_REVISION, pi).getRetries()).isEqualTo(2);
    assertThat(pi).isWaitingAt(TASK_CHECK_REVISION);
    verify(revisions, never()).recordChecks(anyString(), eq(2), eq(true), anyString(), anyString());
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private ProcessInstance start() {
    return runtimeService().startProcessInstanceByKey(PROCESS_KEY, KEY,
        Map.of(SOP_PROCESS_KEY, SOP, SOP_VERSION, 2, AUTHOR, "owner"));
  }

  private ProcessInstance checked() {
    ProcessInstance pi = start();
    execute(job(TASK_CHECK_REVISION, pi));
    return pi;
  }

  private static Job job(String activityId, ProcessInstance pi) {
    return managementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId).singleResult();
  }

  private static Task task(ProcessInstance pi) {
    return taskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
  }
}
