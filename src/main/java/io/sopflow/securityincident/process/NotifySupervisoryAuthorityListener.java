package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.NotificationOutcome;
import io.sopflow.securityincident.SecurityIncidentService;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The data protection officer settles the supervisory authority's notification: notified (GDPR Art. 33), with the
 * decision on informing the data subjects (Art. 34); or, on the form from model version 1.3.0, assessed as unlikely to
 * result in a risk to people (Art. 33(1)) with the reason (Art. 33(5)). Exactly one of the two: a field of the other
 * outcome is refused naming it. The forms of the versions before it only notify ({@link TaskForm#asks}).
 */
@Component("notifySupervisoryAuthorityListener")
public class NotifySupervisoryAuthorityListener implements TaskListener {

  private static final List<String> NOTIFICATION_FIELDS = List.of(AUTHORITY_REFERENCE, NOTIFIED_AT,
      NOTIFICATION_CONTENT, INFORM_DATA_SUBJECTS, DATA_SUBJECTS_REASON);

  private final SecurityIncidentService service;
  private final TaskForms taskForms;

  public NotifySupervisoryAuthorityListener(SecurityIncidentService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    PersonalDataFindings.noneOpenUnlessFound(task.getExecution());
    NotificationOutcome outcome = form.asks(NOTIFICATION_OUTCOME)
        ? form.oneOf(NOTIFICATION_OUTCOME, NotificationOutcome.class) : NotificationOutcome.NOTIFIED;
    if (outcome == NotificationOutcome.NOT_NOTIFIABLE) {
      for (String field : NOTIFICATION_FIELDS) {
        refuse(form, field, "belongs to a notification, not to the assessment that none is needed");
      }
      service.assessNotNotifiable(form.businessKey(), form.actor(), form.requiredText(NOT_NOTIFIABLE_REASON, 1000));
      return;
    }
    if (form.asks(NOT_NOTIFIABLE_REASON)) {
      refuse(form, NOT_NOTIFIABLE_REASON, "belongs to the assessment that no notification is needed");
    }
    service.notifyAuthority(form.businessKey(), form.actor(), form.requiredText(AUTHORITY_REFERENCE, 200),
        form.requiredInstant(NOTIFIED_AT), form.requiredText(NOTIFICATION_CONTENT, 2000),
        form.decision(INFORM_DATA_SUBJECTS), form.requiredText(DATA_SUBJECTS_REASON, 1000));
  }

  private static void refuse(TaskForm form, String field, String why) {
    Object value = form.task().getVariable(field);
    if (value != null && !value.toString().isBlank()) {
      throw new InvalidRequestException(field, why);
    }
  }
}
