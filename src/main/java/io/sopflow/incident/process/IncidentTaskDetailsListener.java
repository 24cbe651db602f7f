package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentApi.TaskDetails;
import io.sopflow.incident.IncidentService;
import io.sopflow.platform.process.TaskForms;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * A task of the incident's process is created: what its form shows beside the references (title, priority,
 * description, category, configuration item, due dates, the work log; on "Answer question" the question, on "Resolve
 * incident" the reporter's answer, on "Confirm resolution" the resolution notes) is read from the record and shown
 * through {@link TaskForms#show}, which keeps what the task's form mentions. The process itself carries references,
 * decisions and SLA dates only, so a form always shows the record as it is now.
 *
 * <p>The task's name gets the title after the number ("Triage incident INC-000042: VPN down"): the model names the
 * task by its reference, and the title, a display value, comes from the record, so four triages in a row are told
 * apart in Tasklist's list without a process variable holding the title.
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
    String number = taskForms.settingsOf(task).reference(INCIDENT_NUMBER);
    TaskDetails details = incidentService.taskDetails(number);
    if (task.getName() != null && details.title() != null) {
      task.setName(task.getName() + ": " + details.title());
    }
    Map<String, Object> shown = new HashMap<>();
    shown.put(INCIDENT_TITLE, details.title());
    shown.put(PRIORITY, details.priority().name());
    shown.put(DESCRIPTION, details.description());
    shown.put(CATEGORY, details.category());
    shown.put(CONFIGURATION_ITEM, details.configurationItem());
    shown.put(RESPONSE_DUE, text(details.responseDueAt()));
    shown.put(RESOLUTION_DUE, text(details.resolutionDueAt()));
    shown.put(WORK_LOG, details.workLog());
    shown.put(PROBLEM_NUMBER, details.problemNumber());
    shown.put(KNOWN_ERROR_WORKAROUND, details.workaround());
    switch (task.getTaskDefinitionKey()) {
      case TASK_CONFIRM -> shown.put(RESOLUTION_NOTES, details.resolutionNotes());
      case TASK_ANSWER_QUESTION -> shown.put(QUESTION_FOR_REQUESTER, details.questionForRequester());
      case TASK_RESOLVE -> shown.put(REQUESTER_ANSWER, details.answer());
      default -> { }
    }
    taskForms.show(task, shown);
  }

  private static String text(Instant instant) {
    return instant == null ? "" : instant.toString();
  }
}
