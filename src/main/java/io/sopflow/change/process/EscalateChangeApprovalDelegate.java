package io.sopflow.change.process;

import io.sopflow.change.ChangeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * An approval SLA was breached: records the escalation and, if the input parameter {@code offerToGroup} is set,
 * offers the waiting task ({@code taskDefinitionKey}) to that group as well (e.g. {@code managers}).
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
    if (group != null && taskKey != null) {
      taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
          .taskDefinitionKey(taskKey.toString()).active().list()
          .forEach(task -> taskService.addCandidateGroup(task.getId(), group.toString()));
    }
  }
}
