package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.securityincident.SecurityIncidentService;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Personal data found affected at containment or eradication ({@link #PERSONAL_DATA_FOUND}, on the forms from model
 * version 1.3.0; those of the versions before it do not ask, {@link TaskForm#asks}). The service records every finding.
 * One that starts the notification (an incident not flagged yet) or reopens it (assessed as not notifiable before)
 * returns its clock; the process gets its dates and then {@link #LATE_NOTIFICATION_OPEN}, whose change to true starts
 * the event subprocess that notifies the authority (false again once it is settled, so a reopening changes it again).
 * One whose notification is open or made counts {@link #MORE_PERSONAL_DATA_FOUND}, whose change starts the event
 * subprocess that tells the data protection officers.
 */
final class PersonalDataFindings {

  private PersonalDataFindings() {}

  static void record(TaskForm form, SecurityIncidentService service) {
    if (!form.asks(PERSONAL_DATA_FOUND) || !form.flag(PERSONAL_DATA_FOUND)) {
      return;
    }
    DelegateExecution execution = form.task().getExecution();
    service.recordPersonalDataFound(form.businessKey(), form.actor()).ifPresentOrElse(clock -> {
      execution.setVariable(PERSONAL_DATA_INVOLVED, true);
      execution.setVariable(REGULATOR_DUE_AT, Date.from(clock.regulatorNotificationDueAt()));
      execution.setVariable(REGULATOR_FIRST_REMINDER_AT, Date.from(clock.regulatorFirstReminderAt()));
      execution.setVariable(REGULATOR_SECOND_REMINDER_AT, Date.from(clock.regulatorSecondReminderAt()));
      // A reopened notification: the earlier assessment's answers would prefill the new form and refuse a notification
      // there (a field of the other outcome); the record, the evidence log and the variables' history keep them.
      execution.removeVariable(NOTIFICATION_OUTCOME);
      execution.removeVariable(NOT_NOTIFIABLE_REASON);
      execution.setVariable(LATE_NOTIFICATION_OPEN, true); // last: the notification's timers read the dates above
    }, () -> {
      // A count, not a flag: each finding changes the variable, and each change starts the mail's event subprocess.
      Object count = execution.getVariable(MORE_PERSONAL_DATA_FOUND);
      execution.setVariable(MORE_PERSONAL_DATA_FOUND, count instanceof Integer n ? n + 1 : 1);
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
