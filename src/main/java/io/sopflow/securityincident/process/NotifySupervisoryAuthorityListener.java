package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** The data protection officer notified the supervisory authority (GDPR Art. 33) and decided on informing the data subjects (Art. 34). */
@Component("notifySupervisoryAuthorityListener")
public class NotifySupervisoryAuthorityListener implements TaskListener {

  private final SecurityIncidentService service;
  private final TaskForms taskForms;

  public NotifySupervisoryAuthorityListener(SecurityIncidentService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    service.notifyAuthority(form.businessKey(), form.actor(), form.requiredText(AUTHORITY_REFERENCE, 200),
        form.requiredInstant(NOTIFIED_AT), form.requiredText(NOTIFICATION_CONTENT, 2000),
        form.decision(INFORM_DATA_SUBJECTS), form.requiredText(DATA_SUBJECTS_REASON, 1000));
  }
}
