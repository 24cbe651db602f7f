package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.NUMBER;

import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The containment SLA is breached: the escalation is recorded before the managers are mailed. */
@Component("escalateContainmentDelegate")
class EscalateContainmentDelegate implements JavaDelegate {

  private final SecurityIncidentService service;

  EscalateContainmentDelegate(SecurityIncidentService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.escalateContainment((String) execution.getVariable(NUMBER));
  }
}
