package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.NUMBER;

import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Response, review and (with personal data) the authority's notification are done: the record closes. */
@Component("closeSecurityIncidentDelegate")
class CloseSecurityIncidentDelegate implements JavaDelegate {

  private final SecurityIncidentService service;

  CloseSecurityIncidentDelegate(SecurityIncidentService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.close((String) execution.getVariable(NUMBER));
  }
}
