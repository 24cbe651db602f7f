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
 * The security officer's triage: confirmed or a false positive, the category, personal data, a critical asset; the
 * service returns the severity and the dates the containment SLA and the notification clock run by.
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
    TriageOutcome outcome = service.triage(form.businessKey(), form.actor(), confirmed,
        confirmed ? form.oneOf(CATEGORY, SecurityCategory.class) : null, form.flag(PERSONAL_DATA_INVOLVED),
        form.flag(CRITICAL_ASSET_AFFECTED), form.requiredText(TRIAGE_NOTES, 1000));
    DelegateExecution execution = task.getExecution();
    execution.setVariable(CONFIRMED, outcome.confirmed());
    execution.setVariable(PERSONAL_DATA_INVOLVED, outcome.personalDataInvolved());
    execution.setVariable(SEVERITY, outcome.severity().name());
    if (outcome.confirmed()) {
      execution.setVariable(CONTAINMENT_WARNING_AT, date(outcome.containmentWarningAt()));
      execution.setVariable(CONTAINMENT_DUE_AT, date(outcome.containmentDueAt()));
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
