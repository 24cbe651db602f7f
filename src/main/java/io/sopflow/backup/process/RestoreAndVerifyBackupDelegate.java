package io.sopflow.backup.process;

import static io.sopflow.backup.process.BackupVerificationProcess.VERIFICATION_KEY;

import io.sopflow.backup.BackupVerificationService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Restores the set into a scratch folder and checks it against its manifest. A failing or hanging restore command is
 * recorded as evidence by the service; only a technical failure throws (retries, then a Cockpit incident).
 */
@Component("restoreAndVerifyBackupDelegate")
class RestoreAndVerifyBackupDelegate implements JavaDelegate {

  private final BackupVerificationService service;

  RestoreAndVerifyBackupDelegate(BackupVerificationService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.restoreAndVerify((String) execution.getVariable(VERIFICATION_KEY));
  }
}
