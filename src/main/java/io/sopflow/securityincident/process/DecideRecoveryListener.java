package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** The recovery decision per account: whose remembered memberships are restored; the next step restores and unlocks. */
@Component("decideRecoveryListener")
public class DecideRecoveryListener implements TaskListener {

  private final SecurityIncidentService service;
  private final TaskForms taskForms;

  public DecideRecoveryListener(SecurityIncidentService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    service.decideRecovery(form.businessKey(), form.actor(), form.text(RESTORE_ACCOUNTS, 2000),
        form.requiredText(RECOVERY_NOTES, 1000));
  }
}
