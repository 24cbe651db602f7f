package io.sopflow.sop.review.process;

import static io.sopflow.sop.process.SopReviewProcess.*;
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
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.SopProcesses;
import io.sopflow.sla.SlaEscalations;
import io.sopflow.sla.process.EscalateSlaBreachDelegate;
import io.sopflow.sop.review.ReviewOutcome;
import io.sopflow.sop.review.SopReviewApi.TaskDetails;
import io.sopflow.sop.review.SopReviewService;
import io.sopflow.sop.review.SopReviewSlaProperties;
import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.assertj.core.api.Assertions;
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

/** Every path and timer of the periodic SOP review model, real listener and escalation over mocked services. */
@Deployment(resources = {"processes/SopReviewProcess.bpmn", "forms/Form_ReviewSop.form"})
@ExtendWith(PathCoverage.class)
class SopReviewProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String KEY = "RVW-ChangeApprovalProcess-2027-12-07";
  /** Monday 7 December 2026, 09:00 UTC. */
  private static final Instant MONDAY_0900 = Instant.parse("2026-12-07T09:00:00Z");

  private final SopReviewService service = mock(SopReviewService.class);
  private final SlaEscalations escalations = mock(SlaEscalations.class);
  private final ProcessTestSupport.ActingAs actingAs = new ProcessTestSupport.ActingAs();
  private final ProcessTestSupport.RecordingNotifications notifications =
      new ProcessTestSupport.RecordingNotifications();
  private final SopReviewSlaProperties sla = new SopReviewSlaProperties(null);

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(MONDAY_0900));
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("reviewSopListener", new ReviewSopListener(service, ProcessTestSupport.taskForms(actingAs)));
    Mocks.register("escalateSlaBreachDelegate", new EscalateSlaBreachDelegate(escalations, new SopProcesses()));
    Mocks.register("slaDates", ProcessTestSupport.slaDates(sla));
    when(service.taskDetails(KEY)).thenReturn(new TaskDetails("Change approval", "ChangeApprovalProcess", 3,
        "2027-12-07", "2026-12-07", "P1Y"));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void theOwnerGroupReviewsTheSopAndTheOutcomeIsRecorded() {
    ProcessInstance pi = start();

    Task review = task(pi);
    assertThat(review).hasName("Review SOP").hasCandidateGroup("change-managers");
    Date due = ProcessTestSupport.slaDates(sla).escalation(SopReviewSlaProperties.REVIEW);
    Date reminder = ProcessTestSupport.slaDates(sla).reminder(SopReviewSlaProperties.REVIEW);
    Assertions.assertThat(review.getDueDate()).isEqualTo(due).isAfter(Date.from(MONDAY_0900));
    Assertions.assertThat(review.getFollowUpDate()).isEqualTo(reminder).isBefore(due);
    Assertions.assertThat(taskService().getVariablesLocal(review.getId()))
        .containsEntry(SOP_NAME, "Change approval").containsEntry(VERSION, 3).containsEntry(DUE_AT, "2027-12-07")
        .containsEntry(LAST_REVIEWED, "2026-12-07").containsEntry(REVIEW_INTERVAL, "P1Y");

    actingAs.user = "chgman";
    taskService().complete(review.getId(), Map.of(OUTCOME, "REVISION_PLANNED", COMMENT, "CAB quorum changes"));

    verify(service).recordReview(KEY, ReviewOutcome.REVISION_PLANNED, "CAB quorum changes", "chgman");
    assertThat(pi).isEnded().hasPassed(END_SOP_REVIEWED);
    Assertions.assertThat(notifications.sent).isEmpty();
  }

  @Test
  void anUnrecordedReviewRemindsTheOwnerGroupAndStaysOpen() {
    ProcessInstance pi = start();

    Job reminder = job(BOUNDARY_REVIEW_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(task(pi).getFollowUpDate());
    execute(reminder);

    assertThat(pi).hasPassed(TASK_REMIND_OWNER_GROUP, END_REMINDER_SENT).isWaitingAt(TASK_REVIEW_SOP);
    Assertions.assertThat(notifications.sent).containsExactly("sop-review-reminder -> change-managers");
  }

  @Test
  void anOverdueReviewIsEscalatedToTheManagersAndStaysWithTheOwnerGroup() {
    ProcessInstance pi = start();

    Job overdue = job(BOUNDARY_REVIEW_OVERDUE, pi);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(task(pi).getDueDate());
    execute(overdue);

    assertThat(pi).hasPassed(TASK_ESCALATE_REVIEW, TASK_NOTIFY_MANAGERS, END_REVIEW_ESCALATED)
        .isWaitingAt(TASK_REVIEW_SOP);
    verify(escalations).escalate(eq("sop"), eq(KEY), eq("review"), isNull(), eq(1), isNull());
    Assertions.assertThat(notifications.sent).containsExactly("sop-review-overdue -> managers,change-managers");
    assertThat(task(pi)).hasCandidateGroup("change-managers");
  }

  @Test
  void aReviewIsRecordedOnlyFromAPersonWithAKnownOutcome() {
    ProcessInstance pi = start();
    Task review = task(pi);

    assertThatThrownBy(() -> taskService().complete(review.getId(), Map.of(OUTCOME, "NO_CHANGE_NEEDED")))
        .hasRootCauseInstanceOf(ForbiddenException.class);
    actingAs.user = "chgman";
    assertThatThrownBy(() -> taskService().complete(review.getId(), Map.of(OUTCOME, "LOOKS_FINE")))
        .hasRootCauseInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> taskService().complete(review.getId(), Map.of(COMMENT, "no outcome")))
        .hasRootCauseInstanceOf(InvalidRequestException.class);

    assertThat(pi).isWaitingAt(TASK_REVIEW_SOP);
    verify(service, never()).recordReview(anyString(), any(), any(), anyString());
    Assertions.assertThat(notifications.sent).isEmpty();
  }

  @Test
  void noChangeNeededMayBeRecordedWithoutAComment() {
    ProcessInstance pi = start();
    actingAs.user = "chgman";

    taskService().complete(task(pi).getId(), Map.of(OUTCOME, "NO_CHANGE_NEEDED"));

    verify(service).recordReview(KEY, ReviewOutcome.NO_CHANGE_NEEDED, null, "chgman");
    assertThat(pi).isEnded();
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private ProcessInstance start() {
    return runtimeService().startProcessInstanceByKey(PROCESS_KEY, KEY,
        Map.of(REVIEW_KEY, KEY, SOP_KEY, "ChangeApprovalProcess", OWNER_GROUP, "change-managers"));
  }

  private static Job job(String activityId, ProcessInstance pi) {
    return managementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId).singleResult();
  }

  private static Task task(ProcessInstance pi) {
    return taskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
  }
}
