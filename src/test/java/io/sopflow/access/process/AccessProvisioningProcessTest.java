package io.sopflow.access.process;

import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import static io.sopflow.access.process.AccessProvisioningProcess.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.access.AccessNotVerifiedException;
import io.sopflow.access.AccessProcessData.GrantSchedule;
import io.sopflow.access.AccessProcessData.Provisioning;
import io.sopflow.access.AccessProcessData.SodCheck;
import io.sopflow.access.AccessRequestService;
import io.sopflow.access.AccessProcessData.TaskDetails;
import io.sopflow.access.AccessSlaProperties;
import io.sopflow.access.ApprovalStage;
import io.sopflow.access.SelfApprovalException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"processes/AccessProvisioningProcess.bpmn", "forms/Form_RequestAccess.form",
    "forms/Form_ReviewSodConflict.form",
    "forms/Form_ApproveAsLineManager.form", "forms/Form_ApproveAsResourceOwner.form"})
@ExtendWith(PathCoverage.class)
class AccessProvisioningProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final long ID = 7L;
  private static final String KEY = "ACC-000007";
  private static final Instant EXPIRES = Instant.parse("2030-03-01T12:00:00Z");
  private static final Instant REMINDER = Instant.parse("2030-02-22T12:00:00Z");
  /** Monday 7 December 2026, 09:00 in Berlin: SLA dates count working hours (08:00-17:00) from here. */
  private static final Instant MONDAY_0900 = Instant.parse("2026-12-07T08:00:00Z");
  /** One working day (9 h) later: the approvals' reminder. */
  private static final Date TUESDAY_0900 = Date.from(Instant.parse("2026-12-08T08:00:00Z"));
  /** Three working days later: the approvals' escalation, the automatic rejection. */
  private static final Date THURSDAY_0900 = Date.from(Instant.parse("2026-12-10T08:00:00Z"));

  private final AccessRequestService service = mock(AccessRequestService.class);
  private final ActingAs actingAs = new ActingAs();
  private final RecordingNotifications notifications = new RecordingNotifications();
  private io.sopflow.platform.process.ProcessStarts processStarts;
  /** Who stands in for whom (a delegation in force), and the line managers, as an overdue approval asks them. */
  private final Map<String, String> substitutes = new java.util.HashMap<>();
  private final io.sopflow.identity.Directory directory = mock(io.sopflow.identity.Directory.class);

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(MONDAY_0900));
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("checkSegregationOfDutiesDelegate", new CheckSegregationOfDutiesDelegate(service));
    Mocks.register("accessDecisionListener",
        new AccessDecisionListener(service, ProcessTestSupport.taskForms(actingAs)));
    Mocks.register("rejectOverdueRequestDelegate", new RejectOverdueRequestDelegate(service));
    Mocks.register("escalateOverdueApprovalDelegate", new EscalateOverdueApprovalDelegate(service,
        new io.sopflow.identity.OverdueApprovals((person, scope) -> java.util.Optional.ofNullable(substitutes.get(person)),
            directory)));
    Mocks.register("provisionAccessDelegate", new ProvisionAccessDelegate(service));
    Mocks.register("verifyAccessDelegate", new VerifyAccessDelegate(service));
    Mocks.register("revokeAccessDelegate", new RevokeAccessDelegate(service));
    Mocks.register("removeExpiredAccessDelegate", new RemoveExpiredAccessDelegate(service));
    Mocks.register("verifyRevocationDelegate", new VerifyRevocationDelegate(service));
    Mocks.register("verifyExpiryDelegate", new VerifyExpiryDelegate(service));
    processStarts = ProcessTestSupport.processStarts(engine.getRuntimeService());
    Mocks.register("accessRequestStartFormListener",
        new AccessRequestStartFormListener(processStarts, ProcessTestSupport.startForms(), service));
    Mocks.register("accessApprovalRouting", new AccessApprovalRouting());
    Mocks.register("slaDates", ProcessTestSupport.slaDates(AccessSlaProperties.defaults()));
    when(service.taskDetails(ID)).thenReturn(new TaskDetails(KEY, "desk", "desk", "Finance group membership", "HIGH",
        "month-end close", EXPIRES.toString(), "none"));
    when(service.checkSegregationOfDuties(ID)).thenReturn(new SodCheck(false, null));
    when(service.verifyAndActivate(ID)).thenReturn(new GrantSchedule(EXPIRES, REMINDER, true));
    // A decision goes on as the approver decided, unless a test says the request can no longer be granted.
    when(service.decide(anyLong(), any(), any(), anyString(), any(), anyBoolean(), any()))
        .thenAnswer(call -> call.getArgument(5));
    when(service.provision(ID)).thenReturn(Provisioning.PROVISIONED);
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  /**
   * On an upgraded installation 1.6.0 stays in force until 1.7.0 is approved, and its instances run the new
   * provisioning: it has no gateway after "Provision access", so a request that provisioning did not grant (refused,
   * or a new SoD conflict it cannot send back to the officers) ends the instance there, instead of failing three times
   * in "Verify access" and waiting as an incident. The model's own copy of that version: models/ under test resources.
   */
  @Test
  void anInstanceOfTheModelBeforeTheProvisioningCheckEndsWhenItsRequestIsNotProvisioned() {
    String deployment = engine.getRepositoryService().createDeployment()
        .addClasspathResource("models/AccessProvisioningProcess-1.6.0.bpmn")
        .addClasspathResource("forms/Form_ReviewSodConflict.form")
        .addClasspathResource("forms/Form_ApproveAsLineManager.form")
        .addClasspathResource("forms/Form_ApproveAsResourceOwner.form").deploy().getId();
    try {
      String before = engine.getRepositoryService().createProcessDefinitionQuery().deploymentId(deployment)
          .singleResult().getId();
      ProcessInstance pi = start("manager"); // the latest version of the key now
      Assertions.assertThat(pi.getProcessDefinitionId()).isEqualTo(before);
      decide("manager", MANAGER_DECISION, DECISION_APPROVE);
      decide("fin", OWNER_DECISION, DECISION_APPROVE);
      when(service.provisionWithoutReview(ID)).thenReturn(Provisioning.REFUSED);

      execute(job(TASK_PROVISION_ACCESS));
      execute(job(TASK_PROVISION_ACCESS)); // the save point after it: the engine ended the execution there

      verify(service).provisionWithoutReview(ID);
      verify(service, never()).provision(ID);
      verify(service, never()).verifyAndActivate(ID);
      assertThat(pi).isEnded();
      Assertions.assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).count())
          .isZero();
    } finally {
      engine.getRepositoryService().deleteDeployment(deployment, true);
    }
  }

  @Test
  void approvedRequestIsProvisionedVerifiedRemindedAndRemovedAtExpiry() {
    ProcessInstance pi = start("manager");

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    assertThat(task()).hasCandidateUser("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_RESOURCE_OWNER);
    assertThat(task()).hasCandidateGroup("finance");
    decide("fin", OWNER_DECISION, DECISION_APPROVE);

    execute(job(TASK_PROVISION_ACCESS));
    verify(service).provision(ID);
    execute(job(TASK_PROVISION_ACCESS)); // save point after the side effect
    execute(job(TASK_VERIFY_ACCESS));
    assertThat(pi).isWaitingAt(TASK_AWAIT_EXPIRY).variables()
        .containsEntry(GRANT_TIME_BOXED, true).containsKey(ACCESS_EXPIRES_AT);
    Assertions.assertThat(job(BOUNDARY_GRANT_EXPIRED).getDuedate()).isEqualTo(java.util.Date.from(EXPIRES));
    Assertions.assertThat(job(BOUNDARY_EXPIRY_REMINDER).getDuedate()).isEqualTo(java.util.Date.from(REMINDER));

    execute(job(BOUNDARY_EXPIRY_REMINDER));
    assertThat(pi).hasPassed(END_EXPIRY_REMINDER_SENT).isWaitingAt(TASK_AWAIT_EXPIRY);

    execute(job(BOUNDARY_GRANT_EXPIRED));
    execute(job(TASK_REMOVE_EXPIRED_ACCESS));
    verify(service).expire(ID);
    execute(job(TASK_REMOVE_EXPIRED_ACCESS));
    verify(service, never()).verifyExpired(anyLong());
    execute(job(TASK_VERIFY_ACCESS_REMOVED));
    verify(service).verifyExpired(ID);
    assertThat(pi).isEnded().hasPassed(END_ACCESS_EXPIRED).hasNotPassed(TASK_REVOKE_ACCESS);
    verify(service).decide(ID, ApprovalStage.LINE_MANAGER, "manager", "manager", null, true, null);
    verify(service).decide(ID, ApprovalStage.RESOURCE_OWNER, null, "fin", null, true, null);
    Assertions.assertThat(notifications.templates)
        .containsExactly("access-granted", "access-expiry-reminder", "access-expired");
  }

  @Test
  void withoutALineManagerTheApprovalGoesToTheManagersGroup() {
    start(null);

    assertThat(task()).hasCandidateGroup("managers");
    Assertions.assertThat(taskService().getIdentityLinksForTask(task().getId()))
        .noneMatch(link -> link.getUserId() != null);
    // The service decides by this routing (the managers group: membership checked), not by the directory now.
    actingAs.user = "manager";
    taskService().complete(task().getId(), Map.of(MANAGER_DECISION, DECISION_APPROVE));
    verify(service).decide(ID, ApprovalStage.LINE_MANAGER, null, "manager", null, true, null);
  }

  @Test
  void lineManagerRejectionEndsTheRequestAndTellsTheRequester() {
    ProcessInstance pi = start("manager");

    decide("manager", MANAGER_DECISION, DECISION_REJECT);

    assertThat(pi).isEnded().hasPassed(END_REQUEST_REJECTED).hasNotPassed(TASK_APPROVE_AS_RESOURCE_OWNER);
    verify(service).decide(ID, ApprovalStage.LINE_MANAGER, "manager", "manager", null, false, null);
    verify(service, never()).provision(anyLong());
    Assertions.assertThat(notifications.templates).containsExactly("access-request-rejected");
    Assertions.assertThat(notifications.recipients).containsExactly("desk,desk");
  }

  @Test
  void resourceOwnerRejectionEndsTheRequestWithoutProvisioning() {
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);

    complete(task(), Map.of(OWNER_DECISION, DECISION_REJECT, OWNER_COMMENT, "not needed"), "fin");

    assertThat(pi).isEnded().hasPassed(END_REQUEST_REJECTED).hasNotPassed(TASK_PROVISION_ACCESS);
    verify(service).decide(ID, ApprovalStage.RESOURCE_OWNER, null, "fin", null, false, "not needed");
    verify(service, never()).provision(anyLong());
  }

  @Test
  void anApprovalStepIsWhatItsSettingsSayNotWhatItsIdIs() {
    // A process owner renames the owner's step in Modeler and gives its outcome a variable of its own: no Java.
    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, model -> model
        .replace(TASK_APPROVE_AS_RESOURCE_OWNER, "Task_ApproveAsDataOwner")
        .replace(">" + OWNER_APPROVED + "</camunda:inputParameter>", ">dataOwnerApproved</camunda:inputParameter>")
        .replace("${" + OWNER_APPROVED + "}", "${dataOwnerApproved}"));
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);

    assertThat(pi).isWaitingAt("Task_ApproveAsDataOwner");
    decide("fin", OWNER_DECISION, DECISION_APPROVE);

    verify(service).decide(ID, ApprovalStage.RESOURCE_OWNER, null, "fin", null, true, null);
    assertThat(pi).hasPassed("Task_ApproveAsDataOwner").variables()
        .containsEntry("dataOwnerApproved", true).doesNotContainKey(OWNER_APPROVED);
    execute(job(TASK_PROVISION_ACCESS));
    verify(service).provision(ID);
  }

  @Test
  void theDecisionTasksOfAVersionBeforeTheSettingsDecideAsTheyDid() {
    // Instances running on 1.5.0 (and new ones until the changed model's revision is approved) have no settings.
    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, model -> model
        .replaceAll("<camunda:inputParameter name=\"(approvalStage|decisionVariable)\">\\w+</camunda:inputParameter>", ""));
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);
    decide("fin", OWNER_DECISION, DECISION_APPROVE);

    verify(service).decide(ID, ApprovalStage.LINE_MANAGER, "manager", "manager", null, true, null);
    verify(service).decide(ID, ApprovalStage.RESOURCE_OWNER, null, "fin", null, true, null);
    assertThat(pi).variables().containsEntry(MANAGER_APPROVED, true).containsEntry(OWNER_APPROVED, true);
    execute(job(TASK_PROVISION_ACCESS));
    verify(service).provision(ID);
  }

  @Test
  void aDecisionTaskWithoutAValidApprovalStageFailsAsAModellingErrorAndDecidesNothing() {
    String stage = "<camunda:inputParameter name=\"approvalStage\">RESOURCE_OWNER</camunda:inputParameter>";
    // A step of its own (not one of the task ids of the versions before the settings) without its stage.
    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY, model -> model.replace(stage, "")
        .replace(TASK_APPROVE_AS_RESOURCE_OWNER, "Task_ApproveAsDataOwner"));
    start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);

    assertThatThrownBy(() -> decide("fin", OWNER_DECISION, DECISION_APPROVE)).rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Input parameter 'approvalStage' is missing on Task_ApproveAsDataOwner");

    ProcessTestSupport.deployChangedModel(engine, PROCESS_KEY,
        model -> model.replace(stage, stage.replace("RESOURCE_OWNER", "OWNER")));
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);

    assertThatThrownBy(() -> decide("fin", OWNER_DECISION, DECISION_APPROVE)).rootCause()
        .isInstanceOf(IllegalStateException.class).hasMessage("Input parameter 'approvalStage' of "
            + TASK_APPROVE_AS_RESOURCE_OWNER
            + " must be one of [SOD_REVIEW, LINE_MANAGER, RESOURCE_OWNER], not 'OWNER'");
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_RESOURCE_OWNER);
    verify(service, never()).decide(anyLong(), eq(ApprovalStage.RESOURCE_OWNER), any(), any(), any(), anyBoolean(), any());
    verify(service, never()).provision(anyLong());
  }

  @Test
  void segregationOfDutiesConflictGoesToSecurityOfficersWhoMayGrantAnException() {
    when(service.checkSegregationOfDuties(ID)).thenReturn(new SodCheck(true, "desk already holds change-advisory-board"));
    when(service.taskDetails(ID)).thenReturn(new TaskDetails(KEY, "desk", "desk", "Finance group membership", "HIGH",
        "month-end close", "until revoked", "desk already holds change-advisory-board"));
    ProcessInstance pi = start("manager");

    assertThat(pi).isWaitingAt(TASK_REVIEW_SOD_CONFLICT);
    Assertions.assertThat(taskService().getVariablesLocal(task().getId()))
        .containsEntry("sodConflictDetails", "desk already holds change-advisory-board");
    assertThat(task()).hasCandidateGroup("security-officers").hasName("Review SoD conflict");
    complete(task(), Map.of(SOD_DECISION, DECISION_GRANT_EXCEPTION, SOD_COMMENT, "audit project"), "secoff");

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service).decide(ID, ApprovalStage.SOD_REVIEW, null, "secoff", null, true, "audit project");
  }

  @Test
  void anApprovalOfARequestThatCanNoLongerBeGrantedEndsItOnTheRejectionPath() {
    // The service ended it (a locked beneficiary, a validity that has passed): the decision does not go on.
    when(service.decide(ID, ApprovalStage.LINE_MANAGER, "manager", "manager", null, true, null)).thenReturn(false);
    ProcessInstance pi = start("manager");

    decide("manager", MANAGER_DECISION, DECISION_APPROVE);

    assertThat(pi).isEnded().hasPassed(END_REQUEST_REJECTED).hasNotPassed(TASK_APPROVE_AS_RESOURCE_OWNER);
    assertThat(pi).variables().containsEntry(MANAGER_APPROVED, false);
    Assertions.assertThat(notifications.templates).containsExactly("access-request-rejected");
    verify(service, never()).provision(anyLong());
  }

  @Test
  void aRequestRefusedWhenProvisioningChecksItAgainEndsRejectedWithAMailAndNothingVerified() {
    when(service.provision(ID)).thenReturn(Provisioning.REFUSED);
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);
    decide("fin", OWNER_DECISION, DECISION_APPROVE);

    execute(job(TASK_PROVISION_ACCESS));
    execute(job(TASK_PROVISION_ACCESS));

    assertThat(pi).isEnded().hasPassed(GATEWAY_ACCESS_PROVISIONED, END_REQUEST_REJECTED)
        .hasNotPassed(TASK_VERIFY_ACCESS, TASK_NOTIFY_ACCESS_GRANTED);
    verify(service, never()).verifyAndActivate(anyLong());
    Assertions.assertThat(notifications.templates).containsExactly("access-request-rejected");
    Assertions.assertThat(notifications.recipients).containsExactly("desk,desk");
  }

  @Test
  void aConflictFoundWhenProvisioningChecksAgainGoesToTheSecurityOfficersThenThroughTheApprovalsAgain() {
    when(service.provision(ID)).thenReturn(Provisioning.SOD_CONFLICT, Provisioning.PROVISIONED);
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);
    decide("fin", OWNER_DECISION, DECISION_APPROVE);
    execute(job(TASK_PROVISION_ACCESS));
    execute(job(TASK_PROVISION_ACCESS));

    assertThat(pi).isWaitingAt(TASK_REVIEW_SOD_CONFLICT).hasNotPassed(TASK_VERIFY_ACCESS);
    assertThat(task()).hasCandidateGroup("security-officers");
    complete(task(), Map.of(SOD_DECISION, DECISION_GRANT_EXCEPTION, SOD_COMMENT, "both until the audit"), "secoff");
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);
    decide("fin", OWNER_DECISION, DECISION_APPROVE);
    execute(job(TASK_PROVISION_ACCESS));
    execute(job(TASK_PROVISION_ACCESS));

    assertThat(pi).isWaitingAt(TASK_VERIFY_ACCESS);
    verify(service, org.mockito.Mockito.times(2)).provision(ID);
    verify(service).decide(ID, ApprovalStage.SOD_REVIEW, null, "secoff", null, true, "both until the audit");
  }

  @Test
  void segregationOfDutiesRejectionEndsTheRequest() {
    when(service.checkSegregationOfDuties(ID)).thenReturn(new SodCheck(true, "conflict"));
    ProcessInstance pi = start("manager");

    decide("secoff", SOD_DECISION, DECISION_REJECT);

    assertThat(pi).isEnded().hasPassed(END_REQUEST_REJECTED).hasNotPassed(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service).decide(ID, ApprovalStage.SOD_REVIEW, null, "secoff", null, false, null);
  }

  @Test
  void lineManagerIsRemindedAndTheTaskStays() {
    ProcessInstance pi = start("manager");

    execute(job(BOUNDARY_LINE_MANAGER_REMINDER));

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER).hasPassed("EndEvent_LineManagerReminded");
    Assertions.assertThat(notifications.templates).containsExactly("access-approval-reminder");
    Assertions.assertThat(notifications.recipients).containsExactly("[manager]");
  }

  @Test
  void resourceOwnerIsRemindedAndTheTaskStays() {
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);

    execute(job(BOUNDARY_OWNER_REMINDER));

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_RESOURCE_OWNER).hasPassed("EndEvent_ResourceOwnerReminded");
    Assertions.assertThat(notifications.templates).containsExactly("access-approval-reminder");
    Assertions.assertThat(notifications.groups).containsExactly("finance");
  }

  @Test
  void lineManagerTimeoutRejectsAutomaticallyWhenTheLineManagerHasNoDelegateAndNoLineManager() {
    ProcessInstance pi = start("manager");

    execute(job(BOUNDARY_LINE_MANAGER_OVERDUE));

    assertThat(pi).isEnded().hasPassed("Task_EscalateOverdueManagerApproval", TASK_REJECT_OVERDUE_MANAGER_APPROVAL,
        END_REQUEST_REJECTED);
    verify(service).rejectOverdue(ID, 0);
    verify(service, never()).escalateOverdueApproval(anyLong(), any(), any(), anyBoolean(), anyInt());
    Assertions.assertThat(notifications.templates).containsExactly("access-request-rejected");
  }

  @Test
  void anOverdueLineManagerApprovalGoesToTheDelegateThenToTheNextLineManagerThenIsRejected() {
    substitutes.put("manager", "incman");
    when(directory.managerOf("manager")).thenReturn(java.util.Optional.of("chief"));
    ProcessInstance pi = start("manager");

    // 1. The line manager's delegate: offered again for the line manager (the delegate acts for them), mailed.
    execute(job(BOUNDARY_LINE_MANAGER_OVERDUE));
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service).escalateOverdueApproval(ID, "manager", "incman", true, 1);
    Assertions.assertThat(runtimeService().getVariable(pi.getId(), MANAGER_APPROVER)).isEqualTo("manager");
    assertThat(task()).hasCandidateUser("manager");
    Assertions.assertThat(notifications.templates).containsExactly("access-approval-escalated");
    Assertions.assertThat(notifications.recipients).containsExactly("incman");
    Assertions.assertThat(job(BOUNDARY_LINE_MANAGER_OVERDUE).getDuedate()).as("a fresh SLA")
        .isEqualTo(task().getDueDate());

    // 2. Still overdue: the delegate had it, so the line manager's own line manager becomes the approver.
    execute(job(BOUNDARY_LINE_MANAGER_OVERDUE));
    verify(service).escalateOverdueApproval(ID, "manager", "chief", false, 2);
    Assertions.assertThat(runtimeService().getVariable(pi.getId(), MANAGER_APPROVER)).isEqualTo("chief");
    assertThat(task()).hasCandidateUser("chief");
    Assertions.assertThat(notifications.recipients).containsExactly("incman", "chief");

    // 3. chief has neither delegate nor line manager: rejected as before.
    execute(job(BOUNDARY_LINE_MANAGER_OVERDUE));
    assertThat(pi).isEnded().hasPassed(TASK_REJECT_OVERDUE_MANAGER_APPROVAL, END_REQUEST_REJECTED);
    verify(service).rejectOverdue(ID, 2);
  }

  @Test
  void theNextLineManagerWhoRequestedOrReceivesTheAccessIsSkipped() {
    when(directory.managerOf("manager")).thenReturn(java.util.Optional.of("desk"));
    ProcessInstance pi = start("manager");

    execute(job(BOUNDARY_LINE_MANAGER_OVERDUE));

    assertThat(pi).isEnded().hasPassed(TASK_REJECT_OVERDUE_MANAGER_APPROVAL);
    verify(service, never()).escalateOverdueApproval(anyLong(), any(), any(), anyBoolean(), anyInt());
  }

  @Test
  void anEscalatedApprovalIsDecidedByTheNextLineManager() {
    when(directory.managerOf("manager")).thenReturn(java.util.Optional.of("chief"));
    ProcessInstance pi = start("manager");
    execute(job(BOUNDARY_LINE_MANAGER_OVERDUE));

    decide("chief", MANAGER_DECISION, DECISION_APPROVE);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_RESOURCE_OWNER);
  }

  @Test
  void resourceOwnerTimeoutRejectsAutomatically() {
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);

    execute(job(BOUNDARY_OWNER_OVERDUE));

    assertThat(pi).isEnded().hasPassed(TASK_REJECT_OVERDUE_OWNER_APPROVAL, END_REQUEST_REJECTED);
    verify(service).rejectOverdue(ID, 0);
  }

  @Test
  void lineManagerApprovalIsDueByTheConfiguredSlaInBusinessHours() {
    start("manager");

    assertTimersFollowTheSla(BOUNDARY_LINE_MANAGER_REMINDER, BOUNDARY_LINE_MANAGER_OVERDUE);
  }

  @Test
  void resourceOwnerApprovalIsDueByTheConfiguredSlaCountedFromItsStart() {
    start("manager");
    // Approved on Tuesday at 09:00: the owner's clock starts then.
    ClockUtil.setCurrentTime(TUESDAY_0900);
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);

    Assertions.assertThat(task().getDueDate()).isEqualTo(Date.from(Instant.parse("2026-12-11T08:00:00Z")));
    Assertions.assertThat(task().getFollowUpDate()).isEqualTo(Date.from(Instant.parse("2026-12-09T08:00:00Z")));
    Assertions.assertThat(job(BOUNDARY_OWNER_REMINDER).getDuedate()).isEqualTo(task().getFollowUpDate());
    Assertions.assertThat(job(BOUNDARY_OWNER_OVERDUE).getDuedate()).isEqualTo(task().getDueDate());
  }

  @Test
  void approvalTasksShowTheRequestFromTheRecordWhileTheProcessCarriesOnlyReferences() {
    ProcessInstance pi = start("manager");

    Assertions.assertThat(taskService().getVariablesLocal(task().getId()))
        .containsEntry("resourceName", "Finance group membership").containsEntry("riskLevel", "HIGH")
        .containsEntry("justification", "month-end close").containsEntry("validUntil", EXPIRES.toString())
        .containsEntry("beneficiary", "desk").containsEntry("requester", "desk");
    Assertions.assertThat(runtimeService().getVariables(pi.getId()))
        .doesNotContainKeys("resourceName", "riskLevel", "justification", "validUntil", "sodConflictDetails");
  }

  @Test
  void securityOfficersAreRemindedAndTheReviewStays() {
    ProcessInstance pi = startInSodReview();

    execute(job(BOUNDARY_SOD_REVIEW_REMINDER));

    assertThat(pi).isWaitingAt(TASK_REVIEW_SOD_CONFLICT).hasPassed(END_SECURITY_OFFICERS_REMINDED);
    Assertions.assertThat(notifications.templates).containsExactly("access-approval-reminder");
    Assertions.assertThat(notifications.groups).containsExactly("security-officers");
    Assertions.assertThat(notifications.tasks).containsExactly(TASK_REVIEW_SOD_CONFLICT);
    verify(service, never()).rejectOverdue(anyLong(), anyInt());
  }

  @Test
  void sodReviewTimeoutRejectsAutomatically() {
    ProcessInstance pi = startInSodReview();

    execute(job(BOUNDARY_SOD_REVIEW_OVERDUE));

    assertThat(pi).isEnded().hasPassed(TASK_REJECT_OVERDUE_SOD_REVIEW, END_REQUEST_REJECTED)
        .hasNotPassed(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service).rejectOverdue(ID, 0);
    Assertions.assertThat(notifications.templates).containsExactly("access-request-rejected");
    Assertions.assertThat(notifications.recipients).containsExactly("desk,desk");
  }

  @Test
  void sodReviewTimersUseTheConfiguredSla() {
    startInSodReview();

    assertTimersFollowTheSla(BOUNDARY_SOD_REVIEW_REMINDER, BOUNDARY_SOD_REVIEW_OVERDUE);
  }

  @Test
  void cancellationDuringTheSodReviewEndsTheRequestAndTheSecurityOfficersTask() {
    ProcessInstance pi = startInSodReview();
    assertThat(pi).isWaitingAt(TASK_REVIEW_SOD_CONFLICT);

    cancellationRequested("desk");

    assertCancelledWithoutTrace(pi);
    assertThat(pi).hasNotPassed(TASK_APPROVE_AS_LINE_MANAGER);
  }

  @Test
  void cancellationAtTheLineManagerApprovalLeavesTheManagerNoTask() {
    ProcessInstance pi = start("manager");
    assertThat(task()).hasCandidateUser("manager");

    cancellationRequested("desk");

    assertCancelledWithoutTrace(pi);
    Assertions.assertThat(taskService().createTaskQuery().taskCandidateUser("manager").count()).isZero();
    assertThat(pi).hasNotPassed(TASK_APPROVE_AS_RESOURCE_OWNER);
    Assertions.assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(CANCELLED_BY).singleResult().getValue()).isEqualTo("desk");
  }

  @Test
  void cancellationAtTheResourceOwnerApprovalEndsTheRequestWithoutProvisioning() {
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_RESOURCE_OWNER);

    cancellationRequested("manager");

    assertCancelledWithoutTrace(pi);
    assertThat(pi).hasNotPassed(TASK_PROVISION_ACCESS);
    verify(service, never()).provision(anyLong());
  }

  @Test
  void earlyRevocationOfATimeBoxedGrantRunsThroughTheProcess() {
    ProcessInstance pi = grantedInstance();
    assertThat(pi).isWaitingAt(TASK_AWAIT_EXPIRY);

    revocationRequested("secoff");
    execute(job(TASK_REVOKE_ACCESS));
    verify(service).revoke(ID);
    execute(job(TASK_REVOKE_ACCESS));
    execute(job(TASK_VERIFY_REVOCATION));
    verify(service).verifyRevoked(ID);

    assertThat(pi).isEnded().hasPassed(END_ACCESS_REVOKED).hasNotPassed(END_ACCESS_EXPIRED);
    verify(service, never()).expire(anyLong());
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void grantWithoutValidUntilWaitsForRevocationOnly() {
    when(service.verifyAndActivate(ID)).thenReturn(new GrantSchedule(null, null, false));
    ProcessInstance pi = grantedInstance();

    assertThat(pi).isWaitingAt(TASK_AWAIT_REVOCATION);
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void leaverRevocationOfAnUnlimitedGrantRunsThroughTheProcess() {
    when(service.verifyAndActivate(ID)).thenReturn(new GrantSchedule(null, null, false));
    ProcessInstance pi = grantedInstance();

    revocationRequested("desk");
    execute(job(TASK_REVOKE_ACCESS));
    execute(job(TASK_REVOKE_ACCESS));
    execute(job(TASK_VERIFY_REVOCATION));

    assertThat(pi).isEnded().hasPassed(TASK_AWAIT_REVOCATION, END_ACCESS_REVOKED);
    verify(service).revoke(ID);
    Assertions.assertThat(notifications.templates).containsExactly("access-granted", "access-revoked");
  }

  @Test
  void grantShorterThanTheReminderPeriodGetsNoExpiryReminder() {
    Instant grantedAt = Instant.parse("2030-02-28T12:00:00Z");
    when(service.verifyAndActivate(ID)).thenReturn(new GrantSchedule(EXPIRES, grantedAt, false));
    ProcessInstance pi = grantedInstance();

    execute(job(BOUNDARY_EXPIRY_REMINDER));

    assertThat(pi).hasPassed(END_EXPIRY_REMINDER_SKIPPED).hasNotPassed(TASK_SEND_EXPIRY_REMINDER)
        .isWaitingAt(TASK_AWAIT_EXPIRY);
    Assertions.assertThat(notifications.templates).containsExactly("access-granted");
  }

  @Test
  void beneficiaryOrRequesterCannotApproveTheirOwnRequest() {
    ProcessInstance pi = start(null);
    doThrow(new SelfApprovalException("desk may not decide")).when(service)
        .decide(eq(ID), eq(ApprovalStage.LINE_MANAGER), isNull(), eq("desk"), isNull(), anyBoolean(), any());
    actingAs.user = "desk";
    String taskId = task().getId();

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of(MANAGER_DECISION, DECISION_APPROVE)))
        .hasRootCauseInstanceOf(SelfApprovalException.class).hasMessageContaining("desk may not decide")
        .rootCause().isInstanceOf(ForbiddenException.class);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
  }

  @Test
  void theLineManagersApprovalIsDecidedOnlyByTheOneItWaitsFor() {
    ProcessInstance pi = start("manager");
    // Given the task anyway, as by an admin: incman is not the line manager it was routed to.
    taskService().addCandidateUser(task().getId(), "incman");
    actingAs.user = "incman";
    String taskId = task().getId();

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of(MANAGER_DECISION, DECISION_APPROVE)))
        .hasRootCauseInstanceOf(ForbiddenException.class).rootCause().hasMessageContaining("waits for manager");

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service, never()).decide(anyLong(), any(), any(), anyString(), any(), anyBoolean(), any());
    actingAs.user = "manager";
    taskService().complete(taskId, Map.of(MANAGER_DECISION, DECISION_APPROVE));
    verify(service).decide(ID, ApprovalStage.LINE_MANAGER, "manager", "manager", null, true, null);
  }

  @Test
  void decisionOutsideTheAllowedValuesIsRefused() {
    ProcessInstance pi = start("manager");
    actingAs.user = "manager";
    String taskId = task().getId();

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of(MANAGER_DECISION, "MAYBE")))
        .hasRootCauseInstanceOf(InvalidRequestException.class).rootCause()
        .hasFieldOrPropertyWithValue("field", MANAGER_DECISION);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service, never()).decide(anyLong(), any(), any(), anyString(), any(), anyBoolean(), any());
  }

  @Test
  void missingDecisionIsRefusedNamingTheField() {
    ProcessInstance pi = start("manager");
    actingAs.user = "manager";
    String taskId = task().getId();

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of(MANAGER_COMMENT, "fine")))
        .rootCause().isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", MANAGER_DECISION);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service, never()).decide(anyLong(), any(), any(), anyString(), any(), anyBoolean(), any());
  }

  @Test
  void sodExceptionWithoutJustificationIsRefusedNamingTheComment() {
    ProcessInstance pi = startInSodReview();
    actingAs.user = "secoff";
    String taskId = task().getId();

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of(SOD_DECISION, DECISION_GRANT_EXCEPTION)))
        .rootCause().isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("field", SOD_COMMENT);

    assertThat(pi).isWaitingAt(TASK_REVIEW_SOD_CONFLICT);
    verify(service, never()).decide(anyLong(), any(), any(), anyString(), any(), anyBoolean(), any());
  }

  @Test
  void completionWithoutAnAuthenticatedPersonIsRefused() {
    ProcessInstance pi = start("manager");
    actingAs.user = null;
    String taskId = task().getId();

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of(MANAGER_DECISION, DECISION_APPROVE)))
        .rootCause().isInstanceOf(ForbiddenException.class);

    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER);
    verify(service, never()).decide(anyLong(), any(), any(), anyString(), any(), anyBoolean(), any());
  }

  @Test
  void failedVerificationIsRetriedAndThenAnIncident() {
    when(service.verifyAndActivate(ID)).thenThrow(new AccessNotVerifiedException("not there"));
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);
    decide("fin", OWNER_DECISION, DECISION_APPROVE);
    execute(job(TASK_PROVISION_ACCESS));
    execute(job(TASK_PROVISION_ACCESS));

    String jobId = job(TASK_VERIFY_ACCESS).getId();
    assertThatThrownBy(() -> managementService().executeJob(jobId)).isInstanceOf(AccessNotVerifiedException.class);

    Assertions.assertThat(managementService().createJobQuery().jobId(jobId).singleResult().getRetries()).isEqualTo(2);
    assertThat(pi).isWaitingAt(TASK_VERIFY_ACCESS).hasNotPassed(TASK_NOTIFY_ACCESS_GRANTED);
  }

  @Test
  void revocationStillShownByTheTargetSystemIsRetriedThenAnIncidentAndNobodyIsToldItIsGone() {
    doThrow(new AccessNotVerifiedException("still there")).when(service).verifyRevoked(ID);
    ProcessInstance pi = grantedInstance();
    revocationRequested("secoff");
    execute(job(TASK_REVOKE_ACCESS));
    execute(job(TASK_REVOKE_ACCESS));

    String jobId = job(TASK_VERIFY_REVOCATION).getId();
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThatThrownBy(() -> managementService().executeJob(jobId)).isInstanceOf(AccessNotVerifiedException.class);
    }

    Assertions.assertThat(managementService().createJobQuery().jobId(jobId).singleResult().getRetries()).isZero();
    Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(pi.getId()).count()).isOne();
    assertThat(pi).isWaitingAt(TASK_VERIFY_REVOCATION).hasNotPassed(TASK_NOTIFY_ACCESS_REVOKED);
    Assertions.assertThat(notifications.templates).containsExactly("access-granted");
  }

  @Test
  void expiredAccessStillShownByTheTargetSystemIsRetriedAndTheGrantIsNotReportedExpired() {
    doThrow(new AccessNotVerifiedException("still there")).when(service).verifyExpired(ID);
    ProcessInstance pi = grantedInstance();
    execute(job(BOUNDARY_GRANT_EXPIRED));
    execute(job(TASK_REMOVE_EXPIRED_ACCESS));
    execute(job(TASK_REMOVE_EXPIRED_ACCESS));

    String jobId = job(TASK_VERIFY_ACCESS_REMOVED).getId();
    assertThatThrownBy(() -> managementService().executeJob(jobId)).isInstanceOf(AccessNotVerifiedException.class);

    Assertions.assertThat(managementService().createJobQuery().jobId(jobId).singleResult().getRetries()).isEqualTo(2);
    assertThat(pi).isWaitingAt(TASK_VERIFY_ACCESS_REMOVED).hasNotPassed(TASK_NOTIFY_ACCESS_EXPIRED);
  }

  @Test
  void grantWhoseBeneficiaryLeftWhileProvisioningIsRevokedOnceProvisioned() {
    when(service.verifyAndActivate(ID)).thenReturn(GrantSchedule.revokeAtOnce());
    ProcessInstance pi = grantedInstance();

    assertThat(pi).hasPassed(TASK_VERIFY_ACCESS).hasNotPassed(TASK_NOTIFY_ACCESS_GRANTED)
        .isWaitingAt(TASK_REVOKE_ACCESS);
    execute(job(TASK_REVOKE_ACCESS));
    execute(job(TASK_REVOKE_ACCESS));
    execute(job(TASK_VERIFY_REVOCATION));

    assertThat(pi).isEnded().hasPassed(END_ACCESS_REVOKED).hasNotPassed(TASK_AWAIT_EXPIRY, TASK_AWAIT_REVOCATION);
    verify(service).revoke(ID);
    verify(service).verifyRevoked(ID);
    Assertions.assertThat(notifications.templates).containsExactly("access-revoked");
  }

  @Test
  void aStartFormSubmissionSubmitsTheRequestAsTheApiDoesAndStartsThisInstanceWithReferencesOnly() {
    List<io.sopflow.access.AccessRequestInput> submitted = new ArrayList<>();
    when(service.submit(any())).thenAnswer(invocation -> {
      submitted.add(invocation.getArgument(0));
      processStarts.start(PROCESS_KEY, KEY, startVariables("manager"));
      return null;
    });

    ProcessInstance pi = engine.getFormService().submitStartForm(definitionId(), Map.of("beneficiary", "desk",
        "resource", "finance", "justification", "month-end close", "validUntil", "2030-03-01T13:00:00+01:00",
        "project", "", "hint", "shown to people only"));
    current = pi;

    Assertions.assertThat(submitted).singleElement().satisfies(input -> {
      Assertions.assertThat(input.beneficiary()).isEqualTo("desk");
      Assertions.assertThat(input.resource()).isEqualTo("finance");
      Assertions.assertThat(input.justification()).isEqualTo("month-end close");
      Assertions.assertThat(input.validUntil().toInstant()).isEqualTo(Instant.parse("2030-03-01T12:00:00Z"));
      Assertions.assertThat(input.project()).as("an empty optional field").isEmpty();
    });
    Assertions.assertThat(pi.getBusinessKey()).isEqualTo(KEY);
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count())
        .isOne();
    assertThat(pi).isWaitingAt(TASK_APPROVE_AS_LINE_MANAGER).variables()
        .containsEntry(ACCESS_REQUEST_ID, ID).doesNotContainKeys("resource", "justification", "validUntil", "hint");
    verify(service).checkSegregationOfDuties(ID);
  }

  @Test
  void aStartFormWithBadInputStartsNothingAndNamesTheField() {
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId(), Map.of("beneficiary", "desk",
        "resource", "finance", "justification", "   ")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> Assertions.assertThat(e.field())
            .isEqualTo("justification"));
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId(), Map.of("beneficiary", "desk",
        "resource", "finance", "justification", "x", "validUntil", "next week")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> Assertions.assertThat(e.field())
            .isEqualTo("validUntil"));
    doThrow(new InvalidRequestException("resource", "is not a resource of the access catalogue"))
        .when(service).submit(any());
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId(), Map.of("beneficiary", "desk",
        "resource", "nuclear-codes", "justification", "x")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> Assertions.assertThat(e.field())
            .isEqualTo("resource"));

    Assertions.assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count())
        .isZero();
  }

  @Test
  void aStartWithABusinessKeyOfItsOwnButNoRecordAwaitingItIsRefused() {
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(definitionId(), "ACC-999999",
        Map.of("beneficiary", "desk", "resource", "finance", "justification", "x")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> Assertions.assertThat(e.field())
            .isEqualTo("businessKey"));
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count())
        .isZero();
    verify(service, never()).submit(any());
  }

  // ----------------------------------------------------------------------------------------------

  private String definitionId() {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS_KEY)
        .singleResult().getId();
  }

  private ProcessInstance current;

  private org.camunda.bpm.engine.task.Task task() {
    return BpmnAwareTests.task(current);
  }

  private org.camunda.bpm.engine.runtime.Job job(String activityId) {
    return BpmnAwareTests.job(activityId, current);
  }

  private ProcessInstance start(String managerApprover) {
    current = ProcessTestSupport.startForRecord(processStarts, runtimeService(), PROCESS_KEY, KEY,
        startVariables(managerApprover));
    return current;
  }

  private static Map<String, Object> startVariables(String managerApprover) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(ACCESS_REQUEST_ID, ID);
    variables.put(ACCESS_REQUEST_KEY, KEY);
    variables.put(BENEFICIARY, "desk");
    variables.put(REQUESTER, "desk");
    variables.put(MANAGER_APPROVER, managerApprover);
    variables.put(OWNER_GROUP, "finance");
    return variables;
  }

  /** A request whose beneficiary holds a conflicting right: it waits for the security officers' review. */
  private ProcessInstance startInSodReview() {
    when(service.checkSegregationOfDuties(ID)).thenReturn(new SodCheck(true, "conflict"));
    return start("manager");
  }

  private ProcessInstance grantedInstance() {
    ProcessInstance pi = start("manager");
    decide("manager", MANAGER_DECISION, DECISION_APPROVE);
    decide("fin", OWNER_DECISION, DECISION_APPROVE);
    execute(job(TASK_PROVISION_ACCESS));
    execute(job(TASK_PROVISION_ACCESS));
    execute(job(TASK_VERIFY_ACCESS));
    return pi;
  }

  private void decide(String user, String field, String value) {
    complete(task(), Map.of(field, value), user);
  }

  private void complete(org.camunda.bpm.engine.task.Task task, Map<String, Object> variables, String user) {
    actingAs.user = user;
    taskService().complete(task.getId(), variables);
  }

  /**
   * The default approval SLA from Monday 09:00: reminder after one working day, rejection after three; the task's
   * follow-up and due dates are the same dates, so Tasklist shows what the timers will do.
   */
  private void assertTimersFollowTheSla(String reminder, String overdue) {
    Assertions.assertThat(job(reminder).getDuedate()).isEqualTo(TUESDAY_0900);
    Assertions.assertThat(job(overdue).getDuedate()).isEqualTo(THURSDAY_0900);
    Assertions.assertThat(task().getFollowUpDate()).isEqualTo(TUESDAY_0900);
    Assertions.assertThat(task().getDueDate()).isEqualTo(THURSDAY_0900);
  }

  private void cancellationRequested(String by) {
    runtimeService().createMessageCorrelation(MESSAGE_CANCELLATION_REQUESTED).processInstanceBusinessKey(KEY)
        .setVariable(CANCELLED_BY, by).correlate();
  }

  /** Ended through the cancellation end, with no task, timer or mail left behind and no rejection recorded. */
  private void assertCancelledWithoutTrace(ProcessInstance pi) {
    assertThat(pi).isEnded().hasPassed(START_CANCELLATION_REQUESTED, END_ACCESS_REQUEST_CANCELLED)
        .hasNotPassed(END_REQUEST_REJECTED);
    Assertions.assertThat(taskService().createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
    Assertions.assertThat(managementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
    Assertions.assertThat(notifications.templates).isEmpty();
    verify(service, never()).rejectOverdue(anyLong(), anyInt());
  }

  private void revocationRequested(String by) {
    runtimeService().createMessageCorrelation(MESSAGE_REVOCATION_REQUESTED).processInstanceBusinessKey(KEY)
        .setVariable(REVOKED_BY, by).setVariable(REVOCATION_REASON, "no longer needed").correlate();
  }

  /** The acting user as the listener sees it. */
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

  /** Stands in for the mail task: records which template went to whom. */
  static final class RecordingNotifications implements JavaDelegate {
    final List<String> templates = new ArrayList<>();
    final List<String> recipients = new ArrayList<>();
    final List<String> groups = new ArrayList<>();
    final List<String> tasks = new ArrayList<>();

    @Override
    public void execute(DelegateExecution execution) {
      templates.add((String) execution.getVariableLocal("template"));
      Object users = execution.getVariableLocal("recipientUsers");
      if (users != null) {
        recipients.add(users.toString());
      }
      Object groupIds = execution.getVariableLocal("recipientGroups");
      if (groupIds != null) {
        groups.add(groupIds.toString());
      }
      Object taskKey = execution.getVariableLocal("taskDefinitionKey");
      if (taskKey != null) {
        tasks.add(taskKey.toString());
      }
    }
  }
}
