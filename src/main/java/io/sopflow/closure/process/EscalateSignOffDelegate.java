package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.TASK_SIGN_OFF_CLOSURE;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.Groups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The sign-off is overdue: records the escalation and offers the waiting sign-off task to the managers as well. */
@Component("escalateSignOffDelegate")
class EscalateSignOffDelegate implements JavaDelegate {

  private final ProjectClosureService service;

  EscalateSignOffDelegate(ProjectClosureService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.escalateSignOff(execution.getProcessBusinessKey());
    var taskService = execution.getProcessEngineServices().getTaskService();
    taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(TASK_SIGN_OFF_CLOSURE).active().list()
        .forEach(task -> taskService.addCandidateGroup(task.getId(), Groups.MANAGERS));
  }
}
