package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import io.sopflow.incident.RequesterWait;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Resolve incident": either resolved (with notes) or a question for the reporter (clock paused; the
 * reporter gets "Answer question", reminded and, unanswered, resolved at the dates the service computed).
 */
@Component("resolveIncidentListener")
public class ResolveIncidentListener implements TaskListener {

  private final IncidentService incidentService;
  private final TaskForms taskForms;

  public ResolveIncidentListener(IncidentService incidentService, TaskForms taskForms) {
    this.incidentService = incidentService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    String outcome = form.oneOf(RESOLUTION_OUTCOME, List.of(OUTCOME_RESOLVED, OUTCOME_AWAIT_REQUESTER));
    String number = form.reference(INCIDENT_NUMBER);
    if (OUTCOME_RESOLVED.equals(outcome)) {
      Instant autoCloseAt = incidentService.resolve(number, form.actor(), form.requiredText(RESOLUTION_NOTES));
      task.getExecution().setVariable(AUTO_CLOSE_AT, Date.from(autoCloseAt));
      task.getExecution().setVariable(REQUESTER_INPUT_NEEDED, false);
    } else {
      RequesterWait wait = incidentService.awaitRequester(number, form.actor(),
          form.requiredText(QUESTION_FOR_REQUESTER));
      task.getExecution().setVariable(REQUESTER_INPUT_NEEDED, true);
      task.getExecution().setVariable(REQUESTER_REMINDER_AT, Date.from(wait.reminderAt()));
      task.getExecution().setVariable(REQUESTER_TIMEOUT_AT, Date.from(wait.timeoutAt()));
    }
  }
}
