package io.sopflow.backup.process;

import static io.sopflow.backup.process.BackupVerificationProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.backup.BackupApi.TaskDetails;
import io.sopflow.backup.BackupSlaProperties;
import io.sopflow.backup.BackupVerificationService;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.platform.SopProcesses;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.sla.SlaEscalations;
import io.sopflow.sla.process.EscalateSlaBreachDelegate;
import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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

/**
 * Every path and timer of the backup verification model, real delegates and listeners (the SLA escalation's too) over
 * mocked services.
 */
@Deployment(resources = {"processes/BackupVerificationProcess.bpmn", "forms/Form_InvestigateFailedRestore.form"})
@ExtendWith(PathCoverage.class)
class BackupVerificationProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String KEY = "BKP-000007";
  private static final String SET = "finance-share";
  private static final String OWNERS = "support-l3";
  private static final String INCIDENT = "INC-000042";
  /** Monday 7 December 2026, 09:00 in Berlin: the investigation's SLA counts working hours (08:00-17:00) from here. */
  private static final Instant MONDAY_0900 = Instant.parse("2026-12-07T08:00:00Z");
  /** One working day later: the reminder (the task's follow-up date). */
  private static final Date TUESDAY_0900 = Date.from(Instant.parse("2026-12-08T08:00:00Z"));
  /** Three working days later: the escalation (the task's due date). */
  private static final Date THURSDAY_0900 = Date.from(Instant.parse("2026-12-10T08:00:00Z"));

  private final BackupVerificationService service = mock(BackupVerificationService.class);
  private final SlaEscalations escalations = mock(SlaEscalations.class);
  private final ActingAs actingAs = new ActingAs();
  private final RecordingNotifications notifications = new RecordingNotifications();

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(MONDAY_0900));
    TaskForms taskForms = ProcessTestSupport.taskForms(actingAs);
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("restoreAndVerifyBackupDelegate", new RestoreAndVerifyBackupDelegate(service));
    Mocks.register("checkRecoveryObjectivesDelegate", new CheckRecoveryObjectivesDelegate(service));
    Mocks.register("openBackupIncidentDelegate", new OpenBackupIncidentDelegate(service));
    Mocks.register("backupTaskDetailsListener", new BackupTaskDetailsListener(service, taskForms));
    Mocks.register("investigateFailedRestoreListener", new InvestigateFailedRestoreListener(service, taskForms));
    Mocks.register("slaDates", ProcessTestSupport.slaDates(BackupSlaProperties.defaults()));
    Mocks.register("escalateSlaBreachDelegate", new EscalateSlaBreachDelegate(escalations, new SopProcesses()));
    when(service.openIncident(KEY)).thenReturn(INCIDENT);
    when(service.taskDetails(KEY)).thenReturn(new TaskDetails(KEY, SET, "1 file(s) do not match the manifest",
        INCIDENT, "CHANGED ledger.csv (SHA-256 ...)", "restored"));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void aPassedRestoreTestMailsItsSummaryToTheOwnerGroup() {
    when(service.judge(KEY)).thenReturn(true);
    ProcessInstance pi = start();

    assertThat(pi).isWaitingAt(TASK_RESTORE_AND_VERIFY);
    execute(job(TASK_RESTORE_AND_VERIFY, pi));
    verify(service).restoreAndVerify(KEY);
    assertThat(pi).isWaitingAt(TASK_CHECK_RECOVERY_OBJECTIVES);
    execute(job(TASK_CHECK_RECOVERY_OBJECTIVES, pi));

    assertThat(pi).isEnded().hasPassed(TASK_MAIL_VERIFICATION_SUMMARY, END_BACKUP_VERIFIED)
        .hasNotPassed(TASK_OPEN_INCIDENT);
    Assertions.assertThat(notifications.sent).containsExactly("backup-verification-passed -> " + OWNERS);
    verify(service, never()).openIncident(anyString());
  }

  @Test
  void aFailedRestoreTestOpensAnIncidentAndAsksTheOwnerGroupToInvestigate() {
    ProcessInstance pi = failed();

    assertThat(pi).isWaitingAt(TASK_INVESTIGATE_FAILED_RESTORE).variables()
        .containsEntry(INCIDENT_NUMBER, INCIDENT).containsEntry(BACKUP_VERIFIED, false);
    Task task = task(pi);
    assertThat(task).hasCandidateGroup(OWNERS).hasName("Investigate failed restore test");
    Assertions.assertThat(task.getDueDate()).isEqualTo(THURSDAY_0900);
    Assertions.assertThat(task.getFollowUpDate()).isEqualTo(TUESDAY_0900);
    Assertions.assertThat(taskService().getVariablesLocal(task.getId())).containsEntry(FAILURE_REASON,
        "1 file(s) do not match the manifest").containsEntry(MISMATCHES, "CHANGED ledger.csv (SHA-256 ...)");
    Assertions.assertThat(notifications.sent).containsExactly("backup-verification-failed -> " + OWNERS);

    actingAs.user = "l3";
    taskService().complete(task.getId(), Map.of(FINDINGS, "Backup job skipped open files; fixed and re-run"));

    verify(service).recordInvestigation(KEY, "l3", "Backup job skipped open files; fixed and re-run");
    assertThat(pi).isEnded().hasPassed(END_FAILED_RESTORE_INVESTIGATED).hasNotPassed(TASK_MAIL_VERIFICATION_SUMMARY);
  }

  @Test
  void anUninvestigatedFailureRemindsTheOwnerGroupAfterOneWorkingDay() {
    ProcessInstance pi = failed();

    Job reminder = job(BOUNDARY_INVESTIGATION_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(TUESDAY_0900);
    execute(reminder);

    assertThat(pi).hasPassed(END_REMINDER_SENT).isWaitingAt(TASK_INVESTIGATE_FAILED_RESTORE)
        .hasNotPassed(TASK_ESCALATE_INVESTIGATION);
    Assertions.assertThat(notifications.sent).endsWith("backup-investigation-reminder -> " + OWNERS);
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());
  }

  @Test
  void anOverdueInvestigationIsEscalatedAsAnSlaBreachManagersAreToldAndItStaysWithTheOwnerGroup() {
    ProcessInstance pi = failed();
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());

    Job overdue = job(BOUNDARY_INVESTIGATION_OVERDUE, pi);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(THURSDAY_0900);
    execute(overdue);

    assertThat(pi).hasPassed(TASK_ESCALATE_INVESTIGATION, TASK_TELL_MANAGERS_INVESTIGATION_OVERDUE,
        END_INVESTIGATION_ESCALATED).isWaitingAt(TASK_INVESTIGATE_FAILED_RESTORE);
    // Audited as ESCALATED and counted in sopflow_sla_breaches_total{sop="backup",target="investigation"}.
    verify(escalations).escalate("backup", KEY, "investigation", null, 1, null);
    Assertions.assertThat(notifications.sent).containsExactly("backup-verification-failed -> " + OWNERS,
        "backup-investigation-overdue -> managers");
    Assertions.assertThat(taskService().getIdentityLinksForTask(task(pi).getId()))
        .extracting(IdentityLink::getGroupId).containsExactly(OWNERS);
  }

  @Test
  void anEscalationThatCannotBeRecordedIsRetriedAndNoMailGoesOut() {
    ProcessInstance pi = failed();
    doThrow(new IllegalStateException("audit trail unavailable")).when(escalations)
        .escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());

    Job overdue = job(BOUNDARY_INVESTIGATION_OVERDUE, pi);
    assertThatThrownBy(() -> managementService().executeJob(overdue.getId()))
        .isInstanceOf(IllegalStateException.class);

    assertThat(pi).hasNotPassed(TASK_TELL_MANAGERS_INVESTIGATION_OVERDUE).isWaitingAt(TASK_INVESTIGATE_FAILED_RESTORE);
    Assertions.assertThat(job(BOUNDARY_INVESTIGATION_OVERDUE, pi).getRetries()).isEqualTo(2);
    Assertions.assertThat(notifications.sent).doesNotContain("backup-investigation-overdue -> managers");
  }

  @Test
  void anInvestigationIsRecordedOnlyFromAPersonWithFindings() {
    ProcessInstance pi = failed();
    Task task = task(pi);

    assertThatThrownBy(() -> taskService().complete(task.getId(), Map.of(FINDINGS, "done")))
        .hasRootCauseInstanceOf(ForbiddenException.class);
    actingAs.user = "l3";
    assertThatThrownBy(() -> taskService().complete(task.getId(), Map.of(FINDINGS, "  ")))
        .isInstanceOfSatisfying(RuntimeException.class, e -> Assertions.assertThat(rootOrSelf(e))
            .isInstanceOfSatisfying(InvalidRequestException.class, r -> Assertions.assertThat(r.field())
                .isEqualTo(FINDINGS)));

    assertThat(pi).isWaitingAt(TASK_INVESTIGATE_FAILED_RESTORE);
    verify(service, never()).recordInvestigation(anyString(), anyString(), anyString());
  }

  @Test
  void aTechnicalFailureOfTheRestoreIsRetriedNotJudged() {
    doThrow(new UncheckedIOException(new java.io.IOException("no space left for the scratch folder")))
        .when(service).restoreAndVerify(KEY);
    ProcessInstance pi = start();

    Job restore = job(TASK_RESTORE_AND_VERIFY, pi);
    assertThatThrownBy(() -> managementService().executeJob(restore.getId()))
        .isInstanceOf(UncheckedIOException.class);

    Job retried = job(TASK_RESTORE_AND_VERIFY, pi);
    Assertions.assertThat(retried.getRetries()).isEqualTo(2);
    Assertions.assertThat(retried.getDuedate()).isEqualTo(Date.from(MONDAY_0900.plusSeconds(300)));
    assertThat(pi).isWaitingAt(TASK_RESTORE_AND_VERIFY);
    verify(service, never()).judge(anyString());
  }

  @Test
  void aFailedIncidentOpeningIsRetriedWithoutJudgingAgain() {
    when(service.judge(KEY)).thenReturn(false);
    doThrow(new IllegalStateException("incident SOP unavailable")).when(service).openIncident(KEY);
    ProcessInstance pi = start();
    execute(job(TASK_RESTORE_AND_VERIFY, pi));
    execute(job(TASK_CHECK_RECOVERY_OBJECTIVES, pi));

    Job open = job(TASK_OPEN_INCIDENT, pi);
    assertThatThrownBy(() -> managementService().executeJob(open.getId())).isInstanceOf(IllegalStateException.class);

    assertThat(pi).isWaitingAt(TASK_OPEN_INCIDENT).variables().containsEntry(BACKUP_VERIFIED, false);
    verify(service).judge(KEY);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private ProcessInstance start() {
    return runtimeService().startProcessInstanceByKey(PROCESS_KEY, KEY, Map.of(VERIFICATION_KEY, KEY,
        BACKUP_SET, SET, OWNER_GROUP, OWNERS));
  }

  private ProcessInstance failed() {
    when(service.judge(KEY)).thenReturn(false);
    ProcessInstance pi = start();
    execute(job(TASK_RESTORE_AND_VERIFY, pi));
    execute(job(TASK_CHECK_RECOVERY_OBJECTIVES, pi));
    execute(job(TASK_OPEN_INCIDENT, pi));
    return pi;
  }

  private static Job job(String activityId, ProcessInstance pi) {
    return managementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId).singleResult();
  }

  private static Task task(ProcessInstance pi) {
    return taskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
  }

  private static Throwable rootOrSelf(Throwable e) {
    Throwable t = e;
    while (!(t instanceof InvalidRequestException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** Who completes a task: nobody until a test says so. */
  static final class ActingAs implements CurrentUser {
    String user;

    @Override
    public Optional<String> id() {
      return Optional.ofNullable(user);
    }

    @Override
    public Set<String> groups() {
      return Set.of();
    }
  }

  /** The mail step: records template and recipients, as the real delegate reads them (input parameters). */
  static final class RecordingNotifications implements JavaDelegate {
    final List<String> sent = new ArrayList<>();

    @Override
    public void execute(DelegateExecution execution) {
      sent.add(execution.getVariableLocal("template") + " -> " + execution.getVariableLocal("recipientGroups"));
    }
  }
}
