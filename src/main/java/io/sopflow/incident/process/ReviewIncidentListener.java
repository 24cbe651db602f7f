package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.identity.CurrentUser;
import io.sopflow.incident.IncidentService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Completing "Review incident" (P1/P2) or "Coordinate major incident" (P1): a summary is required and audited. */
@Component("reviewIncidentListener")
public class ReviewIncidentListener implements TaskListener {

  private final IncidentService incidentService;
  private final CurrentUser currentUser;

  public ReviewIncidentListener(IncidentService incidentService, CurrentUser currentUser) {
    this.incidentService = incidentService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String number = (String) task.getVariable(INCIDENT_NUMBER);
    if (TASK_COORDINATE.equals(task.getTaskDefinitionKey())) {
      incidentService.recordCoordination(number, TaskInput.actor(currentUser),
          TaskInput.required(task, COORDINATION_NOTES, 4000));
    } else {
      incidentService.recordReview(number, TaskInput.actor(currentUser), TaskInput.required(task, REVIEW_SUMMARY, 4000));
    }
  }
}
