package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.identity.CurrentUser;
import io.sopflow.incident.IncidentService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Completing "Triage incident": the response target is met, the incident goes to the chosen resolver group. */
@Component("triageIncidentListener")
public class TriageIncidentListener implements TaskListener {

  private final IncidentService incidentService;
  private final CurrentUser currentUser;

  public TriageIncidentListener(IncidentService incidentService, CurrentUser currentUser) {
    this.incidentService = incidentService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String resolverGroup = TaskInput.oneOf(task, RESOLVER_GROUP, IncidentService.SUPPORT_TIERS);
    TaskInput.optional(task, TRIAGE_NOTES, 4000);
    String group = incidentService.acknowledge((String) task.getVariable(INCIDENT_NUMBER),
        TaskInput.actor(currentUser), resolverGroup);
    task.getExecution().setVariable(ASSIGNMENT_GROUP, group);
  }
}
