package io.sopflow.backup.process;

import static io.sopflow.backup.process.BackupVerificationProcess.INCIDENT_NUMBER;
import static io.sopflow.backup.process.BackupVerificationProcess.VERIFICATION_KEY;

import io.sopflow.backup.BackupVerificationService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Opens the incident of a failed restore test through the incident SOP and keeps its number as a reference. */
@Component("openBackupIncidentDelegate")
class OpenBackupIncidentDelegate implements JavaDelegate {

  private final BackupVerificationService service;

  OpenBackupIncidentDelegate(BackupVerificationService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(INCIDENT_NUMBER, service.openIncident((String) execution.getVariable(VERIFICATION_KEY)));
  }
}
