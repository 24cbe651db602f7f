package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import io.sopflow.incident.ResolutionDates;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Answer question" in Tasklist: the reporter's answer goes through the same service method as an answer
 * given through {@code POST /api/incidents/{n}/comments} (work log, clock restarted, due dates moved by the time
 * waited); only the reporter may answer.
 */
@Component("answerQuestionListener")
public class AnswerQuestionListener implements TaskListener {

  private final IncidentService incidentService;
  private final TaskForms taskForms;

  public AnswerQuestionListener(IncidentService incidentService, TaskForms taskForms) {
    this.incidentService = incidentService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    ResolutionDates dates = incidentService.answer(form.reference(INCIDENT_NUMBER), form.actor(),
        form.requiredText(ANSWER));
    task.getExecution().setVariable(RESOLUTION_WARNING_AT, Date.from(dates.resolutionWarningAt()));
    task.getExecution().setVariable(RESOLUTION_DUE_AT, Date.from(dates.resolutionDueAt()));
  }
}
