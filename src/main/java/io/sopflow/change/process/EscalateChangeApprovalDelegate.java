package io.sopflow.change.process;

import io.sopflow.change.ChangeService;
import io.sopflow.identity.OverdueApprovals;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * An approval SLA was breached: records the escalation and, if the input parameter {@code offerToGroup} is set,
 * offers the waiting task ({@code taskDefinitionKey}) to that group as well (e.g. {@code managers}). With
 * {@code releaseAssignee=true} a task assigned to one person (an overdue CAB vote) is re-offered: its assignee stays a
 * candidate, and a member of the group may claim it (a change manager then records the vote on the member's behalf).
 *
 * <p>With a {@code delegationScope} (the CAB vote's), an overdue vote of a member who has a delegate in force
 * ({@link OverdueApprovals#delegateOf}) goes to that delegate instead of the group: offered to them (if it was not
 * yet) and they are mailed. The following mail task reads who: {@value #ESCALATED_TO_USERS} (the delegates) and
 * {@value #ESCALATED_TO_GROUPS} (the group, if any vote was re-offered to it).
 */
@Component("escalateChangeApprovalDelegate")
public class EscalateChangeApprovalDelegate implements JavaDelegate {

  static final String INPUT_DELEGATION_SCOPE = "delegationScope";
  static final String ESCALATED_TO_USERS = "escalatedToUsers";
  static final String ESCALATED_TO_GROUPS = "escalatedToGroups";

  private final ChangeService changeService;
  private final TaskService taskService;
  private final OverdueApprovals overdueApprovals;

  public EscalateChangeApprovalDelegate(ChangeService changeService, TaskService taskService,
      OverdueApprovals overdueApprovals) {
    this.changeService = changeService;
    this.taskService = taskService;
    this.overdueApprovals = overdueApprovals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    String stage = (String) execution.getVariableLocal(ChangeApprovalProcess.INPUT_STAGE);
    changeService.recordEscalation(number, stage);
    Object group = execution.getVariableLocal(ChangeApprovalProcess.INPUT_OFFER_TO_GROUP);
    Object taskKey = execution.getVariableLocal(ChangeApprovalProcess.INPUT_TASK_DEFINITION_KEY);
    Object scope = execution.getVariableLocal(INPUT_DELEGATION_SCOPE);
    boolean releaseAssignee = "true".equals(String.valueOf(
        execution.getVariableLocal(ChangeApprovalProcess.INPUT_RELEASE_ASSIGNEE)));
    if (group == null || taskKey == null) {
      return;
    }
    Set<String> delegates = new LinkedHashSet<>();
    boolean offeredToGroup = false;
    for (Task task : taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(taskKey.toString()).active().list()) {
      Optional<String> delegate = scope == null ? Optional.empty() : memberOf(task)
          .flatMap(member -> overdueApprovals.delegateOf(member, List.of(scope.toString().split(","))));
      if (releaseAssignee && task.getAssignee() != null) {
        taskService.addCandidateUser(task.getId(), task.getAssignee());
        taskService.setAssignee(task.getId(), null);
      }
      if (delegate.isPresent()) {
        offerTo(task, delegate.get());
        delegates.add(delegate.get());
      } else {
        taskService.addCandidateGroup(task.getId(), group.toString());
        offeredToGroup = true;
      }
    }
    execution.setVariable(ESCALATED_TO_USERS, new ArrayList<>(delegates));
    execution.setVariable(ESCALATED_TO_GROUPS, offeredToGroup ? group.toString() : "");
  }

  /** The member a vote waits for: the multi-instance element variable of its execution. */
  private Optional<String> memberOf(Task task) {
    return Optional.ofNullable((String) taskService.getVariable(task.getId(), ChangeApprovalProcess.CAB_VOTER));
  }

  /** Offers the task to the delegate unless it is theirs already (the delegation offered it when it started). */
  private void offerTo(Task task, String delegate) {
    boolean offered = taskService.getIdentityLinksForTask(task.getId()).stream()
        .map(IdentityLink::getUserId).anyMatch(delegate::equals);
    if (!offered) {
      taskService.addCandidateUser(task.getId(), delegate);
    }
    if (task.getOwner() == null) {
      taskService.setOwner(task.getId(), delegate);
    }
  }
}
