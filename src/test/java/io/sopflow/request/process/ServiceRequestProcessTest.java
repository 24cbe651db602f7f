package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.access.process.AccessApprovalRouting;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.notification.NotificationRequest;
import io.sopflow.notification.NotificationService;
import io.sopflow.platform.SopProcesses;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.request.ServiceRequestApi.AccessAsked;
import io.sopflow.request.ServiceRequestApi.FulfilmentStart;
import io.sopflow.request.ServiceRequestApi.TaskDetails;
import io.sopflow.request.ServiceRequestService;
import io.sopflow.request.ServiceRequestService.ApprovalStage;
import io.sopflow.request.ServiceRequestSlaProperties;
import io.sopflow.sla.SlaEscalations;
import io.sopflow.sla.process.EscalateSlaBreachDelegate;
import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
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
 * Every path and timer of the service request model: real listeners and delegates (the SLA escalation's too) over
 * mocked services.
 */
@Deployment(resources = {"processes/ServiceRequestProcess.bpmn", "forms/Form_RequestService.form",
    "forms/Form_ApproveServiceRequest.form", "forms/Form_FulfilServiceRequest.form",
    "forms/Form_ConfirmServiceRequest.form"})
@ExtendWith(PathCoverage.class)
class ServiceRequestProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String NUMBER = "REQ-000042";
  private static final String REQUESTER_ID = "desk";
  /** Monday 7 December 2026, 09:00 in Berlin: approvals count working hours (08:00-17:00) from here. */
  private static final Instant MONDAY_0900 = Instant.parse("2026-12-07T08:00:00Z");
  /** One working day later: an approval's reminder (its task's follow-up date). */
  private static final Date TUESDAY_0900 = Date.from(Instant.parse("2026-12-08T08:00:00Z"));
  /** Two working days later: an approval's escalation (its task's due date). */
  private static final Date WEDNESDAY_0900 = Date.from(Instant.parse("2026-12-09T08:00:00Z"));
  private static final Instant FULFILMENT_WARNING = MONDAY_0900.plus(Duration.ofHours(30));
  private static final Instant FULFILMENT_DUE = MONDAY_0900.plus(Duration.ofHours(40));
  private static final Instant AUTO_CLOSE = MONDAY_0900.plus(Duration.ofDays(4));

  private final ServiceRequestService service = mock(ServiceRequestService.class);
  private final SlaEscalations escalations = mock(SlaEscalations.class);
  /** The mail a model before 1.3.0 has no step for, recorded by "Request access" itself (RefusedAccessMail). */
  private final NotificationService notificationService = mock(NotificationService.class);
  private io.sopflow.platform.process.ProcessStarts processStarts;
  private final ActingAs actingAs = new ActingAs();
  private final RecordingNotifications notifications = new RecordingNotifications();

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(MONDAY_0900));
    TaskForms taskForms = ProcessTestSupport.taskForms(actingAs);
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("slaDates", ProcessTestSupport.slaDates(ServiceRequestSlaProperties.defaults()));
    Mocks.register("accessApprovalRouting", new AccessApprovalRouting());
    processStarts = ProcessTestSupport.processStarts(runtimeService());
    Mocks.register("requestServiceStartFormListener", new RequestServiceStartFormListener(processStarts,
        ProcessTestSupport.startForms(), service));
    Mocks.register("serviceRequestTaskDetailsListener", new ServiceRequestTaskDetailsListener(service, taskForms));
    Mocks.register("approveServiceRequestListener", new ApproveServiceRequestListener(service, taskForms));
    Mocks.register("fulfilServiceRequestListener", new FulfilServiceRequestListener(service, taskForms));
    Mocks.register("confirmFulfilmentListener", new ConfirmFulfilmentListener(service, taskForms));
    Mocks.register("startFulfilmentDelegate", new StartFulfilmentDelegate(service));
    Mocks.register("requestAccessDelegate", new RequestAccessDelegate(service,
        new RefusedAccessMail(notificationService)));
    Mocks.register("escalateFulfilmentDelegate", new EscalateFulfilmentDelegate(service));
    Mocks.register("closeServiceRequestDelegate", new CloseServiceRequestDelegate(service));
    Mocks.register("escalateSlaBreachDelegate", new EscalateSlaBreachDelegate(escalations, new SopProcesses()));
    when(service.taskDetails(NUMBER)).thenReturn(new TaskDetails(NUMBER, "Laptop", REQUESTER_ID, REQUESTER_ID,
        "new colleague", "model: developer", "Asset tagged\nHanded over", ""));
    when(service.startFulfilment(NUMBER)).thenReturn(new FulfilmentStart(FULFILMENT_DUE, FULFILMENT_WARNING, false));
    when(service.fulfil(anyString(), anyString(), any(), anyBoolean())).thenReturn(AUTO_CLOSE);
    when(service.requestAccess(NUMBER)).thenReturn(new AccessAsked("ACC-000007", null));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  // ---- approvals ---------------------------------------------------------------------------------------------------

  @Test
  void anItemWithoutApprovalIsFulfilledConfirmedAndRated() {
    ProcessInstance pi = start("NONE", "manager");

    Task fulfil = task(pi);
    assertThat(pi).isWaitingAt(TASK_FULFIL_REQUEST).hasNotPassed(TASK_APPROVE_AS_LINE_MANAGER);
    assertThat(fulfil).hasCandidateGroup("service-desk").hasName("Fulfil service request " + NUMBER);
    Assertions.assertThat(fulfil.getDueDate()).isEqualTo(Date.from(FULFILMENT_DUE));
    Assertions.assertThat(fulfil.getFollowUpDate()).isEqualTo(Date.from(FULFILMENT_WARNING));
    Assertions.assertThat(taskService().getVariablesLocal(fulfil.getId())).containsEntry(ITEM_NAME, "Laptop")
        .containsEntry(CHECKLIST, "Asset tagged\nHanded over").containsEntry(REQUEST_DETAILS, "model: developer");

    actingAs.user = "desk2";
    taskService().complete(fulfil.getId(), Map.of(CHECKLIST_COMPLETE, true, FULFILMENT_NOTES, "Handed over at desk"));
    verify(service).fulfil(NUMBER, "desk2", "Handed over at desk", true);

    Task confirm = task(pi);
    assertThat(pi).isWaitingAt(TASK_CONFIRM_FULFILMENT);
    assertThat(confirm).isAssignedTo(REQUESTER_ID);
    Assertions.assertThat(confirm.getDueDate()).isEqualTo(Date.from(AUTO_CLOSE));
    Assertions.assertThat(notifications.sent).containsExactly("service-request-fulfilled -> [desk] []");

    actingAs.user = REQUESTER_ID;
    taskService().complete(confirm.getId(), Map.of(RATING, "5", RATING_COMMENT, "Quick, thanks"));
    verify(service).confirm(NUMBER, REQUESTER_ID, 5, "Quick, thanks");
    assertThat(pi).isEnded().hasPassed(END_CLOSED);
  }

  @Test
  void theLineManagerThenTheOwnerGroupApproveBeforeFulfilment() {
    ProcessInstance pi = start("MANAGER_AND_OWNER", "manager");

    Task manager = task(pi);
    assertThat(manager).hasCandidateUser("manager").hasName("Approve request " + NUMBER + " as line manager");
    Assertions.assertThat(manager.getDueDate()).isEqualTo(WEDNESDAY_0900);
    Assertions.assertThat(manager.getFollowUpDate()).isEqualTo(TUESDAY_0900);
    verify(service, never()).startFulfilment(anyString());
    actingAs.user = "manager";
    taskService().complete(manager.getId(), Map.of(DECISION, DECISION_APPROVE));
    verify(service).decide(NUMBER, ApprovalStage.MANAGER, "manager", "manager", null, true, null);

    Task owner = task(pi);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_OWNER);
    assertThat(owner).hasCandidateGroup("finance");
    Assertions.assertThat(owner.getDueDate()).isEqualTo(WEDNESDAY_0900);
    actingAs.user = "fin";
    taskService().complete(owner.getId(), Map.of(DECISION, DECISION_APPROVE, COMMENT, "Budget ok"));
    // The owner stage is told whom the line manager's approval was routed to (four eyes).
    verify(service).decide(NUMBER, ApprovalStage.OWNER, "manager", "fin", null, true, "Budget ok");

    assertThat(pi).isWaitingAt(TASK_FULFIL_REQUEST).hasPassed(TASK_START_FULFILMENT);
  }

  @Test
  void theLineManagersApprovalIsDecidedOnlyByTheOneItWaitsFor() {
    ProcessInstance pi = start("MANAGER", "manager");
    String taskId = task(pi).getId();
    // Given the task anyway, as by an admin: incman is not the line manager it was routed to.
    taskService().addCandidateUser(taskId, "incman");
    actingAs.user = "incman";

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of(DECISION, DECISION_APPROVE)))
        .hasRootCauseInstanceOf(ForbiddenException.class).rootCause().hasMessageContaining("waits for manager");

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service, never()).decide(anyString(), any(), any(), anyString(), any(), anyBoolean(), any());
  }

  @Test
  void aManagerOnlyItemSkipsTheOwnerGroup() {
    ProcessInstance pi = start("MANAGER", "manager");
    actingAs.user = "manager";
    taskService().complete(task(pi).getId(), Map.of(DECISION, DECISION_APPROVE));

    assertThat(pi).isWaitingAt(TASK_FULFIL_REQUEST).hasNotPassed(TASK_APPROVE_AS_OWNER);
  }

  @Test
  void withoutALineManagerTheManagersGroupApproves() {
    ProcessInstance pi = start("MANAGER", null);

    assertThat(task(pi)).hasCandidateGroup("managers");
    // The service decides by this routing (the managers group: membership checked), not by the directory now.
    actingAs.user = "manager";
    taskService().complete(task(pi).getId(), Map.of(DECISION, DECISION_APPROVE));
    verify(service).decide(NUMBER, ApprovalStage.MANAGER, null, "manager", null, true, null);
  }

  @Test
  void aRejectionByTheLineManagerEndsWithAMailToTheRequester() {
    ProcessInstance pi = start("MANAGER_AND_OWNER", "manager");
    actingAs.user = "manager";
    taskService().complete(task(pi).getId(), Map.of(DECISION, DECISION_REJECT, COMMENT, "Not in budget"));

    verify(service).decide(NUMBER, ApprovalStage.MANAGER, "manager", "manager", null, false, "Not in budget");
    assertThat(pi).isEnded().hasPassed(TASK_MAIL_REJECTED, END_REJECTED).hasNotPassed(TASK_APPROVE_AS_OWNER,
        TASK_START_FULFILMENT);
    Assertions.assertThat(notifications.sent).containsExactly("service-request-rejected -> [desk] []");
  }

  @Test
  void aRejectionByTheOwnerGroupEndsWithAMailToTheRequester() {
    ProcessInstance pi = start("MANAGER_AND_OWNER", "manager");
    actingAs.user = "manager";
    taskService().complete(task(pi).getId(), Map.of(DECISION, DECISION_APPROVE));
    actingAs.user = "fin";
    taskService().complete(task(pi).getId(), Map.of(DECISION, DECISION_REJECT, COMMENT, "Use the free edition"));

    assertThat(pi).isEnded().hasPassed(END_REJECTED).hasNotPassed(TASK_START_FULFILMENT);
    Assertions.assertThat(notifications.sent).containsExactly("service-request-rejected -> [desk] []");
  }

  @Test
  void aDecisionNeedsAPersonAValidChoiceAndAReasonToReject() {
    ProcessInstance pi = start("MANAGER", "manager");
    Task manager = task(pi);

    assertThatThrownBy(() -> taskService().complete(manager.getId(), Map.of(DECISION, DECISION_APPROVE)))
        .hasRootCauseInstanceOf(ForbiddenException.class);
    actingAs.user = "manager";
    assertField(() -> taskService().complete(manager.getId(), Map.of(DECISION, "MAYBE")), DECISION);
    assertField(() -> taskService().complete(manager.getId(), Map.of(DECISION, DECISION_REJECT)), COMMENT);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service, never()).decide(anyString(), any(), any(), anyString(), any(), anyBoolean(), any());
  }

  @Test
  void anOpenLineManagerApprovalIsRemindedThenEscalatedAsAnSlaBreachAndManagersAreTold() {
    ProcessInstance pi = start("MANAGER", "manager");

    Job reminder = job(BOUNDARY_MANAGER_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(TUESDAY_0900);
    execute(reminder);
    assertThat(pi).hasNotPassed(TASK_ESCALATE_MANAGER_APPROVAL);
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());
    Job overdue = job(BOUNDARY_MANAGER_OVERDUE, pi);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(WEDNESDAY_0900);
    execute(overdue);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER).hasPassed("EndEvent_LineManagerReminded",
        TASK_ESCALATE_MANAGER_APPROVAL, TASK_TELL_MANAGERS_MANAGER_APPROVAL_OVERDUE, END_MANAGER_APPROVAL_ESCALATED);
    // Audited as ESCALATED and counted in sopflow_sla_breaches_total{sop="request",target="manager-approval"}.
    verify(escalations).escalate("request", NUMBER, "manager-approval", null, 1, null);
    Assertions.assertThat(notifications.sent).containsExactly(
        "service-request-approval-reminder -> [manager] []", "service-request-approval-overdue -> [] [managers]");
    // Managers are told; the approval stays with the line manager.
    Task approval = task(pi);
    Assertions.assertThat(taskService().getIdentityLinksForTask(approval.getId()))
        .extracting(IdentityLink::getUserId).containsExactly("manager");
    Assertions.assertThat(taskService().getIdentityLinksForTask(approval.getId()))
        .extracting(IdentityLink::getGroupId).containsOnlyNulls();
  }

  @Test
  void anOpenOwnerApprovalIsRemindedThenEscalatedAsAnSlaBreachAndManagersAreTold() {
    ProcessInstance pi = start("MANAGER_AND_OWNER", "manager");
    actingAs.user = "manager";
    taskService().complete(task(pi).getId(), Map.of(DECISION, DECISION_APPROVE));

    Job reminder = job(BOUNDARY_OWNER_REMINDER, pi);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(TUESDAY_0900);
    execute(reminder);
    verify(escalations, never()).escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());
    Job overdue = job(BOUNDARY_OWNER_OVERDUE, pi);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(WEDNESDAY_0900);
    execute(overdue);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_OWNER).hasPassed("EndEvent_OwnerGroupReminded",
        TASK_ESCALATE_OWNER_APPROVAL, TASK_TELL_MANAGERS_OWNER_APPROVAL_OVERDUE, END_OWNER_APPROVAL_ESCALATED)
        .hasNotPassed(TASK_ESCALATE_MANAGER_APPROVAL);
    verify(escalations).escalate("request", NUMBER, "owner-approval", null, 1, null);
    verify(escalations, never()).escalate(anyString(), anyString(), eq("manager-approval"), any(), anyInt(), any());
    Assertions.assertThat(notifications.sent).containsExactly(
        "service-request-approval-reminder -> [] [finance]", "service-request-approval-overdue -> [] [managers]");
    Assertions.assertThat(taskService().getIdentityLinksForTask(task(pi).getId()))
        .extracting(IdentityLink::getGroupId).containsExactly("finance");
  }

  @Test
  void anApprovalEscalationThatCannotBeRecordedIsRetriedAndNoMailGoesOut() {
    ProcessInstance pi = start("MANAGER", "manager");
    doThrow(new IllegalStateException("audit trail unavailable")).when(escalations)
        .escalate(anyString(), anyString(), anyString(), any(), anyInt(), any());

    Job overdue = job(BOUNDARY_MANAGER_OVERDUE, pi);
    assertThatThrownBy(() -> managementService().executeJob(overdue.getId()))
        .isInstanceOf(IllegalStateException.class);

    Assertions.assertThat(job(BOUNDARY_MANAGER_OVERDUE, pi).getRetries()).isEqualTo(2);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER)
        .hasNotPassed(TASK_TELL_MANAGERS_MANAGER_APPROVAL_OVERDUE);
    Assertions.assertThat(notifications.sent).isEmpty();
  }

  // ---- fulfilment --------------------------------------------------------------------------------------------------

  @Test
  void theFulfilmentGroupIsWarnedAt75PercentAndTheBreachIsRecordedAndEscalated() {
    ProcessInstance pi = start("NONE", "manager");

    Job warning = job(BOUNDARY_FULFILMENT_WARNING, pi);
    Assertions.assertThat(warning.getDuedate()).isEqualTo(Date.from(FULFILMENT_WARNING));
    execute(warning);
    Job breach = job(BOUNDARY_FULFILMENT_BREACHED, pi);
    Assertions.assertThat(breach.getDuedate()).isEqualTo(Date.from(FULFILMENT_DUE));
    execute(breach);

    verify(service).recordBreach(NUMBER);
    assertThat(pi).isWaitingAt(TASK_FULFIL_REQUEST).hasPassed("EndEvent_FulfilmentWarningSent",
        TASK_ESCALATE_FULFILMENT, "EndEvent_FulfilmentBreachEscalated");
    Assertions.assertThat(notifications.sent).containsExactly(
        "service-request-fulfilment-warning -> [] [service-desk]",
        "service-request-fulfilment-breached -> [] [finance, managers]");
  }

  @Test
  void theFulfilmentClockEndsWithTheGroupsTask() {
    ProcessInstance pi = start("NONE", "manager");
    Assertions.assertThat(job(BOUNDARY_FULFILMENT_WARNING, pi)).isNotNull();
    Assertions.assertThat(job(BOUNDARY_FULFILMENT_BREACHED, pi)).isNotNull();

    actingAs.user = "desk2";
    taskService().complete(task(pi).getId(), Map.of(CHECKLIST_COMPLETE, true));

    assertThat(pi).isWaitingAt(TASK_CONFIRM_FULFILMENT);
    Assertions.assertThat(job(BOUNDARY_FULFILMENT_WARNING, pi)).isNull();
    Assertions.assertThat(job(BOUNDARY_FULFILMENT_BREACHED, pi)).isNull();
  }

  @Test
  void aFulfilmentIsRecordedOnlyFromAPerson() {
    ProcessInstance pi = start("NONE", "manager");

    assertThatThrownBy(() -> taskService().complete(task(pi).getId(), Map.of(CHECKLIST_COMPLETE, true)))
        .hasRootCauseInstanceOf(ForbiddenException.class);
    assertThat(pi).isWaitingAt(TASK_FULFIL_REQUEST);
    verify(service, never()).fulfil(anyString(), anyString(), any(), anyBoolean());
  }

  /**
   * The access SOP approves and grants on its own SLA timers: while it decides, no fulfilment clock runs (no group has
   * a task to be warned about or to breach), however long the approvals take.
   */
  @Test
  void anItemThatGrantsAccessRunsNoFulfilmentClockWhileTheAccessSopDecides() {
    ProcessInstance pi = startGrantingAccess("MANAGER", "manager");
    actingAs.user = "manager";
    taskService().complete(task(pi).getId(), Map.of(DECISION, DECISION_APPROVE));
    execute(job(TASK_REQUEST_ACCESS, pi));

    assertThat(pi).isWaitingAt(TASK_AWAIT_ACCESS_DECISION).hasNotPassed(TASK_START_FULFILMENT);
    verify(service, never()).startFulfilment(anyString());
    Assertions.assertThat(job(BOUNDARY_FULFILMENT_WARNING, pi)).isNull();
    Assertions.assertThat(job(BOUNDARY_FULFILMENT_BREACHED, pi)).isNull();
    ClockUtil.setCurrentTime(Date.from(MONDAY_0900.plus(Duration.ofDays(30))));
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId()).executable().count())
        .as("nothing falls due while the access SOP decides").isZero();
    verify(service, never()).recordBreach(anyString());
    Assertions.assertThat(notifications.sent).isEmpty();
  }

  @Test
  void anItemThatGrantsAccessWaitsForTheAccessSopAndIsFulfilledWhenItGrants() {
    ProcessInstance pi = startGrantingAccess("NONE", "manager");

    assertThat(pi).isWaitingAt(TASK_REQUEST_ACCESS);
    execute(job(TASK_REQUEST_ACCESS, pi));
    verify(service).requestAccess(NUMBER);
    assertThat(pi).isWaitingAt(TASK_AWAIT_ACCESS_DECISION).variables().containsEntry(ACCESS_REQUEST_KEY,
        "ACC-000007");

    runtimeService().createMessageCorrelation(MESSAGE_ACCESS_DECIDED).processInstanceBusinessKey(NUMBER)
        .setVariable(FULFILLED, true).setVariable(AUTO_CLOSE_AT, Date.from(AUTO_CLOSE)).correlateWithResult();

    assertThat(pi).isWaitingAt(TASK_CONFIRM_FULFILMENT).hasNotPassed(TASK_START_FULFILMENT, TASK_FULFIL_REQUEST);
    Assertions.assertThat(task(pi).getDueDate()).isEqualTo(Date.from(AUTO_CLOSE));
    Assertions.assertThat(notifications.sent).containsExactly("service-request-fulfilled -> [desk] []");
  }

  @Test
  void refusedAccessEndsTheRequestWithAMailToTheRequester() {
    ProcessInstance pi = startGrantingAccess("NONE", "manager");
    execute(job(TASK_REQUEST_ACCESS, pi));

    runtimeService().createMessageCorrelation(MESSAGE_ACCESS_DECIDED).processInstanceBusinessKey(NUMBER)
        .setVariable(FULFILLED, false).setVariable(AUTO_CLOSE_AT, null).correlateWithResult();

    assertThat(pi).isEnded().hasPassed(TASK_MAIL_ACCESS_REFUSED, END_ACCESS_REFUSED)
        .hasNotPassed(TASK_CONFIRM_FULFILMENT);
    Assertions.assertThat(notifications.sent).containsExactly("service-request-rejected -> [desk] []");
  }

  /**
   * The access SOP refused to take the request (the person was locked, or holds or asked for the right by now, since the
   * request passed its checks): the service ended it rejected, and the requester is told, as when the access SOP does
   * not grant it. Nothing is retried and nothing waits for an access decision that will never come.
   */
  @Test
  void anAccessRequestTheAccessSopRefusesEndsTheRequestWithAMailToTheRequester() {
    when(service.requestAccess(NUMBER)).thenReturn(new AccessAsked(null, "beneficiary: is locked"));
    ProcessInstance pi = startGrantingAccess("NONE", "manager");

    execute(job(TASK_REQUEST_ACCESS, pi));

    assertThat(pi).isEnded().hasPassed(BOUNDARY_ACCESS_NOT_REQUESTED, TASK_MAIL_ACCESS_REFUSED, END_ACCESS_REFUSED)
        .hasNotPassed(TASK_AWAIT_ACCESS_DECISION, TASK_CONFIRM_FULFILMENT);
    Assertions.assertThat(notifications.sent).containsExactly("service-request-rejected -> [desk] []");
    verify(notificationService, never()).send(any());
    Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  /**
   * Instances of 1.2.0 (and new ones, until 1.3.0 is approved) have no error boundary event on "Request access": a
   * refusal ends the instance there (the service rejected the record) instead of retrying three times and waiting as
   * an incident, and since that model has no mail on this path, "Request access" records the requester's rejection
   * mail itself, once. The model's own copy of that version: models/ under test resources.
   */
  @Test
  void anInstanceOfVersion120EndsWhenTheAccessSopRefusesAndTheRequesterIsMailedOnce() {
    String deployment = deploy("models/ServiceRequestProcess-1.2.0.bpmn", "1.2.0");
    try {
      when(service.requestAccess(NUMBER)).thenReturn(new AccessAsked(null, "beneficiary: is locked"));
      ProcessInstance pi = startGrantingAccess("NONE", "manager"); // the latest version of the key now
      assertDefinitionOf(pi, deployment);

      execute(job(TASK_REQUEST_ACCESS, pi));

      verify(service).requestAccess(NUMBER);
      assertThat(pi).isEnded().hasNotPassed(TASK_AWAIT_ACCESS_DECISION, TASK_MAIL_ACCESS_REFUSED);
      Assertions.assertThat(notifications.sent).isEmpty();
      var mail = org.mockito.ArgumentCaptor.forClass(NotificationRequest.class);
      verify(notificationService).send(mail.capture());
      Assertions.assertThat(mail.getValue()).satisfies(m -> {
        Assertions.assertThat(m.template()).isEqualTo("service-request-rejected");
        Assertions.assertThat(m.recipientUsers()).containsExactly(REQUESTER_ID);
        Assertions.assertThat(m.recipientGroups()).isEmpty();
        Assertions.assertThat(m.reference()).isEqualTo(NUMBER);
        Assertions.assertThat(m.dedupeKey()).startsWith("activity:" + TASK_REQUEST_ACCESS);
      });
      assertNothingLeft(pi);
    } finally {
      engine.getRepositoryService().deleteDeployment(deployment, true);
    }
  }

  /**
   * Instances of 1.1.0 ask the access SOP inside the fulfilment subprocess: the uncaught refusal ends the subprocess,
   * which goes on to "Fulfilled?"; "Request access" said not fulfilled, so it takes "No" to that model's own
   * rejection mail (without the variable the gateway failed, rolling the rejection back: retries, then an incident).
   */
  @Test
  void anInstanceOfVersion110EndsWhenTheAccessSopRefusesThroughItsOwnRejectionMail() {
    String deployment = deploy("models/ServiceRequestProcess-1.1.0.bpmn", "1.1.0");
    try {
      when(service.requestAccess(NUMBER)).thenReturn(new AccessAsked(null, "beneficiary: is locked"));
      // 1.1.0 starts the fulfilment clock for every item and learns from it who fulfils.
      when(service.startFulfilment(NUMBER)).thenReturn(new FulfilmentStart(FULFILMENT_DUE, FULFILMENT_WARNING, true));
      ProcessInstance pi = startGrantingAccess("NONE", "manager");
      assertDefinitionOf(pi, deployment);

      execute(job(TASK_REQUEST_ACCESS, pi));

      verify(service).requestAccess(NUMBER);
      assertThat(pi).isEnded().hasPassed(GATEWAY_FULFILLED_BEFORE_1_2, TASK_MAIL_ACCESS_REFUSED, END_ACCESS_REFUSED)
          .hasNotPassed(TASK_AWAIT_ACCESS_DECISION, TASK_CONFIRM_FULFILMENT);
      Assertions.assertThat(notifications.sent).containsExactly("service-request-rejected -> [desk] []");
      verify(notificationService, never()).send(any());
      assertNothingLeft(pi);
    } finally {
      engine.getRepositoryService().deleteDeployment(deployment, true);
    }
  }

  /** A copy of an older model, with today's forms, as the latest version of the key. */
  private String deploy(String model, String versionTag) {
    String deployment = engine.getRepositoryService().createDeployment().addClasspathResource(model)
        .addClasspathResource("forms/Form_RequestService.form")
        .addClasspathResource("forms/Form_ApproveServiceRequest.form")
        .addClasspathResource("forms/Form_FulfilServiceRequest.form")
        .addClasspathResource("forms/Form_ConfirmServiceRequest.form").deploy().getId();
    Assertions.assertThat(engine.getRepositoryService().createProcessDefinitionQuery().deploymentId(deployment)
        .singleResult().getVersionTag()).isEqualTo(versionTag);
    return deployment;
  }

  private static void assertDefinitionOf(ProcessInstance pi, String deployment) {
    Assertions.assertThat(pi.getProcessDefinitionId()).isEqualTo(engine.getRepositoryService()
        .createProcessDefinitionQuery().deploymentId(deployment).singleResult().getId());
  }

  private static void assertNothingLeft(ProcessInstance pi) {
    Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void aFailingAccessRequestIsRetriedNotSkipped() {
    doThrow(new IllegalStateException("access SOP unavailable")).when(service).requestAccess(NUMBER);
    ProcessInstance pi = startGrantingAccess("NONE", "manager");

    Job request = job(TASK_REQUEST_ACCESS, pi);
    assertThatThrownBy(() -> managementService().executeJob(request.getId())).isInstanceOf(IllegalStateException.class);

    Assertions.assertThat(job(TASK_REQUEST_ACCESS, pi).getRetries()).isEqualTo(2);
    assertThat(pi).isWaitingAt(TASK_REQUEST_ACCESS).hasNotPassed(BOUNDARY_ACCESS_NOT_REQUESTED,
        TASK_MAIL_ACCESS_REFUSED);
    Assertions.assertThat(notifications.sent).isEmpty();
  }

  // ---- closure -----------------------------------------------------------------------------------------------------

  @Test
  void anUnconfirmedFulfilmentClosesByItselfWithoutARating() {
    ProcessInstance pi = fulfilled();

    Job autoClose = job(BOUNDARY_AUTO_CLOSE, pi);
    Assertions.assertThat(autoClose.getDuedate()).isEqualTo(Date.from(AUTO_CLOSE));
    execute(autoClose);

    verify(service).closeAutomatically(NUMBER);
    verify(service, never()).confirm(anyString(), anyString(), org.mockito.ArgumentMatchers.anyInt(), any());
    assertThat(pi).isEnded().hasPassed(TASK_CLOSE_AUTOMATICALLY, END_CLOSED_AUTOMATICALLY).hasNotPassed(END_CLOSED);
  }

  @Test
  void aRatingIsOneToFive() {
    ProcessInstance pi = fulfilled();
    actingAs.user = REQUESTER_ID;
    Task confirm = task(pi);

    assertField(() -> taskService().complete(confirm.getId(), Map.of(RATING, "6")), RATING);
    assertField(() -> taskService().complete(confirm.getId(), Map.of()), RATING);
    taskService().complete(confirm.getId(), Map.of(RATING, 2L));

    verify(service).confirm(NUMBER, REQUESTER_ID, 2, null);
    assertThat(pi).isEnded().hasPassed(END_CLOSED);
  }

  // ---- start -------------------------------------------------------------------------------------------------------

  @Test
  void anInstanceStartedWithABusinessKeyOfItsOwnIsRefused() {
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(PROCESS_KEY, "REQ-999999",
        variables("NONE", "manager"))).isInstanceOfSatisfying(InvalidRequestException.class,
            e -> Assertions.assertThat(e.field()).isEqualTo("businessKey"));
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private ProcessInstance start(String approval, String managerApprover) {
    return ProcessTestSupport.startForRecord(processStarts, runtimeService(), PROCESS_KEY, NUMBER,
        variables(approval, managerApprover));
  }

  /** A request for an item that grants access (the access SOP fulfils it). */
  private ProcessInstance startGrantingAccess(String approval, String managerApprover) {
    Map<String, Object> variables = variables(approval, managerApprover);
    variables.put(GRANTS_ACCESS, true);
    return ProcessTestSupport.startForRecord(processStarts, runtimeService(), PROCESS_KEY, NUMBER, variables);
  }

  private static Map<String, Object> variables(String approval, String managerApprover) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(REQUEST_NUMBER, NUMBER);
    variables.put(REQUESTER, REQUESTER_ID);
    variables.put(REQUESTED_FOR, REQUESTER_ID);
    variables.put(APPROVAL, approval);
    variables.put(MANAGER_APPROVER, managerApprover);
    variables.put(OWNER_GROUP, "finance");
    variables.put(FULFILMENT_GROUP, "service-desk");
    variables.put(GRANTS_ACCESS, false);
    return variables;
  }

  private ProcessInstance fulfilled() {
    ProcessInstance pi = start("NONE", "manager");
    actingAs.user = "desk2";
    taskService().complete(task(pi).getId(), Map.of(CHECKLIST_COMPLETE, true));
    actingAs.user = null;
    assertThat(pi).isWaitingAt(TASK_CONFIRM_FULFILMENT);
    return pi;
  }

  private static void assertField(Runnable completion, String field) {
    assertThatThrownBy(completion::run).satisfies(e -> {
      Throwable t = e;
      while (!(t instanceof InvalidRequestException) && t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      Assertions.assertThat(t).isInstanceOfSatisfying(InvalidRequestException.class,
          r -> Assertions.assertThat(r.field()).isEqualTo(field));
    });
  }

  private static Job job(String activityId, ProcessInstance pi) {
    return managementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId).singleResult();
  }

  private static Task task(ProcessInstance pi) {
    return taskService().createTaskQuery().processInstanceId(pi.getId()).singleResult();
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

  /** The notification task as the model configures it: template, users and groups, recorded in order. */
  static final class RecordingNotifications implements JavaDelegate {
    final List<String> sent = new ArrayList<>();

    @Override
    public void execute(DelegateExecution execution) {
      sent.add(execution.getVariableLocal("template") + " -> " + ids(execution.getVariableLocal("recipientUsers"))
          + " " + ids(execution.getVariableLocal("recipientGroups")));
    }

    private static List<String> ids(Object value) {
      if (value == null) {
        return List.of();
      }
      if (value instanceof java.util.Collection<?> c) {
        return c.stream().map(Object::toString).toList();
      }
      return java.util.Arrays.stream(value.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .toList();
    }
  }
}
