package io.sopflow.backup.process;

import static io.sopflow.backup.process.BackupVerificationProcess.*;

import io.sopflow.backup.BackupApi.TaskDetails;
import io.sopflow.backup.BackupVerificationService;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Investigate failed restore test" is created: what its form shows (why it failed, the files named, the restore's
 * output) is read from the record and put on the task as task-local variables; the process carries references only.
 */
@Component("backupTaskDetailsListener")
public class BackupTaskDetailsListener implements TaskListener {

  private final BackupVerificationService service;
  private final TaskForms taskForms;

  public BackupTaskDetailsListener(BackupVerificationService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskDetails details = service.taskDetails(taskForms.settingsOf(task).reference(VERIFICATION_KEY));
    Map<String, Object> shown = new HashMap<>();
    shown.put(FAILURE_REASON, details.failureReason());
    shown.put(MISMATCHES, details.mismatches());
    shown.put(RESTORE_OUTPUT, details.restoreOutput());
    taskForms.show(task, shown);
  }
}
