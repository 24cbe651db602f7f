package io.sopflow.backup.process;

import static io.sopflow.backup.process.BackupVerificationProcess.FINDINGS;

import io.sopflow.backup.BackupVerificationService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** The owner group's findings on a failed restore test, recorded with the person who completed the task. */
@Component("investigateFailedRestoreListener")
public class InvestigateFailedRestoreListener implements TaskListener {

  private final BackupVerificationService service;
  private final TaskForms taskForms;

  public InvestigateFailedRestoreListener(BackupVerificationService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    service.recordInvestigation(form.businessKey(), form.actor(), form.requiredText(FINDINGS, 2000));
  }
}
