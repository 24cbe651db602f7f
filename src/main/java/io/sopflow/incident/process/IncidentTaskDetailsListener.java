package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentApi.TaskDetails;
import io.sopflow.incident.IncidentService;
import io.sopflow.platform.process.TaskForms;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * A task of the incident's process is created: what its form shows beside the references (title, priority, on
 * "Confirm resolution" the resolution notes) is read from the record and put on the task as task-local variables. The
 * process itself carries references, decisions and SLA dates only, so a form always shows the record as it is now.
 */
@Component("incidentTaskDetailsListener")
public class IncidentTaskDetailsListener implements TaskListener {

  private final IncidentService incidentService;
  private final TaskForms taskForms;

  public IncidentTaskDetailsListener(IncidentService incidentService, TaskForms taskForms) {
    this.incidentService = incidentService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskDetails details = incidentService.taskDetails(taskForms.settingsOf(task).reference(INCIDENT_NUMBER));
    task.setVariableLocal(INCIDENT_TITLE, details.title());
    task.setVariableLocal(PRIORITY, details.priority().name());
    if (TASK_CONFIRM.equals(task.getTaskDefinitionKey())) {
      task.setVariableLocal(RESOLUTION_NOTES, details.resolutionNotes());
    }
  }
}
