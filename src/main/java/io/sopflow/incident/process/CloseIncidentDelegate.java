package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.INCIDENT_NUMBER;

import io.sopflow.incident.IncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Close incident": after the reporter's confirmation, or automatically when they did not answer in time. */
@Component("closeIncidentDelegate")
public class CloseIncidentDelegate implements JavaDelegate {

  private final IncidentService incidentService;

  public CloseIncidentDelegate(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    incidentService.close((String) execution.getVariable(INCIDENT_NUMBER));
  }
}
