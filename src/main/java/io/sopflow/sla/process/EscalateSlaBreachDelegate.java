package io.sopflow.sla.process;

import io.sopflow.platform.SopProcesses;
import io.sopflow.sla.SlaEscalations;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Escalates an SLA breach of any SOP, configured by input parameters (element template
 * {@code processes/.camunda/element-templates/escalate-sla-breach.json}): {@code slaTarget} (the SLA step, e.g.
 * {@code review}), {@code escalationLevel} (1, 2, 3), optionally {@code offerToGroup} and {@code taskDefinitionKey}:
 * the open tasks of that definition in this process instance are offered to the group too. The record is the
 * process's business key; its priority is the variable {@code priority} where the SOP has one.
 */
@Component("escalateSlaBreachDelegate")
public class EscalateSlaBreachDelegate implements JavaDelegate {

  static final String TARGET = "slaTarget";
  static final String LEVEL = "escalationLevel";
  static final String OFFER_TO_GROUP = "offerToGroup";
  static final String TASK_DEFINITION_KEY = "taskDefinitionKey";
  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final SlaEscalations escalations;
  private final SopProcesses processes;

  public EscalateSlaBreachDelegate(SlaEscalations escalations, SopProcesses processes) {
    this.escalations = escalations;
    this.processes = processes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String target = String.valueOf(execution.getVariableLocal(TARGET));
    if (!KEBAB.matcher(target).matches()) {
      throw new IllegalStateException("Input parameter " + TARGET + " must be an SLA step in kebab case, was " + target);
    }
    Object levelInput = execution.getVariableLocal(LEVEL);
    int level = levelInput == null ? 1 : Integer.parseInt(String.valueOf(levelInput));
    String group = (String) execution.getVariableLocal(OFFER_TO_GROUP);
    String taskKey = (String) execution.getVariableLocal(TASK_DEFINITION_KEY);
    String processKey = execution.getProcessEngineServices().getRepositoryService()
        .getProcessDefinition(execution.getProcessDefinitionId()).getKey();
    Object priority = execution.getVariable("priority");
    escalations.escalate(processes.sopOf(processKey), execution.getProcessBusinessKey(), target,
        priority == null ? null : String.valueOf(priority), level, group);
    if (group != null && !group.isBlank() && taskKey != null && !taskKey.isBlank()) {
      var taskService = execution.getProcessEngineServices().getTaskService();
      for (Task task : taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
          .taskDefinitionKey(taskKey).active().list()) {
        taskService.addCandidateGroup(task.getId(), group);
      }
    }
  }
}
