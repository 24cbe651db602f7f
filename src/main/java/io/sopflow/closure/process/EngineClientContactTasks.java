package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.CLIENT_CONTACT;
import static io.sopflow.closure.process.ProjectClosureProcess.TASK_VERIFY_DELIVERABLE;

import io.sopflow.closure.ClientContactTasks;
import io.sopflow.platform.process.DelegatedTasks;
import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.stereotype.Component;

/**
 * The client contact's work in the engine. The model assigns "Accept deliverable" to {@code ${clientContact}} as each
 * round's tasks are created, and delegation offers them on: so the process variable names the new contact for later
 * rounds, and each waiting task is handed over as if it were created for them now ({@link DelegatedTasks#handOver}:
 * assignee, their delegate's offer; every other person's link and task right withdrawn). The variable is safe to
 * take the later rounds' contact from: a person sets no variable outside their task's form ({@code TaskInputGuard};
 * only {@code camunda-admin} repairs variables), and no closure form has a {@code clientContact} field.
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
  public Set<String> handOver(String processInstanceId, String clientContact) {
    Set<String> takenFrom = new LinkedHashSet<>();
    Object named = runtimeService.getVariable(processInstanceId, CLIENT_CONTACT);
    if (!clientContact.equals(named)) {
      runtimeService.setVariable(processInstanceId, CLIENT_CONTACT, clientContact);
      if (named instanceof String previous) {
        takenFrom.add(previous); // the later rounds would have gone to them
      }
    }
    taskService.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(TASK_VERIFY_DELIVERABLE)
        .list().forEach(task -> takenFrom.addAll(delegatedTasks.handOver(task.getId(), clientContact)));
    return takenFrom;
  }
}
