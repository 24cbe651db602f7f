package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Triage incident" (and "Triage escalated incident"): the response target is met, the incident goes to the
 * chosen resolver group.
 */
@Component("triageIncidentListener")
public class TriageIncidentListener implements TaskListener {

  private final IncidentService incidentService;
  private final TaskForms taskForms;

  public TriageIncidentListener(IncidentService incidentService, TaskForms taskForms) {
    this.incidentService = incidentService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    String resolverGroup = form.oneOf(RESOLVER_GROUP, IncidentService.SUPPORT_TIERS);
    form.text(TRIAGE_NOTES); // kept in the task's history; checked like every text
    String group = incidentService.acknowledge(form.reference(INCIDENT_NUMBER), form.actor(), resolverGroup);
    task.getExecution().setVariable(ASSIGNMENT_GROUP, group);
  }
}
