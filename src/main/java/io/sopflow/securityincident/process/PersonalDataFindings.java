package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.securityincident.SecurityIncidentService;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Personal data found affected at containment or eradication ({@link #PERSONAL_DATA_FOUND}, on the forms from model
 * version 1.3.0; those of the versions before it do not ask, {@link TaskForm#asks}). On an incident not flagged yet the
 * service records the finding and returns its notification clock; the process gets its dates and then
 * {@link #LATE_NOTIFICATION_OPEN}, whose change starts the event subprocess that notifies the authority.
 */
final class PersonalDataFindings {

  private PersonalDataFindings() {}

  static void record(TaskForm form, SecurityIncidentService service) {
    if (!form.asks(PERSONAL_DATA_FOUND) || !form.flag(PERSONAL_DATA_FOUND)) {
      return;
    }
    service.recordPersonalDataFound(form.businessKey(), form.actor()).ifPresent(clock -> {
      DelegateExecution execution = form.task().getExecution();
      execution.setVariable(PERSONAL_DATA_INVOLVED, true);
      execution.setVariable(REGULATOR_DUE_AT, Date.from(clock.regulatorNotificationDueAt()));
      execution.setVariable(REGULATOR_FIRST_REMINDER_AT, Date.from(clock.regulatorFirstReminderAt()));
      execution.setVariable(REGULATOR_SECOND_REMINDER_AT, Date.from(clock.regulatorSecondReminderAt()));
      execution.setVariable(LATE_NOTIFICATION_OPEN, true); // last: the notification's timers read the dates above
    });
  }

  /**
   * An instance migrated from a version before 1.3.0 after its triage has no {@link #LATE_NOTIFICATION_OPEN}, which
   * the step before closing reads: none is open. Called by the steps every instance passes before it (the review, the
   * notification after triage).
   */
  static void noneOpenUnlessFound(DelegateExecution execution) {
    if (!execution.hasVariable(LATE_NOTIFICATION_OPEN)) {
      execution.setVariable(LATE_NOTIFICATION_OPEN, false);
    }
  }
}
