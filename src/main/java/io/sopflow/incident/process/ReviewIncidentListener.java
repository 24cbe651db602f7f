package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Review incident" (P1/P2), with the actions it agreed on, or "Coordinate major incident" (P1): a summary
 * is required and audited.
 */
@Component("reviewIncidentListener")
public class ReviewIncidentListener implements TaskListener {

  private final IncidentService incidentService;
  private final TaskForms taskForms;

  public ReviewIncidentListener(IncidentService incidentService, TaskForms taskForms) {
    this.incidentService = incidentService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    String number = form.reference(INCIDENT_NUMBER);
    if (TASK_COORDINATE.equals(task.getTaskDefinitionKey())) {
      incidentService.recordCoordination(number, form.actor(), form.requiredText(COORDINATION_NOTES));
    } else {
      String summary = form.requiredText(REVIEW_SUMMARY);
      if (form.flag(RAISE_PROBLEM)) {
        incidentService.recordReview(number, form.actor(), summary, form.text(REVIEW_ACTIONS), true);
      } else {
        incidentService.recordReview(number, form.actor(), summary, form.text(REVIEW_ACTIONS));
      }
    }
  }
}
