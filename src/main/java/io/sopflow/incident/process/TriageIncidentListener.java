package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import io.sopflow.incident.Level;
import io.sopflow.incident.Triage;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Triage incident" (and "Triage escalated incident"): the response target is met, the incident goes to the
 * chosen resolver group. Impact and urgency may be corrected: the priority is decided again by the table, and the
 * resolution target, the tasks' priority, the review decision and the major-incident path follow it (raised to P1:
 * incident managers are told and coordinate; lowered below P1: their coordination is withdrawn).
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
    Level impact = optionalLevel(form, IMPACT);
    Level urgency = optionalLevel(form, URGENCY);
    Triage triage = incidentService.acknowledge(form.reference(INCIDENT_NUMBER), form.actor(), resolverGroup,
        form.text(TRIAGE_NOTES), impact, urgency);
    var execution = task.getExecution();
    execution.setVariable(ASSIGNMENT_GROUP, triage.assignmentGroup());
    execution.setVariable(TASK_PRIORITY, triage.priority().taskPriority());
    execution.setVariable(MAJOR_INCIDENT, triage.priority().isMajor());
    execution.setVariable(REVIEW_REQUIRED, triage.priority().needsReview());
    execution.setVariable(RESOLUTION_WARNING_AT, Date.from(triage.resolutionWarningAt()));
    execution.setVariable(RESOLUTION_DUE_AT, Date.from(triage.resolutionDueAt()));
  }

  /** An empty field keeps the value the reporter gave. */
  private static Level optionalLevel(TaskForm form, String field) {
    return form.text(field) == null ? null : form.oneOf(field, Level.class);
  }
}
