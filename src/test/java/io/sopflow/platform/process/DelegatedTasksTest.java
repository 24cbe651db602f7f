package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Substitutes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Offering tasks waiting for a person by name to their substitute, withdrawing them, and reading who acted for whom,
 * on a real engine with a fixed answer to "who stands in for whom".
 */
class DelegatedTasksTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  /** delegator -> delegate, for tasks of the change advisory board only. */
  private final Map<String, String> inForce = new HashMap<>();
  private final Substitutes substitutes = (person, scope) -> scope.contains("change-advisory-board")
      ? Optional.ofNullable(inForce.get(person)) : Optional.empty();
  private final List<String> completions = new ArrayList<>();
  private String actor;
  private DelegatedTasks delegatedTasks;
  private TaskService taskService;

  @BeforeEach
  void deploy() {
    taskService = engine.getTaskService();
    StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("substitutes", substitutes));
    delegatedTasks = new DelegatedTasks(taskService, engine.getRepositoryService(), engine.getAuthorizationService(),
        beans.getBeanProvider(Substitutes.class));
    TaskForms taskForms = new TaskForms(new CurrentUser() {
      @Override
      public Optional<String> id() {
        return Optional.ofNullable(actor);
      }

      @Override
      public Set<String> groups() {
        return Set.of();
      }
    }, substitutes);
    TaskListener listener = task -> {
      TaskForm form = taskForms.read(task);
      completions.add(form.actor() + "|" + form.actingFor().orElse("-") + "|" + form.onBehalfOf() + "|"
          + form.addressees());
    };
    Mocks.register("probeCompleteListener", listener);
    Mocks.register("offerToSubstitutes", new DelegatedTaskPlugin.OfferNewTaskListener(
        new StaticListableBeanFactory(Map.of("delegatedTasks", delegatedTasks)).getBeanProvider(DelegatedTasks.class)));
    engine.manageDeployment(engine.getRepositoryService().createDeployment()
        .addModelInstance("person.bpmn", Bpmn.createExecutableProcess("Process_PersonTask").camundaHistoryTimeToLive(1)
            .startEvent().userTask("Task_Vote").name("Vote").camundaAssignee("${voter}")
            .camundaInputParameter(DelegatedTasks.SETTING_DELEGATION_SCOPE, "change-advisory-board")
            .camundaTaskListenerDelegateExpression(TaskListener.EVENTNAME_COMPLETE, "${probeCompleteListener}")
            .endEvent().done())
        // The create listener DelegatedTaskPlugin adds to every user task, here in the model itself.
        .addModelInstance("created.bpmn", Bpmn.createExecutableProcess("Process_PersonTaskWithCreateListener")
            .camundaHistoryTimeToLive(1).startEvent().userTask("Task_Vote").name("Vote").camundaAssignee("${voter}")
            .camundaInputParameter(DelegatedTasks.SETTING_DELEGATION_SCOPE, "change-advisory-board")
            .camundaTaskListenerDelegateExpression(TaskListener.EVENTNAME_CREATE, "${offerToSubstitutes}")
            .endEvent().done())
        // The reporter's confirmation: only they may do it, so it is never offered.
        .addModelInstance("personal.bpmn", Bpmn.createExecutableProcess("Process_PersonalTask")
            .camundaHistoryTimeToLive(1).startEvent().userTask("Task_Confirm").name("Confirm")
            .camundaAssignee("${voter}")
            .camundaInputParameter(DelegatedTasks.SETTING_DELEGATION_SCOPE, "change-advisory-board")
            .camundaInputParameter(DelegatedTasks.SETTING_DELEGABLE, "false")
            .camundaTaskListenerDelegateExpression(TaskListener.EVENTNAME_CREATE, "${offerToSubstitutes}")
            .endEvent().done())
        .addModelInstance("group.bpmn", Bpmn.createExecutableProcess("Process_GroupTask").camundaHistoryTimeToLive(1)
            .startEvent().userTask("Task_Review").name("Review").camundaCandidateGroups("change-advisory-board")
            .endEvent().done())
        .deploy());
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  @Test
  void anAssignedTaskIsOfferedToTheSubstituteOnceAndGivenBackWhenWithdrawn() {
    Task vote = start("Process_PersonTask", "cab2");
    inForce.put("cab2", "chgman");

    assertThat(delegatedTasks.offerWaitingTasks("cab2")).containsExactly(vote.getId());
    assertThat(delegatedTasks.offerWaitingTasks("cab2")).as("offered once").isEmpty();

    Task offered = reload(vote);
    assertThat(offered.getAssignee()).isNull();
    assertThat(offered.getOwner()).isEqualTo("chgman");
    assertThat(candidateUsers(offered)).containsExactlyInAnyOrder("cab2", "chgman");
    assertThat(taskService.getVariableLocal(vote.getId(), DelegatedTasks.DELEGATED_FROM)).isEqualTo("cab2");
    assertThat(taskService.getVariableLocal(vote.getId(), DelegatedTasks.DELEGATED_TO)).isEqualTo("chgman");

    inForce.clear();
    assertThat(delegatedTasks.withdraw("cab2", "someone-else")).isEmpty();
    assertThat(delegatedTasks.withdraw("cab2", "chgman")).containsExactly(vote.getId());

    Task back = reload(vote);
    assertThat(back.getAssignee()).isEqualTo("cab2");
    assertThat(back.getOwner()).isNull();
    assertThat(candidateUsers(back)).isEmpty();
    assertThat(taskService.getVariablesLocal(vote.getId())).doesNotContainKeys(DelegatedTasks.DELEGATED_FROM,
        DelegatedTasks.DELEGATED_TO);
  }

  @Test
  void groupTasksOutOfScopeTasksAndTasksAlreadyDelegatedAreNotOffered() {
    Task review = start("Process_GroupTask", null);
    taskService.claim(review.getId(), "cab2");
    inForce.put("cab2", "chgman");
    assertThat(delegatedTasks.offerWaitingTasks("cab2")).as("a group task, even claimed").isEmpty();

    Task vote = start("Process_PersonTask", "cab2");
    assertThat(delegatedTasks.offerWaitingTasks("cab2")).containsExactly(vote.getId());
    // No chains: chgman's own delegation does not forward what was delegated to chgman.
    inForce.put("chgman", "cab3");
    assertThat(delegatedTasks.offerWaitingTasks("chgman")).isEmpty();
    assertThat(candidateUsers(reload(vote))).doesNotContain("cab3");
  }

  @Test
  void aTaskCreatedWhileADelegationIsInForceIsOfferedAsItIsCreated() {
    inForce.put("cab2", "chgman");
    Task created = start("Process_PersonTaskWithCreateListener", "cab2");
    assertThat(created.getAssignee()).isNull();
    assertThat(created.getOwner()).isEqualTo("chgman");
    assertThat(candidateUsers(created)).containsExactlyInAnyOrder("cab2", "chgman");
    Task other = start("Process_PersonTaskWithCreateListener", "cab1");
    assertThat(other.getAssignee()).isEqualTo("cab1");
    assertThat(other.getOwner()).isNull();
  }

  @Test
  void aHandedOverTaskLeavesTheFormerPersonAndTheirDelegateAndIsOfferedToTheNewPersonsDelegate() {
    inForce.put("cab2", "chgman");
    Task vote = start("Process_PersonTaskWithCreateListener", "cab2");
    assertThat(reload(vote).getOwner()).isEqualTo("chgman");
    inForce.put("cab3", "incman");

    assertThat(delegatedTasks.handOver(vote.getId(), "cab3")).containsExactlyInAnyOrder("cab2", "chgman");

    Task handed = reload(vote);
    assertThat(handed.getAssignee()).isNull();
    assertThat(handed.getOwner()).isEqualTo("incman");
    assertThat(candidateUsers(handed)).containsExactlyInAnyOrder("cab3", "incman");
    assertThat(taskService.getVariableLocal(vote.getId(), DelegatedTasks.DELEGATED_FROM)).isEqualTo("cab3");

    inForce.clear();
    assertThat(delegatedTasks.withdraw("cab3", "incman")).containsExactly(vote.getId());
    assertThat(reload(vote).getAssignee()).as("the new person's own task once the delegation ends").isEqualTo("cab3");
    assertThat(delegatedTasks.handOver(vote.getId(), "cab1")).containsExactly("cab3");
    assertThat(reload(vote).getAssignee()).isEqualTo("cab1");
    assertThat(candidateUsers(reload(vote))).isEmpty();
  }

  @Test
  void aHandOverLeavesEveryoneElseNoLinkNorRightAndTheNewPeopleWhatAFreshTaskGivesThem() {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    configuration.setAuthorizationEnabled(true); // the engine grants task rights only with authorization checks on
    try {
      Task vote = start("Process_PersonTask", "cab2");
      // cab2 delegates it with the engine's own delegation (POST /task/{id}/delegate): cab2 owner, x assignee.
      taskService.delegateTask(vote.getId(), "x");
      taskService.addCandidateUser(vote.getId(), "earlier");
      assertThat(userRights(vote)).containsOnlyKeys("cab2", "x", "earlier");

      assertThat(delegatedTasks.handOver(vote.getId(), "cab3")).containsExactlyInAnyOrder("cab2", "x", "earlier");

      Task handed = reload(vote);
      assertThat(handed.getAssignee()).isEqualTo("cab3");
      assertThat(handed.getOwner()).isNull();
      assertThat(handed.getDelegationState()).as("not pending: a fresh task's assignee completes it").isNull();
      assertThat(candidateUsers(handed)).isEmpty();
      Task fresh = start("Process_PersonTask", "cab3");
      assertThat(userRights(handed)).isEqualTo(userRights(fresh));
      assertThat(delegatedTasks.handOver(vote.getId(), "cab3")).as("nothing left to take").isEmpty();
      assertThat(userRights(handed)).isEqualTo(userRights(fresh));

      inForce.put("cab1", "incman");
      assertThat(delegatedTasks.handOver(vote.getId(), "cab1")).containsExactly("cab3");
      Task offered = start("Process_PersonTaskWithCreateListener", "cab1");
      assertThat(reload(offered).getOwner()).isEqualTo("incman");
      assertThat(userRights(vote)).isEqualTo(userRights(offered)).containsOnlyKeys("cab1", "incman");
      assertThat(delegatedTasks.handOver(vote.getId(), "cab1")).as("nothing left to take").isEmpty();
    } finally {
      configuration.setAuthorizationEnabled(false);
    }
  }

  @Test
  void theDelegateCompletingActsForTheDelegatorAndTheDelegatorForThemselves() {
    inForce.put("cab2", "chgman");
    Task byDelegate = start("Process_PersonTask", "cab2");
    Task byDelegator = start("Process_PersonTask", "cab2");
    delegatedTasks.offerWaitingTasks("cab2");

    actor = "chgman";
    taskService.complete(byDelegate.getId());
    actor = "cab2";
    taskService.complete(byDelegator.getId());

    assertThat(completions).containsExactly("chgman|cab2|cab2|[cab2]", "cab2|-|cab2|[cab2]");
  }

  @Test
  void aSubstituteWhoWasNotOfferedTheTaskActsForThemselves() {
    Task vote = start("Process_PersonTask", "cab2");
    inForce.put("cab2", "chgman");
    // Not offered (no window start yet): chgman is no person the task waits for.
    actor = "chgman";
    taskService.complete(vote.getId());
    assertThat(completions).containsExactly("chgman|-|chgman|[cab2]");
  }

  @Test
  void aPersonalTaskIsNeitherOfferedWhenTheDelegationStartsNorWhenItIsCreatedAndADelegableOneIs() {
    Task personal = start("Process_PersonalTask", "cab2");
    Task vote = start("Process_PersonTask", "cab2");
    inForce.put("cab2", "chgman");

    assertThat(delegatedTasks.offerWaitingTasks("cab2")).containsExactly(vote.getId());
    Task created = start("Process_PersonalTask", "cab2");

    for (Task own : List.of(personal, created)) {
      Task waiting = reload(own);
      assertThat(waiting.getAssignee()).as("still the person's own").isEqualTo("cab2");
      assertThat(waiting.getOwner()).isNull();
      assertThat(candidateUsers(waiting)).isEmpty();
      assertThat(taskService.getVariableLocal(own.getId(), DelegatedTasks.DELEGATED_TO)).isNull();
    }
    assertThat(taskService.createTaskQuery().taskCandidateUser("chgman").list()).extracting(Task::getId)
        .containsExactly(vote.getId());
    assertThat(delegatedTasks.handOver(personal.getId(), "cab2")).as("nothing to hand over").isEmpty();
    assertThat(reload(personal).getOwner()).isNull();
  }

  @Test
  void theTasksOfModelsBeforeTheSettingAreDelegableUnlessTheyWereAPersonsOwnInTheirProcess() {
    // Service requests and the versions before the setting: by process key and task id.
    assertThat(DelegatedTasks.delegable(userTask("ServiceRequestProcess", "Task_ConfirmFulfilment", null))).isFalse();
    assertThat(DelegatedTasks.delegable(userTask("IncidentEscalationProcess", "Task_AnswerQuestion", null))).isFalse();
    assertThat(DelegatedTasks.delegable(userTask("ChangeApprovalProcess", "Task_ProvideChangeDetails", null)))
        .isFalse();
    assertThat(DelegatedTasks.delegable(userTask("ServiceRequestProcess", "Task_ApproveAsLineManager", null)))
        .isTrue();
    assertThat(DelegatedTasks.delegable(userTask("Process_Other", "Task_ConfirmFulfilment", null)))
        .as("the same task id in another SOP").isTrue();
    // The setting, where a model has it, decides.
    assertThat(DelegatedTasks.delegable(userTask("ServiceRequestProcess", "Task_ConfirmFulfilment", "true")))
        .isTrue();
    assertThat(DelegatedTasks.delegable(userTask("Process_Other", "Task_Vote", "false"))).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        DelegatedTasks.delegable(userTask("Process_Other", "Task_Vote", "no")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Task_Vote")
        .hasMessageContaining("true or false");
  }

  @Test
  void theShippedModelsOfferNoPersonsOwnTaskToADelegateAndEveryOtherTaskForAPerson() throws Exception {
    Map<String, List<String>> personal = new java.util.TreeMap<>();
    Map<String, List<String>> delegable = new java.util.TreeMap<>();
    try (var models = java.nio.file.Files.list(java.nio.file.Path.of("processes"))) {
      for (java.nio.file.Path model : models.filter(m -> m.toString().endsWith(".bpmn")).sorted().toList()) {
        var instance = Bpmn.readModelFromFile(model.toFile());
        for (var task : instance.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.UserTask.class)) {
          if (task.getCamundaAssignee() == null && task.getCamundaCandidateUsers() == null) {
            continue; // a group's task is never offered anyway
          }
          String process = model.getFileName().toString().replace(".bpmn", "");
          (DelegatedTasks.delegable(task) ? delegable : personal)
              .computeIfAbsent(process, k -> new ArrayList<>()).add(task.getId());
        }
      }
    }
    assertThat(personal).containsExactly(
        Map.entry("ChangeApprovalProcess", List.of("Task_ProvideChangeDetails")),
        Map.entry("IncidentEscalationProcess", List.of("Task_ConfirmResolution", "Task_AnswerQuestion")),
        Map.entry("ServiceRequestProcess", List.of("Task_ConfirmFulfilment")));
    assertThat(delegable.get("AccessProvisioningProcess")).containsExactly("Task_ApproveAsLineManager");
    assertThat(delegable.get("ServiceRequestProcess")).containsExactly("Task_ApproveAsLineManager");
    assertThat(delegable.get("ChangeApprovalProcess"))
        .containsExactly("Task_VoteOnChange", "Task_ImplementChange", "Task_BackOutChange");
  }

  private static org.camunda.bpm.model.bpmn.instance.UserTask userTask(String process, String taskId,
      String delegableSetting) {
    var builder = Bpmn.createExecutableProcess(process).startEvent().userTask(taskId).camundaAssignee("${voter}");
    if (delegableSetting != null) {
      builder = builder.camundaInputParameter(DelegatedTasks.SETTING_DELEGABLE, delegableSetting);
    }
    return builder.endEvent().done().getModelElementById(taskId);
  }

  private Task start(String process, String voter) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("voter", voter);
    String instance = engine.getRuntimeService().startProcessInstanceByKey(process, variables).getId();
    return taskService.createTaskQuery().processInstanceId(instance).singleResult();
  }

  private Task reload(Task task) {
    return taskService.createTaskQuery().taskId(task.getId()).singleResult();
  }

  /** The task rights the engine holds per user on the task (user id -> permissions). */
  private Map<String, Integer> userRights(Task task) {
    Map<String, Integer> rights = new HashMap<>();
    engine.getAuthorizationService().createAuthorizationQuery().resourceType(Resources.TASK).resourceId(task.getId())
        .list().stream().filter(a -> a.getUserId() != null)
        .forEach(a -> rights.merge(a.getUserId(), ((AuthorizationEntity) a).getPermissions(), (x, y) -> x | y));
    return rights;
  }

  private List<String> candidateUsers(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream().filter(l -> "candidate".equals(l.getType()))
        .map(IdentityLink::getUserId).filter(Objects::nonNull).toList();
  }
}
