package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.SecurityIncidentApi.TaskDetails;
import io.sopflow.securityincident.SecurityIncidentService;
import java.util.HashMap;
import java.util.Map;
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
    Map<String, Object> shown = new HashMap<>();
    shown.put(TITLE, details.title());
    shown.put(DESCRIPTION, details.description());
    shown.put(REPORTED_CATEGORY, details.category());
    shown.put(AFFECTED_ACCOUNTS, details.affectedAccounts());
    shown.put(AFFECTED_ASSETS, details.affectedAssets());
    shown.put(SEVERITY_SHOWN, details.severity());
    shown.put(DETECTED_AT_SHOWN, details.detectedAt());
    shown.put(NOTIFICATION_DUE_SHOWN, details.regulatorNotificationDueAt());
    taskForms.show(task, shown);
  }
}
