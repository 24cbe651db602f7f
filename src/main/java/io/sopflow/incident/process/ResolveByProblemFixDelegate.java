package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.AUTO_CLOSE_AT;
import static io.sopflow.incident.process.IncidentEscalationProcess.FIXED_BY_PROBLEM;
import static io.sopflow.incident.process.IncidentEscalationProcess.INCIDENT_NUMBER;

import io.sopflow.incident.IncidentService;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Resolve with problem fix": the change of the incident's problem fixed its cause; the incident is resolved and goes
 * to confirmation like any resolution (the reporter is mailed, confirms or reopens).
 */
@Component("resolveByProblemFixDelegate")
public class ResolveByProblemFixDelegate implements JavaDelegate {

  private final IncidentService incidentService;

  public ResolveByProblemFixDelegate(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(AUTO_CLOSE_AT, Date.from(incidentService.resolveWithProblemFix(
        (String) execution.getVariable(INCIDENT_NUMBER), (String) execution.getVariable(FIXED_BY_PROBLEM))));
  }
}
