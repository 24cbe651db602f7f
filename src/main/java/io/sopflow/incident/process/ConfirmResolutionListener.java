package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.identity.CurrentUser;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.ResolutionDates;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Completing "Confirm resolution": only the reporter confirms or reopens (reopen needs a reason). */
@Component("confirmResolutionListener")
public class ConfirmResolutionListener implements TaskListener {

  private final IncidentService incidentService;
  private final CurrentUser currentUser;

  public ConfirmResolutionListener(IncidentService incidentService, CurrentUser currentUser) {
    this.incidentService = incidentService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String actor = TaskInput.actor(currentUser);
    Object reporter = task.getVariable(REPORTER);
    if (!actor.equals(reporter)) {
      throw new AuthorizationException("Only the reporter " + reporter + " may confirm or reopen this incident");
    }
    String decision = TaskInput.oneOf(task, CONFIRMATION, List.of(CONFIRMATION_CONFIRM, CONFIRMATION_REOPEN));
    String number = (String) task.getVariable(INCIDENT_NUMBER);
    if (CONFIRMATION_CONFIRM.equals(decision)) {
      incidentService.confirm(number, actor);
      task.getExecution().setVariable(RESOLUTION_CONFIRMED, true);
    } else {
      String reason = TaskInput.required(task, REOPEN_REASON, 4000);
      ResolutionDates dates = incidentService.reopen(number, actor, reason);
      task.getExecution().setVariable(RESOLUTION_CONFIRMED, false);
      task.getExecution().setVariable(RESOLUTION_WARNING_AT, Date.from(dates.resolutionWarningAt()));
      task.getExecution().setVariable(RESOLUTION_DUE_AT, Date.from(dates.resolutionDueAt()));
    }
  }
}
