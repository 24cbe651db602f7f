package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import io.sopflow.incident.ResponseEscalation;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Escalate incident": the response target of the triage was breached; the service picks the next tier. */
@Component("escalateIncidentDelegate")
public class EscalateIncidentDelegate implements JavaDelegate {

  private final IncidentService incidentService;

  public EscalateIncidentDelegate(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ResponseEscalation escalation = incidentService.escalateResponse((String) execution.getVariable(INCIDENT_NUMBER));
    execution.setVariable(NEXT_TIER_AVAILABLE, escalation.nextTierAvailable());
    execution.setVariable(ASSIGNMENT_GROUP, escalation.assignmentGroup());
    execution.setVariable(ESCALATION_LEVEL, escalation.escalationLevel());
    execution.setVariable(ESCALATION_RECIPIENTS, escalation.recipients());
    execution.setVariable(RESPONSE_WARNING_AT, Date.from(escalation.responseWarningAt()));
    execution.setVariable(RESPONSE_DUE_AT, Date.from(escalation.responseDueAt()));
  }
}
