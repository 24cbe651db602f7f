package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.CLIENT_CONTACT;
import static io.sopflow.closure.process.ProjectClosureProcess.TASK_VERIFY_DELIVERABLE;

import io.sopflow.closure.ClientContactTasks;
import io.sopflow.platform.process.DelegatedTasks;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.stereotype.Component;

/**
 * The client contact's work in the engine. The model assigns "Accept deliverable" to {@code ${clientContact}} as each
 * round's tasks are created, and delegation offers them on: so the process variable names the new contact for later
 * rounds, and each waiting task is handed over as if it were created for them now ({@link DelegatedTasks#handOver}:
 * assignee, their delegate's offer, the former contact's and their delegate's rights withdrawn).
 */
@Component
class EngineClientContactTasks implements ClientContactTasks {

  private final RuntimeService runtimeService;
  private final TaskService taskService;
  private final DelegatedTasks delegatedTasks;

  EngineClientContactTasks(RuntimeService runtimeService, TaskService taskService, DelegatedTasks delegatedTasks) {
    this.runtimeService = runtimeService;
    this.taskService = taskService;
    this.delegatedTasks = delegatedTasks;
  }

  @Override
  public boolean running(String processInstanceId) {
    return processInstanceId != null && runtimeService.createProcessInstanceQuery()
        .processInstanceId(processInstanceId).active().count() == 1;
  }

  @Override
  public void handOver(String processInstanceId, String clientContact) {
    runtimeService.setVariable(processInstanceId, CLIENT_CONTACT, clientContact);
    taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(TASK_VERIFY_DELIVERABLE)
        .list().forEach(task -> delegatedTasks.handOver(task.getId(), clientContact));
  }
}
