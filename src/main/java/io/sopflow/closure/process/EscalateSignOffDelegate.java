package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.TASK_SIGN_OFF_CLOSURE;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.Groups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The sign-off is overdue: records the escalation and offers the waiting sign-off task to the managers as well. The
 * task is released from the sponsor's personal list into the shared one (sponsor as candidate user, managers as
 * candidate group), so that Tasklist shows it to the managers and whoever acts first can claim it.
 */
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
        .forEach(task -> {
          if (task.getAssignee() != null) {
            taskService.addCandidateUser(task.getId(), task.getAssignee());
            taskService.setAssignee(task.getId(), null);
          }
          taskService.addCandidateGroup(task.getId(), Groups.MANAGERS);
        });
  }
}
