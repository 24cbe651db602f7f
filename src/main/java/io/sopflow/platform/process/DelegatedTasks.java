package io.sopflow.platform.process;

import io.sopflow.identity.Substitutes;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one home of delegated tasks on the engine side: a task waiting for a person by name (its assignee or a
 * candidate user) is also offered to the person standing in for them ({@link Substitutes}), as a candidate user,
 * and withdrawn again when the delegation ends. Group tasks are left alone: the group sees them anyway; so are a
 * person's own tasks (setting {@value #SETTING_DELEGABLE} {@code false}): the delegate may not do them, and an offer
 * of one made before the setting is withdrawn ({@link #withdrawPersonalOffer}).
 *
 * <p>An assigned task cannot be completed in Tasklist by anyone but its assignee, so offering it turns the delegator
 * from assignee into a candidate user next to the delegate (either may claim it); withdrawing it gives it back to the
 * delegator as assignee (unless it was re-offered to a group meanwhile, e.g. an overdue CAB vote).
 *
 * <p>The delegate becomes the task's owner: Tasklist's filter "Delegated to me" is "owner = current user" (a filter
 * cannot compare a variable with the current user; the owner it can, and it never shows the delegator their own
 * task). The task-local variables {@value #DELEGATED_FROM} and {@value #DELEGATED_TO} mark the offer: the filter shows
 * "Delegated from" as a column, and a second delegation never forwards a task offered to a delegate (no chains).
 * They are display and bookkeeping only; who acted for whom is decided from identity links and the delegation in force
 * ({@link TaskForms}), never from variables a completion could overwrite.
 */
@Component
public class DelegatedTasks {

  public static final String DELEGATED_FROM = "delegatedFrom";
  public static final String DELEGATED_TO = "delegatedTo";
  /** Set when the delegator was the assignee: the withdrawal assigns the task to them again. */
  public static final String DELEGATED_ASSIGNEE = "delegatedAssignee";
  /** Per-task setting (an input parameter of the user task): the group scope of a task offered to a person by name. */
  public static final String SETTING_DELEGATION_SCOPE = "delegationScope";
  /**
   * Per-task setting (an input parameter of the user task), {@code true} or {@code false}, {@code true} when absent:
   * {@code false} on a task that only the person it waits for may do (the reporter confirms their incident is
   * resolved; the requester answers a question, confirms and rates), whose listener refuses anyone else. Such a task
   * is never offered to a delegate: they would find it in Tasklist and be refused with 403 when they complete it.
   */
  public static final String SETTING_DELEGABLE = "delegable";

  /**
   * The personal tasks of the model versions before {@value #SETTING_DELEGABLE}, by process key and task id (this
   * setting is read for every model, where task ids repeat across SOPs). Instances on those versions keep their model
   * until they are migrated, and a changed model waits for its four-eyes approval, so their tasks are not offered
   * either: {@code form.setting(name, type, beforeTheSetting)} of {@link TaskForm}, for a rule of every model.
   * (Incident 1.7.0, change 3.3.0 and service request 1.3.0 are the first versions with the setting.)
   */
  static final Map<String, Set<String>> PERSONAL_BEFORE_THE_SETTING = Map.of(
      "ChangeApprovalProcess", Set.of("Task_ProvideChangeDetails"),
      "IncidentEscalationProcess", Set.of("Task_ConfirmResolution", "Task_AnswerQuestion"),
      "ServiceRequestProcess", Set.of("Task_ConfirmFulfilment"));

  private final TaskService taskService;
  private final RepositoryService repositoryService;
  private final AuthorizationService authorizationService;
  private final ObjectProvider<Substitutes> substitutes;

  DelegatedTasks(TaskService taskService, RepositoryService repositoryService,
      AuthorizationService authorizationService, ObjectProvider<Substitutes> substitutes) {
    this.taskService = taskService;
    this.authorizationService = authorizationService;
    this.repositoryService = repositoryService;
    this.substitutes = substitutes;
  }

  /**
   * A delegation came into force: every open task waiting for {@code delegator} by name, within the delegation's
   * scope, is offered to their substitute. Returns the ids of the tasks offered.
   */
  public List<String> offerWaitingTasks(String delegator) {
    return taskService.createTaskQuery().taskInvolvedUser(delegator).list().stream()
        .map(EngineTask::new)
        .filter(task -> offer(task, delegator))
        .map(task -> task.task.getId())
        .toList();
  }

  /** A delegation ended: what was offered to {@code delegate} for {@code delegator} is withdrawn. Returns the task ids. */
  public List<String> withdraw(String delegator, String delegate) {
    List<String> withdrawn = taskService.createTaskQuery().taskVariableValueEquals(DELEGATED_FROM, delegator)
        .taskVariableValueEquals(DELEGATED_TO, delegate).list().stream()
        .map(EngineTask::new)
        .filter(task -> withdraw(task, delegator, delegate))
        .map(task -> task.task.getId())
        .toList();
    for (String taskId : withdrawn) {
      revokeTaskRights(taskId, delegate);
    }
    return withdrawn;
  }

  /**
   * The open tasks offered to a delegate that are a person's own (not {@link #delegable}): offered before the setting
   * {@value #SETTING_DELEGABLE} existed, or by a node of that version during a rolling upgrade, and kept by a delegation
   * in force until it ends. The delegate would find them in "Delegated to me" and be refused (403) on completion.
   */
  public List<String> personalOffers() {
    return taskService.createTaskQuery().taskVariableValueLike(DELEGATED_TO, "%").list().stream()
        .filter(task -> !delegable(new EngineTask(task).element()))
        .map(Task::getId)
        .toList();
  }

  /**
   * Withdraws the offer of a person's own task as the end of its delegation would: the task waits for the person
   * alone again, as it did before it was offered. Idempotent: a task no longer offered, delegable, or gone is left
   * as it is (false). Of two nodes withdrawing the same offer at once the second fails on the engine's optimistic
   * lock and rolls back.
   */
  public boolean withdrawPersonalOffer(String taskId) {
    Task found = taskService.createTaskQuery().taskId(taskId).singleResult();
    if (found == null) {
      return false; // completed or deleted meanwhile
    }
    EngineTask task = new EngineTask(found);
    if (!(task.local(DELEGATED_FROM) instanceof String delegator)
        || !(task.local(DELEGATED_TO) instanceof String delegate) || delegable(task.element())) {
      return false;
    }
    withdraw(task, delegator, delegate);
    revokeTaskRights(taskId, delegate);
    return true;
  }

  /**
   * The engine grants an assignee, a candidate user and an owner read and work on the task, and keeps that grant when
   * the identity link goes: without this a person the task was taken from could still complete it by its id.
   */
  private void revokeTaskRights(String taskId, String userId) {
    authorizationService.createAuthorizationQuery().userIdIn(userId).resourceType(Resources.TASK)
        .resourceId(taskId).list().forEach(a -> authorizationService.deleteAuthorization(a.getId()));
  }

  /**
   * The person a waiting task is for is replaced (a record now names someone else for the step, e.g. a closure's
   * client contact): afterwards the task stands as if it had been created for {@code assignee} now. An offer to a
   * substitute is withdrawn, the engine's own delegation ({@code POST /task/{id}/delegate}: the delegator as owner,
   * state pending) is undone, the owner and every candidate user go (candidate groups stay), the task is assigned to
   * {@code assignee} and offered to their substitute as a new task would be. The engine grants an assignee, an owner
   * and a candidate user read and work on the task and keeps that grant when the link goes, so every task right of a
   * single user goes too, and the new people get theirs anew from the engine with their links: nobody it was taken
   * from (the former person, their delegate, an earlier owner or assignee) can still read, assign or complete it by
   * its id, and the new people hold exactly what a new task gives them (a right granted to them by hand is not
   * carried over). A revocation ({@code AUTH_TYPE_REVOKE}) only takes rights away and stays. Idempotent: handing a
   * task over to the person it stands for leaves it as it is. Returns the people it was taken from: those with a link
   * or a task right before and none after (empty when nothing had to move).
   */
  public Set<String> handOver(String taskId, String assignee) {
    EngineTask task = new EngineTask(taskService.createTaskQuery().taskId(taskId).singleResult());
    Set<String> before = task.people();
    task.endEngineDelegation();
    if (task.local(DELEGATED_FROM) instanceof String delegator && task.local(DELEGATED_TO) instanceof String delegate) {
      withdraw(task, delegator, delegate);
    }
    task.setOwner(null);
    task.candidateUsers().forEach(task::deleteCandidateUser);
    task.personalRights().forEach(a -> authorizationService.deleteAuthorization(a.getId()));
    task.setAssignee(assignee); // also when it is theirs already: the engine grants the assignee anew
    offer(task, assignee);
    Set<String> takenFrom = new LinkedHashSet<>(before);
    takenFrom.removeAll(task.people());
    return takenFrom;
  }

  /** A new task: offered to the substitute of each person it waits for by name (called by the create listener). */
  void offerNewTask(DelegateTask task) {
    ListenerTask waiting = new ListenerTask(task);
    for (String person : waiting.persons()) {
      if (offer(waiting, person)) {
        return;
      }
    }
  }

  /** The group scope of a task: its candidate groups and its {@value #SETTING_DELEGATION_SCOPE} setting. */
  static Set<String> scopeOf(Collection<IdentityLink> links, ModelElementInstance element) {
    Set<String> scope = new LinkedHashSet<>();
    links.stream().filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType())).map(IdentityLink::getGroupId)
        .filter(Objects::nonNull).forEach(scope::add);
    TaskForm.setting(element, SETTING_DELEGATION_SCOPE).ifPresent(groups -> {
      for (String group : groups.split(",")) {
        if (!group.isBlank()) {
          scope.add(group.strip());
        }
      }
    });
    return scope;
  }

  /**
   * Whether a task of this model element may be offered to a delegate: its {@value #SETTING_DELEGABLE} setting, or,
   * where it has none, not when it is one of {@link #PERSONAL_BEFORE_THE_SETTING}. Any other value than {@code true}
   * or {@code false} is a modelling error naming the task.
   */
  static boolean delegable(ModelElementInstance element) {
    if (!(element instanceof BaseElement task)) {
      return true;
    }
    Optional<String> setting = TaskForm.setting(element, SETTING_DELEGABLE);
    if (setting.isEmpty()) {
      return !PERSONAL_BEFORE_THE_SETTING.getOrDefault(processKeyOf(element), Set.of()).contains(task.getId());
    }
    return switch (setting.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalStateException("Input parameter '" + SETTING_DELEGABLE + "' of " + task.getId()
          + " must be true or false, not '" + setting.get() + "'");
    };
  }

  private static String processKeyOf(ModelElementInstance element) {
    ModelElementInstance parent = element.getParentElement();
    while (parent != null && !(parent instanceof Process)) {
      parent = parent.getParentElement();
    }
    return parent == null ? null : ((Process) parent).getId();
  }

  /** The people a task waits for by name: its assignee and its candidate users. */
  static Set<String> personsOf(String assignee, Collection<IdentityLink> links) {
    Set<String> persons = new LinkedHashSet<>();
    if (assignee != null) {
      persons.add(assignee);
    }
    links.stream().filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType())).map(IdentityLink::getUserId)
        .filter(Objects::nonNull).forEach(persons::add);
    return persons;
  }

  private boolean offer(WaitingTask task, String delegator) {
    if (task.local(DELEGATED_TO) != null) {
      return false; // one offer per task, and never a chain: a task offered to a delegate is not forwarded again
    }
    boolean assigned = delegator.equals(task.assignee());
    if (!assigned && !task.candidateUsers().contains(delegator)) {
      return false;
    }
    if (!task.scopeGroups().isEmpty()) {
      return false; // a group task (also one claimed by the delegator): the group sees it anyway
    }
    if (!delegable(task.element())) {
      return false; // the person's own: the delegate may not do it
    }
    Optional<String> substitute = substitutes.getObject().substituteFor(delegator, task.scope());
    if (substitute.isEmpty() || task.persons().contains(substitute.get())) {
      return false;
    }
    if (assigned) {
      task.addCandidateUser(delegator);
      task.setAssignee(null);
      task.setLocal(DELEGATED_ASSIGNEE, delegator);
    }
    task.addCandidateUser(substitute.get());
    task.setOwner(substitute.get());
    task.setLocal(DELEGATED_FROM, delegator);
    task.setLocal(DELEGATED_TO, substitute.get());
    return true;
  }

  private boolean withdraw(WaitingTask task, String delegator, String delegate) {
    if (!delegator.equals(task.local(DELEGATED_FROM)) || !delegate.equals(task.local(DELEGATED_TO))) {
      return false;
    }
    if (delegate.equals(task.assignee())) {
      task.setAssignee(null);
    }
    task.deleteCandidateUser(delegate);
    if (delegate.equals(task.owner())) {
      task.setOwner(null);
    }
    if (delegator.equals(task.local(DELEGATED_ASSIGNEE)) && task.assignee() == null && task.scopeGroups().isEmpty()) {
      task.deleteCandidateUser(delegator);
      task.setAssignee(delegator);
    }
    task.removeLocal(DELEGATED_ASSIGNEE);
    task.removeLocal(DELEGATED_FROM);
    task.removeLocal(DELEGATED_TO);
    return true;
  }

  /** The few things offering and withdrawing need of a task, the same whether it is being created or waits. */
  private interface WaitingTask {
    String assignee();
    Collection<IdentityLink> links();
    ModelElementInstance element();
    Object local(String name);
    void setLocal(String name, Object value);
    void removeLocal(String name);
    void setAssignee(String userId);
    String owner();
    void setOwner(String userId);
    void addCandidateUser(String userId);
    void deleteCandidateUser(String userId);

    default Set<String> persons() {
      return personsOf(assignee(), links());
    }

    default Set<String> candidateUsers() {
      return personsOf(null, links());
    }

    default Set<String> scope() {
      return scopeOf(links(), element());
    }

    default Set<String> scopeGroups() {
      return scopeOf(links(), null);
    }
  }

  private record ListenerTask(DelegateTask task) implements WaitingTask {
    public String assignee() { return task.getAssignee(); }
    public Collection<IdentityLink> links() { return task.getCandidates(); }
    public ModelElementInstance element() { return task.getBpmnModelElementInstance(); }
    public Object local(String name) { return task.getVariableLocal(name); }
    public void setLocal(String name, Object value) { task.setVariableLocal(name, value); }
    public void removeLocal(String name) { task.removeVariableLocal(name); }
    public void setAssignee(String userId) { task.setAssignee(userId); }
    public String owner() { return task.getOwner(); }
    public void setOwner(String userId) { task.setOwner(userId); }
    public void addCandidateUser(String userId) { task.addCandidateUser(userId); }
    public void deleteCandidateUser(String userId) { task.deleteCandidateUser(userId); }
  }

  private final class EngineTask implements WaitingTask {
    private final Task task;

    EngineTask(Task task) {
      this.task = task;
    }

    public String assignee() { return taskService.createTaskQuery().taskId(task.getId()).singleResult().getAssignee(); }
    public Collection<IdentityLink> links() { return taskService.getIdentityLinksForTask(task.getId()); }
    public Object local(String name) { return taskService.getVariableLocal(task.getId(), name); }
    public void setLocal(String name, Object value) { taskService.setVariableLocal(task.getId(), name, value); }
    public void removeLocal(String name) { taskService.removeVariableLocal(task.getId(), name); }
    public void setAssignee(String userId) { taskService.setAssignee(task.getId(), userId); }
    public String owner() { return taskService.createTaskQuery().taskId(task.getId()).singleResult().getOwner(); }
    public void setOwner(String userId) {
      if (userId != null) {
        taskService.setOwner(task.getId(), userId);
        return;
      }
      // setOwner(id, null) is refused by the engine ("userId and groupId cannot both be null"): the owner goes as a
      // removed identity link of type owner.
      String owner = owner();
      if (owner != null) {
        taskService.deleteUserIdentityLink(task.getId(), owner, IdentityLinkType.OWNER);
      }
    }
    public void addCandidateUser(String userId) { taskService.addCandidateUser(task.getId(), userId); }
    public void deleteCandidateUser(String userId) { taskService.deleteCandidateUser(task.getId(), userId); }

    /** The task rights granted to single users on this task (not to groups, not to every user). */
    List<Authorization> personalRights() {
      return authorizationService.createAuthorizationQuery().resourceType(Resources.TASK).resourceId(task.getId())
          .authorizationType(Authorization.AUTH_TYPE_GRANT).list().stream()
          .filter(a -> a.getUserId() != null && !Authorization.ANY.equals(a.getUserId())).toList();
    }

    /** Everyone the task names as a person (assignee, owner, candidate user) or grants a right of their own. */
    Set<String> people() {
      Set<String> people = new LinkedHashSet<>(persons());
      if (owner() != null) {
        people.add(owner());
      }
      personalRights().forEach(a -> people.add(a.getUserId()));
      return people;
    }

    /**
     * Undoes the engine's own delegation: a pending task is resolved, not completed, in Tasklist, and resolving hands
     * it back to its owner; a new task has no delegation state.
     */
    void endEngineDelegation() {
      Task current = taskService.createTaskQuery().taskId(task.getId()).singleResult();
      if (current.getDelegationState() != null) {
        current.setDelegationState(null);
        taskService.saveTask(current);
      }
    }

    public ModelElementInstance element() {
      return task.getProcessDefinitionId() == null ? null
          : repositoryService.getBpmnModelInstance(task.getProcessDefinitionId())
              .getModelElementById(task.getTaskDefinitionKey());
    }
  }
}
