package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.SecurityCategory;
import io.sopflow.securityincident.SecurityIncidentApi.TriageOutcome;
import io.sopflow.securityincident.SecurityIncidentService;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The security officer's triage: confirmed or a false positive, the time of detection if the reporter's was wrong,
 * the category, personal data, a critical asset, and which of the reported accounts containment locks; the service returns the severity and the dates the containment
 * SLA and the notification clock run by. A triage form without that choice (the model's versions before it, whose
 * instances keep their forms) locks every reported account, as that form said: whether the form asks is read from the
 * form of the task's deployment ({@link TaskForm#asks}), not guessed from an absent value, since an empty choice means
 * "lock none".
 */
@Component("triageSecurityIncidentListener")
public class TriageSecurityIncidentListener implements TaskListener {

  private final SecurityIncidentService service;
  private final TaskForms taskForms;

  public TriageSecurityIncidentListener(SecurityIncidentService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    boolean confirmed = form.decision(CONFIRMED);
    SecurityCategory category = confirmed ? form.oneOf(CATEGORY, SecurityCategory.class) : null;
    boolean personalData = form.flag(PERSONAL_DATA_INVOLVED);
    boolean critical = form.flag(CRITICAL_ASSET_AFFECTED);
    String notes = form.requiredText(TRIAGE_NOTES, 1000);
    // A form of the model's versions before it has no correction: the reported time stands.
    Instant detected = confirmed && form.asks(DETECTED_AT_CORRECTED) ? form.instant(DETECTED_AT_CORRECTED) : null;
    if (detected != null) {
      service.correctDetection(form.businessKey(), form.actor(), detected);
    }
    TriageOutcome outcome = form.asks(LOCK_ACCOUNTS)
        ? service.triage(form.businessKey(), form.actor(), confirmed, category, personalData, critical, notes,
            confirmed ? form.text(LOCK_ACCOUNTS, 2000) : null)
        : service.triage(form.businessKey(), form.actor(), confirmed, category, personalData, critical, notes);
    DelegateExecution execution = task.getExecution();
    execution.setVariable(CONFIRMED, outcome.confirmed());
    execution.setVariable(PERSONAL_DATA_INVOLVED, outcome.personalDataInvolved());
    execution.setVariable(SEVERITY, outcome.severity().name());
    if (outcome.confirmed()) {
      execution.setVariable(CONTAINMENT_WARNING_AT, date(outcome.containmentWarningAt()));
      execution.setVariable(CONTAINMENT_DUE_AT, date(outcome.containmentDueAt()));
      // No notification of a later finding is open; closing waits for one (versions from 1.3.0).
      execution.setVariable(LATE_NOTIFICATION_OPEN, false);
      if (outcome.personalDataInvolved()) {
        execution.setVariable(REGULATOR_DUE_AT, date(outcome.regulatorNotificationDueAt()));
        execution.setVariable(REGULATOR_FIRST_REMINDER_AT, date(outcome.regulatorFirstReminderAt()));
        execution.setVariable(REGULATOR_SECOND_REMINDER_AT, date(outcome.regulatorSecondReminderAt()));
      }
    }
  }

  private static Date date(Instant instant) {
    return Date.from(instant);
  }
}
