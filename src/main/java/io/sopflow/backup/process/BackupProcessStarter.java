package io.sopflow.backup.process;

import static io.sopflow.backup.process.BackupVerificationProcess.*;

import io.sopflow.backup.BackupVerificationRequested;
import io.sopflow.backup.BackupVerificationService;
import io.sopflow.platform.process.ProcessStarts;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a stored verification synchronously inside the service's transaction: the record and the
 * engine state commit together, or not at all. The restore itself is behind a save point, so starting returns at once.
 */
@Component
class BackupProcessStarter {

  private final ProcessStarts processStarts;
  private final BackupVerificationService service;

  BackupProcessStarter(ProcessStarts processStarts, BackupVerificationService service) {
    this.processStarts = processStarts;
    this.service = service;
  }

  @EventListener
  void onRequested(BackupVerificationRequested event) {
    String instanceId = processStarts.start(PROCESS_KEY, event.verificationKey(),
        Variables.createVariables()
            .putValue(VERIFICATION_KEY, event.verificationKey())
            .putValue(BACKUP_SET, event.backupSet())
            .putValue(OWNER_GROUP, event.ownerGroup()));
    service.attachProcessInstance(event.verificationKey(), instanceId);
  }
}
