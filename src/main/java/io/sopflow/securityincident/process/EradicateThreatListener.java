package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Eradication recorded: what was removed or fixed (malware, vulnerabilities, compromised credentials), and personal
 * data found affected ({@link PersonalDataFindings}).
 */
@Component("eradicateThreatListener")
public class EradicateThreatListener implements TaskListener {

  private final SecurityIncidentService service;
  private final TaskForms taskForms;

  public EradicateThreatListener(SecurityIncidentService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    PersonalDataFindings.record(form, service);
    service.recordEradication(form.businessKey(), form.actor(), form.requiredText(ERADICATION_NOTES, 1000));
  }
}
