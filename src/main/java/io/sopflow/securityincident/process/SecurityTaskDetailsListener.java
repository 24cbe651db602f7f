package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.SecurityIncidentApi.TaskDetails;
import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * A task of the security incident is created: what its form shows is read from the record and put on the task as
 * task-local variables (only the task's candidate group can read them); the process carries references only.
 */
@Component("securityTaskDetailsListener")
public class SecurityTaskDetailsListener implements TaskListener {

  private final SecurityIncidentService service;
  private final TaskForms taskForms;

  public SecurityTaskDetailsListener(SecurityIncidentService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskDetails details = service.taskDetails(taskForms.settingsOf(task).reference(NUMBER));
    task.setVariableLocal(TITLE, details.title());
    task.setVariableLocal(DESCRIPTION, details.description());
    task.setVariableLocal(REPORTED_CATEGORY, details.category());
    task.setVariableLocal(AFFECTED_ACCOUNTS, details.affectedAccounts());
    task.setVariableLocal(AFFECTED_ASSETS, details.affectedAssets());
    task.setVariableLocal(SEVERITY_SHOWN, details.severity());
    task.setVariableLocal(NOTIFICATION_DUE_SHOWN, details.regulatorNotificationDueAt());
  }
}
