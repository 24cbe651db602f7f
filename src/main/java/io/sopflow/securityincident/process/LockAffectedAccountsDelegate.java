package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.NUMBER;

import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Containment for real: locks the reported accounts the triage chose and removes their group memberships (remembered
 * on the record).
 */
@Component("lockAffectedAccountsDelegate")
class LockAffectedAccountsDelegate implements JavaDelegate {

  private final SecurityIncidentService service;

  LockAffectedAccountsDelegate(SecurityIncidentService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.lockAffectedAccounts((String) execution.getVariable(NUMBER));
  }
}
