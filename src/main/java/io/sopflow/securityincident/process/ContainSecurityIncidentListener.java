package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Containment recorded: the officer's notes and the action taken per affected asset (the accounts are locked already),
 * and personal data found affected ({@link PersonalDataFindings}).
 */
@Component("containSecurityIncidentListener")
public class ContainSecurityIncidentListener implements TaskListener {

  private final SecurityIncidentService service;
  private final TaskForms taskForms;

  public ContainSecurityIncidentListener(SecurityIncidentService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    PersonalDataFindings.record(form, service);
    service.recordContainment(form.businessKey(), form.actor(), form.requiredText(CONTAINMENT_NOTES, 1000),
        form.text(ASSET_ACTIONS, 2000));
  }
}
