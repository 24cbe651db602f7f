package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.NUMBER;

import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The notification deadline passed without a notification: a recorded breach. */
@Component("recordNotificationBreachDelegate")
class RecordNotificationBreachDelegate implements JavaDelegate {

  private final SecurityIncidentService service;

  RecordNotificationBreachDelegate(SecurityIncidentService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.recordNotificationBreach((String) execution.getVariable(NUMBER));
  }
}
