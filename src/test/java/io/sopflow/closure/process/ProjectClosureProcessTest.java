package io.sopflow.closure.process;

import io.sopflow.support.PathCoverage;
import io.sopflow.support.ProcessTestSupport;
import static io.sopflow.closure.process.ProjectClosureProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.closure.ClosureSlaProperties;
import io.sopflow.closure.ClosureTimeline;
import io.sopflow.closure.ClosureView;
import io.sopflow.closure.ClosureView.DeliverableView;
import io.sopflow.closure.FinanceFigures;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.platform.process.TaskForms;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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

@Deployment(resources = "processes/ProjectClosureProcess.bpmn")
@ExtendWith(PathCoverage.class)
class ProjectClosureProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String KEY = "PRJ-APOLLO";
  private static final Instant REVIEW_DUE = Instant.parse("2030-01-31T10:00:00Z");
  /** The test's clock reads Tuesday 1 January 2030, 10:00 in Berlin; default SLAs count business hours from there. */
  private static final Date FIVE_WORKING_DAYS = Date.from(Instant.parse("2030-01-08T09:00:00Z"));
  private static final Date THREE_WORKING_DAYS = Date.from(Instant.parse("2030-01-04T09:00:00Z"));
  private static final Date TEN_WORKING_DAYS = Date.from(Instant.parse("2030-01-15T09:00:00Z"));

  private final ProjectClosureService service = mock(ProjectClosureService.class);
  private final CurrentUser currentUser = mock(CurrentUser.class);
  /** template -> recipients of every mail the process asked for, in order. */
  private final List<String> mails = new ArrayList<>();
  private io.sopflow.platform.process.ProcessStarts processStarts;
  /** Who stands in for whom (a delegation in force), as the task forms ask it. */
  private final Map<String, String> substitutes = new java.util.HashMap<>();

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine.getProcessEngine());
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2030-01-01T09:00:00Z")));
    JavaDelegate notifications = execution -> mails.add(execution.getVariableLocal("template") + " -> users="
        + execution.getVariableLocal("recipientUsers") + " groups=" + execution.getVariableLocal("recipientGroups"));
    Mocks.register("sendNotificationDelegate", notifications);
    Mocks.register("slaDates", ProcessTestSupport.slaDates(ClosureSlaProperties.defaults()));
    Mocks.register("closureDeliverables", new ClosureDeliverables(service));
    TaskForms taskForms = new TaskForms(currentUser, (person, scope) -> Optional.ofNullable(substitutes.get(person)));
    Mocks.register("verifyDeliverableListener", new VerifyDeliverableListener(service, taskForms));
    Mocks.register("resolveOpenDeliverablesListener", new ResolveOpenDeliverablesListener(service, taskForms));
    Mocks.register("signOffClosureListener", new SignOffClosureListener(service, taskForms));
    Mocks.register("addressSignOffRefusalListener", new AddressSignOffRefusalListener(service, taskForms));
    Mocks.register("captureLessonsLearnedListener", new CaptureLessonsLearnedListener(service, taskForms));
    Mocks.register("closeFinancesListener", new CloseFinancesListener(service, taskForms));
    Mocks.register("releaseResourcesListener", new ReleaseResourcesListener(service, taskForms));
    Mocks.register("conductReviewListener", new ConductReviewListener(service, taskForms));
    Mocks.register("escalateSignOffDelegate", new EscalateSignOffDelegate(service));
    Mocks.register("generateClosureReportDelegate", new GenerateClosureReportDelegate(service));
    processStarts = ProcessTestSupport.processStarts(engine.getRuntimeService());
    Mocks.register("closureStartFormListener", new ClosureStartFormListener(processStarts,
        ProcessTestSupport.startForms(), jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator(),
        service));

    when(service.pendingDeliverableIds(KEY)).thenReturn(List.of(1L, 2L));
    when(service.deliverable(KEY, 1L)).thenReturn(deliverable(1L, "Go-live runbook"));
    when(service.deliverable(KEY, 2L)).thenReturn(deliverable(2L, "Trained support team"));
    when(service.get(KEY)).thenReturn(closure());
    when(service.maySignOff(eq(KEY), anyString())).thenReturn(true);
    when(service.finances(KEY)).thenReturn(new FinanceFigures(new BigDecimal("100000.00"), new BigDecimal("5")));
    when(service.generateReport(KEY)).thenReturn(REVIEW_DUE);
    when(service.openDeliverablesSummary(KEY)).thenReturn("- Go-live runbook: rollback missing");
    when(service.accessToRelease(KEY)).thenReturn(List.of("ACC-000004", "ACC-000009"));
    actingAs("pm");
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void closesAProjectWhoseDeliverablesAreAcceptedAndSignedOffAfterTheReview() {
    ProcessInstance instance = start();
    assertThat(instance).isWaitingAt(TASK_VERIFY_DELIVERABLE);
    assertThat(verificationTasks()).as("the client contact accepts, not the project manager").hasSize(2)
        .allSatisfy(t -> assertThat(t.getAssignee()).isEqualTo("client"));
    assertThat(verificationTasks()).extracting(Task::getName)
        .containsExactlyInAnyOrder("Accept deliverable: Go-live runbook", "Accept deliverable: Trained support team");

    when(service.verifyDeliverable(eq(KEY), eq(1L), eq(true), any(), eq("client"), any())).thenReturn(false);
    when(service.verifyDeliverable(eq(KEY), eq(2L), eq(true), any(), eq("client"), any())).thenReturn(true);
    verifyDeliverable(1L, RESULT_ACCEPTED, null);
    verifyDeliverable(2L, RESULT_ACCEPTED, "all good");
    verify(service).verifyDeliverable(KEY, 2L, true, "all good", "client", null);

    signOff(instance);
    verify(service).signOff(KEY, "manager", null, "Well done");
    assertThat(instance).isWaitingAt(TASK_CAPTURE_LESSONS_LEARNED, TASK_CLOSE_FINANCES, TASK_RELEASE_RESOURCES);
    assertThat(task(TASK_CAPTURE_LESSONS_LEARNED, instance)).isAssignedTo("pm");
    assertThat(task(TASK_CLOSE_FINANCES, instance)).hasCandidateGroup("finance");
    // The project's own manager releases its resources (they revoke the project's access grants), not every project
    // manager.
    assertThat(task(TASK_RELEASE_RESOURCES, instance)).isAssignedTo("pm");
    assertThat(taskService().getIdentityLinksForTask(task(TASK_RELEASE_RESOURCES, instance).getId()))
        .noneMatch(link -> link.getGroupId() != null);
    assertThat(taskService().getVariablesLocal(task(TASK_RELEASE_RESOURCES, instance).getId()))
        .as("the form shows what releasing will revoke").containsEntry("accessToRelease", "ACC-000004, ACC-000009");

    wrapUp(instance);
    assertThat(instance).isWaitingAt(TASK_GENERATE_CLOSURE_REPORT);
    execute(job(instance));
    verify(service).generateReport(KEY);
    assertThat(mails).last().isEqualTo(MAIL_CLOSED + " -> users=pm,manager groups=finance");

    assertThat(instance).isWaitingAt(EVENT_REVIEW_DUE);
    execute(job(instance));
    assertThat(mails).last().isEqualTo(MAIL_REVIEW_DUE + " -> users=pm,manager groups=null");
    assertThat(task(TASK_CONDUCT_REVIEW, instance)).hasCandidateGroup("project-managers").hasCandidateUser("manager");
    complete(task(TASK_CONDUCT_REVIEW, instance), withVariables(REVIEW_FINDINGS, "Benefits realised"));
    verify(service).completeReview(KEY, "Benefits realised", "pm");
    assertThat(instance).hasPassed(END_PROJECT_CLOSED).isEnded();
    assertThat(mails).extracting(m -> m.substring(0, m.indexOf(' ')))
        .containsExactly(MAIL_SIGN_OFF_REQUEST, MAIL_CLOSED, MAIL_REVIEW_DUE);

    List<ClosureTimeline.Entry> timeline = new HistoryClosureTimeline(historyService()).of(instance.getId());
    assertThat(timeline).extracting(ClosureTimeline.Entry::activity).startsWith("Closure requested")
        .contains("Accept deliverable: Go-live runbook", "Sign off closure", "Close project finances", "Generate closure report")
        .endsWith("Project closed");
    assertThat(timeline).filteredOn(e -> e.activity().equals("Sign off closure"))
        .singleElement().satisfies(e -> {
          assertThat(e.who()).isEqualTo("manager");
          assertThat(e.ended()).isNotNull();
        });
  }

  @Test
  void sendsAnOpenDeliverableBackToTheProjectManagerAndVerifiesItAgain() {
    ProcessInstance instance = start();
    when(service.verifyDeliverable(eq(KEY), anyLong(), anyBoolean(), any(), eq("client"), any())).thenReturn(false);
    verifyDeliverable(1L, RESULT_OPEN, "rollback missing");
    verifyDeliverable(2L, RESULT_ACCEPTED, null);
    verify(service).verifyDeliverable(KEY, 1L, false, "rollback missing", "client", null);

    assertThat(instance).isWaitingAt(TASK_RESOLVE_OPEN_DELIVERABLES);
    Task resolve = task(TASK_RESOLVE_OPEN_DELIVERABLES, instance);
    assertThat(resolve).isAssignedTo("pm");
    assertThat(taskService().getVariable(resolve.getId(), "openDeliverables"))
        .isEqualTo("- Go-live runbook: rollback missing");
    when(service.pendingDeliverableIds(KEY)).thenReturn(List.of(1L));
    complete(resolve, withVariables(RESOLUTION_NOTE, "Rollback section added"));
    verify(service).resolveOpenDeliverables(KEY, "Rollback section added", "pm");

    assertThat(verificationTasks()).singleElement()
        .satisfies(t -> assertThat(taskService().getVariable(t.getId(), DELIVERABLE_ID)).isEqualTo(1L))
        .satisfies(t -> assertThat(taskService().getVariable(t.getId(), VERIFICATION_RESULT)).isNull());
    when(service.verifyDeliverable(KEY, 1L, true, null, "client", null)).thenReturn(true);
    verifyDeliverable(1L, RESULT_ACCEPTED, null);
    assertThat(instance).hasPassed(TASK_SEND_SIGN_OFF_REQUEST).isWaitingAt(TASK_SIGN_OFF_CLOSURE);
  }

  @Test
  void refusesAVerificationWithoutAResult() {
    start();
    Task first = verificationTasks().get(0);
    assertThatThrownBy(() -> taskService().complete(first.getId(), Map.of(VERIFICATION_RESULT, "MAYBE")))
        .rootCause().isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", VERIFICATION_RESULT);
    assertThatThrownBy(() -> taskService().complete(first.getId(), Map.of(VERIFICATION_NOTE, "no result")))
        .rootCause().isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", VERIFICATION_RESULT);
    verify(service, never()).verifyDeliverable(anyString(), anyLong(), anyBoolean(), any(), any(), any());
    assertThat(verificationTasks()).hasSize(2);
  }

  @Test
  void returnsARefusedSignOffToTheProjectManagerAndAsksTheSponsorAgain() {
    ProcessInstance instance = toSignOff();
    actingAs("manager");
    complete(task(TASK_SIGN_OFF_CLOSURE, instance),
        withVariables(SIGN_OFF_DECISION, DECISION_REFUSED, SIGN_OFF_COMMENT, "Handover incomplete"));
    verify(service).refuseSignOff(KEY, "manager", null, "Handover incomplete");

    assertThat(instance).isWaitingAt(TASK_ADDRESS_SIGN_OFF_REFUSAL);
    Task address = task(TASK_ADDRESS_SIGN_OFF_REFUSAL, instance);
    assertThat(address).isAssignedTo("pm");
    assertThat(taskService().getVariable(address.getId(), "signOffRefusalReason")).isEqualTo("Handover incomplete");
    actingAs("pm");
    complete(address, withVariables(REFUSAL_RESPONSE, "Handover done"));
    verify(service).addressRefusal(KEY, "Handover done", "pm");

    assertThat(instance).isWaitingAt(TASK_SIGN_OFF_CLOSURE);
    signOff(instance);
    assertThat(mails).extracting(m -> m.substring(0, m.indexOf(' ')))
        .containsExactly(MAIL_SIGN_OFF_REQUEST, MAIL_SIGN_OFF_REQUEST);
    assertThat(instance).isWaitingAt(TASK_CAPTURE_LESSONS_LEARNED, TASK_CLOSE_FINANCES, TASK_RELEASE_RESOURCES);
  }

  @Test
  void refusesASignOffRefusalWithoutAReason() {
    ProcessInstance instance = toSignOff();
    actingAs("manager");
    doThrow(new InvalidRequestException(SIGN_OFF_COMMENT, "is required")).when(service)
        .refuseSignOff(KEY, "manager", null, null);
    assertThatThrownBy(() -> complete(task(TASK_SIGN_OFF_CLOSURE, instance),
        withVariables(SIGN_OFF_DECISION, DECISION_REFUSED)))
        .rootCause().isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("field", SIGN_OFF_COMMENT);
    assertThat(instance).isWaitingAt(TASK_SIGN_OFF_CLOSURE);
  }

  @Test
  void letsOnlyTheSponsorSignOff() {
    ProcessInstance instance = toSignOff();
    actingAs("desk");
    when(service.maySignOff(KEY, "desk")).thenReturn(false);
    assertThatThrownBy(() -> complete(task(TASK_SIGN_OFF_CLOSURE, instance),
        withVariables(SIGN_OFF_DECISION, DECISION_SIGNED_OFF)))
        .rootCause().isInstanceOf(ForbiddenException.class).hasMessageContaining("desk may not sign off");
    verify(service, never()).signOff(anyString(), anyString(), any(), any());
    assertThat(instance).isWaitingAt(TASK_SIGN_OFF_CLOSURE);
  }

  @Test
  void theSponsorsDelegateSignsOffActingForTheSponsor() {
    ProcessInstance instance = toSignOff();
    // The sponsor (manager) is away and chgman stands in: the task is offered to chgman as DelegatedTasks does.
    substitutes.put("manager", "chgman");
    taskService().addCandidateUser(task(TASK_SIGN_OFF_CLOSURE, instance).getId(), "chgman");
    when(service.maySignOff(eq(KEY), anyString())).thenReturn(false);
    when(service.maySignOff(KEY, "manager")).thenReturn(true);
    actingAs("chgman");
    complete(task(TASK_SIGN_OFF_CLOSURE, instance),
        withVariables(SIGN_OFF_DECISION, DECISION_SIGNED_OFF, SIGN_OFF_COMMENT, "For the sponsor"));
    verify(service).signOff(KEY, "chgman", "manager", "For the sponsor");
    assertThat(instance).isWaitingAt(TASK_CAPTURE_LESSONS_LEARNED);
  }

  @Test
  void theSponsorsDelegateMayRefuseTheSignOffActingForTheSponsor() {
    ProcessInstance instance = toSignOff();
    substitutes.put("manager", "chgman");
    taskService().addCandidateUser(task(TASK_SIGN_OFF_CLOSURE, instance).getId(), "chgman");
    actingAs("chgman");
    complete(task(TASK_SIGN_OFF_CLOSURE, instance),
        withVariables(SIGN_OFF_DECISION, DECISION_REFUSED, SIGN_OFF_COMMENT, "Handover missing"));
    verify(service).refuseSignOff(KEY, "chgman", "manager", "Handover missing");
  }

  @Test
  void aSubstituteTheTaskWasNotOfferedToSignsOffOnlyAsThemselves() {
    ProcessInstance instance = toSignOff();
    substitutes.put("manager", "chgman");
    // Not offered to chgman (no identity link): chgman is asked about as chgman, and refused.
    when(service.maySignOff(eq(KEY), anyString())).thenReturn(false);
    when(service.maySignOff(KEY, "manager")).thenReturn(true);
    actingAs("chgman");
    assertThatThrownBy(() -> complete(task(TASK_SIGN_OFF_CLOSURE, instance),
        withVariables(SIGN_OFF_DECISION, DECISION_SIGNED_OFF)))
        .rootCause().isInstanceOf(ForbiddenException.class).hasMessageContaining("chgman may not sign off");
    verify(service, never()).signOff(anyString(), anyString(), any(), any());
  }

  @Test
  void theClientContactsDelegateAcceptsADeliverableActingForThem() {
    ProcessInstance instance = start();
    substitutes.put("client", "desk");
    Task task = verificationTasks().stream()
        .filter(t -> Long.valueOf(1L).equals(taskService().getVariable(t.getId(), DELIVERABLE_ID)))
        .findFirst().orElseThrow();
    taskService().addCandidateUser(task.getId(), "desk");
    actingAs("desk");
    taskService().complete(task.getId(), Map.of(VERIFICATION_RESULT, RESULT_ACCEPTED));
    verify(service).verifyDeliverable(KEY, 1L, true, null, "desk", "client");
    assertThat(instance).isWaitingAt(TASK_VERIFY_DELIVERABLE);
  }

  @Test
  void remindsTheSponsorWhenTheSignOffWaitsLongerThanTheReminderSla() {
    ProcessInstance instance = toSignOff();
    Job reminder = job(BOUNDARY_SIGN_OFF_REMINDER, instance);
    // Two working days (9 h each) from Tuesday 10:00 in Berlin: Thursday 10:00.
    assertThat(reminder.getDuedate()).isEqualTo(Date.from(Instant.parse("2030-01-03T09:00:00Z")));
    assertThat(task(TASK_SIGN_OFF_CLOSURE, instance).getFollowUpDate()).isEqualTo(reminder.getDuedate());
    execute(reminder);
    assertThat(mails).last().isEqualTo(MAIL_SIGN_OFF_REMINDER + " -> users=manager groups=null");
    assertThat(instance).isWaitingAt(TASK_SIGN_OFF_CLOSURE).hasPassed("EndEvent_SignOffReminded");
    verify(service, never()).escalateSignOff(anyString());
  }

  @Test
  void escalatesAnOverdueSignOffToTheManagers() {
    ProcessInstance instance = toSignOff();
    Job escalation = job(BOUNDARY_SIGN_OFF_ESCALATION, instance);
    // Five working days: over the weekend to the next Tuesday 10:00 in Berlin.
    assertThat(escalation.getDuedate()).isEqualTo(FIVE_WORKING_DAYS);
    assertThat(task(TASK_SIGN_OFF_CLOSURE, instance).getDueDate()).isEqualTo(escalation.getDuedate());
    execute(escalation);
    verify(service).escalateSignOff(KEY);
    assertThat(task(TASK_SIGN_OFF_CLOSURE, instance)).isNotAssigned().hasCandidateGroup("managers")
        .hasCandidateUser("manager");
    assertThat(mails).last().isEqualTo(MAIL_SIGN_OFF_ESCALATION + " -> users=manager groups=managers");
    assertThat(instance).isWaitingAt(TASK_SIGN_OFF_CLOSURE).hasPassed("EndEvent_SignOffEscalated");
  }

  @Test
  void requiresAVarianceExplanationWhenFinanceClosesAnOverrunAboveTheThreshold() {
    ProcessInstance instance = toWrapUp();
    Task finances = task(TASK_CLOSE_FINANCES, instance);
    assertThat(taskService().getVariables(finances.getId())).containsEntry("financeBudget", "100,000.00")
        .containsEntry("varianceThreshold", "5 %").doesNotContainKeys("financeVariance", "financeActualCost");
    actingAs("fin");
    assertThatThrownBy(() -> complete(finances))
        .rootCause().isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", ACTUAL_COST);
    doThrow(new InvalidRequestException(VARIANCE_EXPLANATION, "is required")).when(service)
        .closeFinances(eq(KEY), eq(new BigDecimal("108000")), isNull(), eq("fin"));
    assertThatThrownBy(() -> complete(finances, withVariables(ACTUAL_COST, 108000)))
        .rootCause().isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", VARIANCE_EXPLANATION);
    assertThat(instance).isWaitingAt(TASK_CLOSE_FINANCES);

    complete(finances, withVariables(ACTUAL_COST, "108000.50", VARIANCE_EXPLANATION, "Extra licences"));
    verify(service).closeFinances(KEY, new BigDecimal("108000.50"), "Extra licences", "fin");
    assertThat(instance).hasPassed(TASK_CLOSE_FINANCES);
  }

  @Test
  void aStartFormRequestsTheClosureAsTheApiDoesWithOneDeliverablePerLine() {
    List<io.sopflow.closure.ClosureRequest> requested = new ArrayList<>();
    when(service.create(any())).thenAnswer(invocation -> {
      requested.add(invocation.getArgument(0));
      processStarts.start(PROCESS_KEY, KEY, Map.of(PROJECT_CLOSURE_ID, 1L, PROJECT_MANAGER, "pm", SPONSOR,
          "manager", CLIENT_CONTACT, "client"));
      return null;
    });

    ProcessInstance instance = engine.getFormService().submitStartForm(closureDefinitionId(), Map.of(
        "projectCode", "APOLLO", "name", "Apollo", "projectManager", "pm", "sponsor", "manager",
        "clientContact", "client", "budget", 100000,
        "deliverables", "Go-live runbook: reviewed by operations\r\n\n  Trained support team : two sessions held  "));

    assertThat(requested).singleElement().satisfies(r -> {
      assertThat(r.projectCode()).isEqualTo("APOLLO");
      assertThat(r.clientContact()).isEqualTo("client");
      assertThat(r.budget()).isEqualByComparingTo("100000");
      assertThat(r.deliverables()).containsExactly(
          new io.sopflow.closure.ClosureRequest.DeliverableRequest("Go-live runbook", "reviewed by operations"),
          new io.sopflow.closure.ClosureRequest.DeliverableRequest("Trained support team", "two sessions held"));
    });
    assertThat(instance.getBusinessKey()).isEqualTo(KEY);
    assertThat(instance).isWaitingAt(TASK_VERIFY_DELIVERABLE).variables().doesNotContainKeys("deliverables", "name",
        "budget", "projectCode");
    assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count()).isOne();
  }

  @Test
  void aStartFormWithADeliverableLineWithoutCriteriaOrWithoutDeliverablesStartsNothing() {
    Map<String, Object> form = new java.util.HashMap<>(Map.of("projectCode", "APOLLO", "name", "Apollo",
        "projectManager", "pm", "sponsor", "manager", "clientContact", "client", "budget", 1000));
    form.put("deliverables", "Runbook: reviewed\nTraining");
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(closureDefinitionId(), form))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("deliverables");
          assertThat(e.getMessage()).contains("line 2");
        });
    form.put("deliverables", " \n ");
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(closureDefinitionId(), form))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("deliverables"));
    form.put("deliverables", "Runbook: reviewed");
    form.put("projectCode", "apollo");
    assertThatThrownBy(() -> engine.getFormService().submitStartForm(closureDefinitionId(), form))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("projectCode"));

    verify(service, never()).create(any());
    assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count()).isZero();
  }

  private String closureDefinitionId() {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS_KEY)
        .singleResult().getId();
  }

  @Test
  void refusesAResourceReleaseWithAnUncheckedItem() {
    ProcessInstance instance = toWrapUp();
    doThrow(new InvalidRequestException(TEAM_RELEASED, "must be confirmed")).when(service)
        .releaseResources(KEY, true, true, false, null, "pm", null);
    assertThatThrownBy(() -> complete(task(TASK_RELEASE_RESOURCES, instance),
        withVariables(ACCOUNTS_CLOSED, true, ENVIRONMENTS_DECOMMISSIONED, true, TEAM_RELEASED, false)))
        .rootCause().isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("field", TEAM_RELEASED);
    assertThat(instance).isWaitingAt(TASK_RELEASE_RESOURCES);
  }

  @Test
  void waitsForThePostImplementationReviewUntilTheDateTheServiceSet() {
    ProcessInstance instance = toWrapUp();
    wrapUp(instance);
    execute(job(instance));
    assertThat(instance).isWaitingAt(EVENT_REVIEW_DUE);
    assertThat(runtimeService().getVariable(instance.getId(), REVIEW_DUE_AT)).isEqualTo(Date.from(REVIEW_DUE));
    Job timer = job(EVENT_REVIEW_DUE, instance);
    assertThat(timer.getDuedate()).isEqualTo(Date.from(REVIEW_DUE));
    assertThat(taskQuery().processInstanceId(instance.getId()).count()).isZero();

    execute(timer);
    assertThat(instance).hasPassed(TASK_SEND_REVIEW_REQUEST).isWaitingAt(TASK_CONDUCT_REVIEW);
    assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).count()).isZero();
  }

  @Test
  void everyTaskIsDueByItsStepSlaInBusinessHours() {
    ProcessInstance instance = start();
    assertThat(verificationTasks()).extracting(Task::getDueDate).containsOnly(FIVE_WORKING_DAYS);
    when(service.verifyDeliverable(eq(KEY), anyLong(), anyBoolean(), any(), eq("client"), any())).thenReturn(false);
    verifyDeliverable(1L, RESULT_OPEN, "rollback missing");
    verifyDeliverable(2L, RESULT_ACCEPTED, null);
    assertThat(task(TASK_RESOLVE_OPEN_DELIVERABLES, instance).getDueDate()).isEqualTo(FIVE_WORKING_DAYS);
    when(service.pendingDeliverableIds(KEY)).thenReturn(List.of(1L));
    complete(task(TASK_RESOLVE_OPEN_DELIVERABLES, instance), withVariables(RESOLUTION_NOTE, "Rollback added"));
    when(service.verifyDeliverable(KEY, 1L, true, null, "client", null)).thenReturn(true);
    verifyDeliverable(1L, RESULT_ACCEPTED, null);

    Task signOff = task(TASK_SIGN_OFF_CLOSURE, instance);
    assertThat(signOff.getDueDate()).isEqualTo(FIVE_WORKING_DAYS);
    assertThat(signOff.getFollowUpDate()).isEqualTo(Date.from(Instant.parse("2030-01-03T09:00:00Z")));
    actingAs("manager");
    complete(signOff, withVariables(SIGN_OFF_DECISION, DECISION_REFUSED, SIGN_OFF_COMMENT, "Handover incomplete"));
    assertThat(task(TASK_ADDRESS_SIGN_OFF_REFUSAL, instance).getDueDate()).isEqualTo(THREE_WORKING_DAYS);
    actingAs("pm");
    complete(task(TASK_ADDRESS_SIGN_OFF_REFUSAL, instance), withVariables(REFUSAL_RESPONSE, "Handover done"));
    signOff(instance);

    for (String wrapUpTask : List.of(TASK_CAPTURE_LESSONS_LEARNED, TASK_CLOSE_FINANCES, TASK_RELEASE_RESOURCES)) {
      assertThat(task(wrapUpTask, instance).getDueDate()).as(wrapUpTask).isEqualTo(FIVE_WORKING_DAYS);
    }
    wrapUp(instance);
    execute(job(instance));
    execute(job(EVENT_REVIEW_DUE, instance));
    assertThat(task(TASK_CONDUCT_REVIEW, instance).getDueDate()).isEqualTo(TEN_WORKING_DAYS);
  }

  @Test
  void refusesACompletionWithoutAnAuthenticatedPerson() {
    ProcessInstance instance = start();
    when(currentUser.id()).thenReturn(Optional.empty());
    Task first = verificationTasks().get(0);

    assertThatThrownBy(() -> taskService().complete(first.getId(), Map.of(VERIFICATION_RESULT, RESULT_ACCEPTED)))
        .rootCause().isInstanceOf(ForbiddenException.class);

    verify(service, never()).verifyDeliverable(anyString(), anyLong(), anyBoolean(), any(), any(), any());
    assertThat(instance).isWaitingAt(TASK_VERIFY_DELIVERABLE);
    assertThat(verificationTasks()).hasSize(2);
  }

  @Test
  void refusesMissingLessonsNamingTheField() {
    ProcessInstance instance = toWrapUp();

    assertThatThrownBy(() -> complete(task(TASK_CAPTURE_LESSONS_LEARNED, instance),
        withVariables(LESSONS_WENT_WELL, "Team spirit", LESSONS_TO_IMPROVE, "  ")))
        .rootCause().isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", LESSONS_TO_IMPROVE);

    verify(service, never()).recordLessons(anyString(), any(), any(), any(), any());
    assertThat(instance).isWaitingAt(TASK_CAPTURE_LESSONS_LEARNED);
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  private ProcessInstance start() {
    return ProcessTestSupport.startForRecord(processStarts, runtimeService(), PROCESS_KEY, KEY,
        Map.of(PROJECT_CLOSURE_ID, 1L, PROJECT_MANAGER, "pm", SPONSOR, "manager", CLIENT_CONTACT, "client"));
  }

  private ProcessInstance toSignOff() {
    ProcessInstance instance = start();
    when(service.verifyDeliverable(eq(KEY), anyLong(), anyBoolean(), any(), any(), any())).thenReturn(false, true);
    verifyDeliverable(1L, RESULT_ACCEPTED, null);
    verifyDeliverable(2L, RESULT_ACCEPTED, null);
    assertThat(mails).last().isEqualTo(MAIL_SIGN_OFF_REQUEST + " -> users=manager groups=null");
    assertThat(instance).isWaitingAt(TASK_SIGN_OFF_CLOSURE);
    assertThat(task(TASK_SIGN_OFF_CLOSURE, instance)).isAssignedTo("manager");
    return instance;
  }

  private ProcessInstance toWrapUp() {
    ProcessInstance instance = toSignOff();
    actingAs("manager");
    complete(task(TASK_SIGN_OFF_CLOSURE, instance), withVariables(SIGN_OFF_DECISION, DECISION_SIGNED_OFF));
    actingAs("pm");
    return instance;
  }

  private void signOff(ProcessInstance instance) {
    actingAs("manager");
    complete(task(TASK_SIGN_OFF_CLOSURE, instance),
        withVariables(SIGN_OFF_DECISION, DECISION_SIGNED_OFF, SIGN_OFF_COMMENT, "Well done"));
    actingAs("pm");
  }

  private void wrapUp(ProcessInstance instance) {
    complete(task(TASK_CAPTURE_LESSONS_LEARNED, instance), withVariables(LESSONS_WENT_WELL, "Team spirit",
        LESSONS_TO_IMPROVE, "Estimates", LESSONS_RECOMMENDATIONS, "Plan buffers"));
    verify(service).recordLessons(KEY, "Team spirit", "Estimates", "Plan buffers", "pm");
    actingAs("fin");
    complete(task(TASK_CLOSE_FINANCES, instance), withVariables(ACTUAL_COST, 108000,
        VARIANCE_EXPLANATION, "Extra licences"));
    actingAs("pm");
    complete(task(TASK_RELEASE_RESOURCES, instance), withVariables(ACCOUNTS_CLOSED, true,
        ENVIRONMENTS_DECOMMISSIONED, true, TEAM_RELEASED, true));
    verify(service).releaseResources(KEY, true, true, true, null, "pm", null);
  }

  private List<Task> verificationTasks() {
    return taskQuery().taskDefinitionKey(TASK_VERIFY_DELIVERABLE).list();
  }

  private void verifyDeliverable(Long deliverableId, String result, String note) {
    Task task = verificationTasks().stream()
        .filter(t -> deliverableId.equals(taskService().getVariable(t.getId(), DELIVERABLE_ID)))
        .findFirst().orElseThrow();
    Map<String, Object> variables = new java.util.HashMap<>();
    variables.put(VERIFICATION_RESULT, result);
    variables.put(VERIFICATION_NOTE, note);
    actingAs("client");
    try {
      taskService().complete(task.getId(), variables);
    } finally {
      actingAs("pm");
    }
  }

  private void actingAs(String user) {
    when(currentUser.id()).thenReturn(Optional.of(user));
  }

  private static long anyLong() {
    return org.mockito.ArgumentMatchers.anyLong();
  }

  private static DeliverableView deliverable(Long id, String name) {
    return new DeliverableView(id, name, "Reviewed and approved", "PENDING", null, null, null, null, 0, null, null);
  }

  private static ClosureView closure() {
    return new ClosureView(KEY, "APOLLO", "Apollo", "SIGN_OFF", "pm", "manager", "client",
        List.of(new DeliverableView(1L, "Go-live runbook", "Reviewed", "ACCEPTED", null, "pm", null, null, 0, null, null)),
        new BigDecimal("100000.00"), new BigDecimal("108000.00"), new BigDecimal("8000.00"), new BigDecimal("8.00"),
        null, null, 1, "Handover incomplete", null, false, false, false, List.of(), false, null, null, null, "pm", null,
        "pid");
  }
}
