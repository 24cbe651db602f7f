package io.sopflow.incident.process;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;

import io.sopflow.incident.IncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Record resolution warning": the resolution target reached its warning level; the resolver group is warned only if
 * this warning date was not warned before (its task may have come back after a pause or a reopening).
 */
@Component("recordResolutionWarningDelegate")
public class RecordResolutionWarningDelegate implements JavaDelegate {

  private final IncidentService incidentService;

  public RecordResolutionWarningDelegate(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariableLocal(RESOLUTION_WARNED,
        incidentService.warnResolution((String) execution.getVariable(INCIDENT_NUMBER)));
  }
}
