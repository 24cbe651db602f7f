package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.ResolutionDates;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Completing "Confirm resolution": only the reporter confirms or reopens (reopen needs a reason). */
@Component("confirmResolutionListener")
public class ConfirmResolutionListener implements TaskListener {

  private final IncidentService incidentService;
  private final TaskForms taskForms;

  public ConfirmResolutionListener(IncidentService incidentService, TaskForms taskForms) {
    this.incidentService = incidentService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    String reporter = form.reference(REPORTER);
    if (!form.actor().equals(reporter)) {
      throw new ForbiddenException("Only the reporter " + reporter + " may confirm or reopen " + form.businessKey());
    }
    String decision = form.oneOf(CONFIRMATION, List.of(CONFIRMATION_CONFIRM, CONFIRMATION_REOPEN));
    String number = form.reference(INCIDENT_NUMBER);
    if (CONFIRMATION_CONFIRM.equals(decision)) {
      incidentService.confirm(number, form.actor());
      task.getExecution().setVariable(RESOLUTION_CONFIRMED, true);
    } else {
      ResolutionDates dates = incidentService.reopen(number, form.actor(), form.requiredText(REOPEN_REASON));
      task.getExecution().setVariable(RESOLUTION_CONFIRMED, false);
      task.getExecution().setVariable(RESOLUTION_WARNING_AT, Date.from(dates.resolutionWarningAt()));
      task.getExecution().setVariable(RESOLUTION_DUE_AT, Date.from(dates.resolutionDueAt()));
    }
  }
}
