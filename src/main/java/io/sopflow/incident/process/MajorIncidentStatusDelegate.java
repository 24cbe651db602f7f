package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Check whether still unresolved": a major incident's status update goes out only while it is unresolved. */
@Component("majorIncidentStatusDelegate")
public class MajorIncidentStatusDelegate implements JavaDelegate {

  private final IncidentService incidentService;

  public MajorIncidentStatusDelegate(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariableLocal(MAJOR_INCIDENT_UNRESOLVED,
        incidentService.isUnresolved((String) execution.getVariable(INCIDENT_NUMBER)));
  }
}
