package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.NUMBER;

import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Recovery for real: restores the memberships where decided and unlocks every account containment locked. */
@Component("recoverAccountsDelegate")
class RecoverAccountsDelegate implements JavaDelegate {

  private final SecurityIncidentService service;

  RecoverAccountsDelegate(SecurityIncidentService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.recoverAccounts((String) execution.getVariable(NUMBER));
  }
}
