package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.identity.CurrentUser;
import io.sopflow.incident.IncidentService;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Completing "Resolve incident": either resolved (with notes) or a question for the reporter (clock paused). */
@Component("resolveIncidentListener")
public class ResolveIncidentListener implements TaskListener {

  private final IncidentService incidentService;
  private final CurrentUser currentUser;

  public ResolveIncidentListener(IncidentService incidentService, CurrentUser currentUser) {
    this.incidentService = incidentService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String outcome = TaskInput.oneOf(task, RESOLUTION_OUTCOME, List.of(OUTCOME_RESOLVED, OUTCOME_AWAIT_REQUESTER));
    String number = (String) task.getVariable(INCIDENT_NUMBER);
    if (OUTCOME_RESOLVED.equals(outcome)) {
      String notes = TaskInput.required(task, RESOLUTION_NOTES, 4000);
      Instant autoCloseAt = incidentService.resolve(number, TaskInput.actor(currentUser), notes);
      task.getExecution().setVariable(AUTO_CLOSE_AT, Date.from(autoCloseAt));
      task.getExecution().setVariable(REQUESTER_INPUT_NEEDED, false);
    } else {
      String question = TaskInput.required(task, QUESTION_FOR_REQUESTER, 4000);
      incidentService.awaitRequester(number, TaskInput.actor(currentUser), question);
      task.getExecution().setVariable(REQUESTER_INPUT_NEEDED, true);
    }
  }
}
