package io.sopflow.securityincident.process;

import static io.sopflow.securityincident.process.SecurityIncidentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.securityincident.SecurityIncidentService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** The post-incident review: lessons, actions with owner and due date, and whether a problem should be raised. */
@Component("reviewSecurityIncidentListener")
public class ReviewSecurityIncidentListener implements TaskListener {

  private final SecurityIncidentService service;
  private final TaskForms taskForms;

  public ReviewSecurityIncidentListener(SecurityIncidentService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    service.recordReview(form.businessKey(), form.actor(), form.requiredText(LESSONS, 2000), form.text(ACTIONS, 4000),
        form.flag(PROBLEM_TO_RAISE));
    PersonalDataFindings.noneOpenUnlessFound(task.getExecution());
  }
}
