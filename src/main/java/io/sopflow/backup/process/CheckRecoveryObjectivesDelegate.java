package io.sopflow.backup.process;

import static io.sopflow.backup.process.BackupVerificationProcess.BACKUP_VERIFIED;
import static io.sopflow.backup.process.BackupVerificationProcess.VERIFICATION_KEY;

import io.sopflow.backup.BackupVerificationService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Judges the restore test against the set's RPO and RTO; the gateway reads the decision. */
@Component("checkRecoveryObjectivesDelegate")
class CheckRecoveryObjectivesDelegate implements JavaDelegate {

  private final BackupVerificationService service;

  CheckRecoveryObjectivesDelegate(BackupVerificationService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(BACKUP_VERIFIED, service.judge((String) execution.getVariable(VERIFICATION_KEY)));
  }
}
