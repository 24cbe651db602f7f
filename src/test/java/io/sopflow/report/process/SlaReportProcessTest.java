package io.sopflow.report.process;

import static io.sopflow.report.process.SlaReportProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.report.ReportSlaProperties;
import io.sopflow.report.SlaReportApi.ReviewDetails;
import io.sopflow.report.SlaReportService;
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

/** Every path and timer of the monthly SLA report model, real delegate and listener over a mocked service. */
@Deployment(resources = {"processes/SlaReportProcess.bpmn", "forms/Form_ReviewSlaReport.form"})
@ExtendWith(PathCoverage.class)
class SlaReportProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String KEY = "SLA-2026-11";
  /** Tuesday 1 December 2026, 06:00 UTC (07:00 in Berlin): the schedule's default time. */
  private static final Instant TUESDAY_0600 = Instant.parse("2026-12-01T06:00:00Z");
  /** The review's reminder, one working day (Berlin business hours, counted from 08:00): Tuesday 17:00. */
  private static final Date REMINDER = Date.from(Instant.parse("2026-12-01T16:00:00Z"));
  /** The review's due date, two working days: Wednesday 17:00 in Berlin. */
  private static final Date DUE = Date.from(Instant.parse("2026-12-02T16:00:00Z"));

  private final SlaReportService service = mock(SlaReportService.class);
  private final ProcessTestSupport.ActingAs actingAs = new ProcessTestSupport.ActingAs();
  private final ProcessTestSupport.RecordingNotifications notifications =
      new ProcessTestSupport.RecordingNotifications();

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(TUESDAY_0600));
    var taskForms = ProcessTestSupport.taskForms(actingAs);
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("compileSlaReportDelegate", new CompileSlaReportDelegate(service));
    Mocks.register("reviewSlaReportListener", new ReviewSlaReportListener(service, taskForms));
    Mocks.register("slaDates", ProcessTestSupport.slaDates(new ReportSlaProperties(null)));
    when(service.reviewDetails(KEY)).thenReturn(new ReviewDetails("2026-11", "12 incidents reported ..."));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void theReportIsCompiledReviewedByIncidentManagersAndMailedToManagers() {
    ProcessInstance pi = start();
    assertThat(pi).isWaitingAt(TASK_COMPILE_REPORT);
    execute(job(TASK_COMPILE_REPORT, pi));
    verify(service).compile(KEY);

    Task review = task(pi);
    assertThat(review).hasName("Review SLA report").hasCandidateGroup("incident-managers");
    Assertions.assertThat(review.getDueDate()).isEqualTo(DUE);
    Assertions.assertThat(review.getFollowUpDate()).isEqualTo(REMINDER);
    Assertions.assertThat(taskService().getVariablesLocal(review.getId()))
        .containsEntry(SUMMARY, "12 incidents reported ...");

    actingAs.user = "incman";
    taskService().complete(review.getId(), Map.of(COMMENTARY, "P3 slipped in week 47", ACTIONS, "l2 | runbook"));

    verify(service).recordReview(KEY, "incman", "P3 slipped in week 47", "l2 | runbook");
    assertThat(pi).isEnded().hasPassed(TASK_MAIL_REPORT, END_REPORT_SENT);
    Assertions.assertThat(notifications.sent).containsExactly("sla-report -> managers");
  }

  @Test
  void anUnreviewedReportRemindsTheIncidentManagersAndStaysOpen() {
    ProcessInstance pi = compiled();

    Job reminder = job(BOUNDARY_REVIEW_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(REMINDER);
    execute(reminder);

    assertThat(pi).hasPassed(TASK_REMIND_INCIDENT_MANAGERS, END_REMINDER_SENT).isWaitingAt(TASK_REVIEW_REPORT);
    Assertions.assertThat(notifications.sent).containsExactly("sla-report-review-reminder -> incident-managers");
  }

  @Test
  void aReviewIsRecordedOnlyFromAPersonWithCommentary() {
    ProcessInstance pi = compiled();
    Task review = task(pi);

    assertThatThrownBy(() -> taskService().complete(review.getId(), Map.of(COMMENTARY, "fine")))
        .hasRootCauseInstanceOf(ForbiddenException.class);
    actingAs.user = "incman";
    assertThatThrownBy(() -> taskService().complete(review.getId(), Map.of(COMMENTARY, " ")))
        .hasRootCauseInstanceOf(InvalidRequestException.class);

    assertThat(pi).isWaitingAt(TASK_REVIEW_REPORT);
    verify(service, never()).recordReview(anyString(), anyString(), anyString(), anyString());
    Assertions.assertThat(notifications.sent).isEmpty();
  }

  @Test
  void aFailedCompilationIsRetriedNotReviewed() {
    doThrow(new IllegalStateException("database away")).when(service).compile(KEY);
    ProcessInstance pi = start();

    Job compile = job(TASK_COMPILE_REPORT, pi);
    assertThatThrownBy(() -> managementService().executeJob(compile.getId()))
        .isInstanceOf(IllegalStateException.class);

    Job retried = job(TASK_COMPILE_REPORT, pi);
    Assertions.assertThat(retried.getRetries()).isEqualTo(2);
    assertThat(pi).isWaitingAt(TASK_COMPILE_REPORT);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private ProcessInstance start() {
    return runtimeService().startProcessInstanceByKey(PROCESS_KEY, KEY, Map.of(REPORT_KEY, KEY, MONTH, "2026-11"));
  }

  private ProcessInstance compiled() {
    ProcessInstance pi = start();
    execute(job(TASK_COMPILE_REPORT, pi));
    return pi;
  }

  private static Job job(String activityId, ProcessInstance pi) {
    return managementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId).singleResult();
  }

  private static Task task(ProcessInstance pi) {
    return taskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
  }
}
