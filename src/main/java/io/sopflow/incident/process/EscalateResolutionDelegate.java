package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Escalate to incident managers": the resolution target was breached; the resolver keeps working. */
@Component("escalateResolutionDelegate")
public class EscalateResolutionDelegate implements JavaDelegate {

  private final IncidentService incidentService;

  public EscalateResolutionDelegate(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean escalated = incidentService.escalateResolution((String) execution.getVariable(INCIDENT_NUMBER));
    execution.setVariableLocal(RESOLUTION_ESCALATED, escalated);
  }
}
