package io.sopflow.change.process;

import io.sopflow.change.ChangeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * An approval SLA was breached: records the escalation and, if the input parameter {@code offerToGroup} is set,
 * offers the waiting task ({@code taskDefinitionKey}) to that group as well (e.g. {@code managers}). With
 * {@code releaseAssignee=true} a task assigned to one person (an overdue CAB vote) is re-offered: its assignee stays a
 * candidate, and a member of the group may claim it (a change manager then records the vote on the member's behalf).
 */
@Component("escalateChangeApprovalDelegate")
public class EscalateChangeApprovalDelegate implements JavaDelegate {

  private final ChangeService changeService;
  private final TaskService taskService;

  public EscalateChangeApprovalDelegate(ChangeService changeService, TaskService taskService) {
    this.changeService = changeService;
    this.taskService = taskService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    String stage = (String) execution.getVariableLocal(ChangeApprovalProcess.INPUT_STAGE);
    changeService.recordEscalation(number, stage);
    Object group = execution.getVariableLocal(ChangeApprovalProcess.INPUT_OFFER_TO_GROUP);
    Object taskKey = execution.getVariableLocal(ChangeApprovalProcess.INPUT_TASK_DEFINITION_KEY);
    boolean releaseAssignee = "true".equals(String.valueOf(
        execution.getVariableLocal(ChangeApprovalProcess.INPUT_RELEASE_ASSIGNEE)));
    if (group != null && taskKey != null) {
      taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
          .taskDefinitionKey(taskKey.toString()).active().list()
          .forEach(task -> {
            if (releaseAssignee && task.getAssignee() != null) {
              taskService.addCandidateUser(task.getId(), task.getAssignee());
              taskService.setAssignee(task.getId(), null);
            }
            taskService.addCandidateGroup(task.getId(), group.toString());
          });
    }
  }
}
