package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.FIX_VERIFIED;
import static io.sopflow.problem.process.ProblemManagementProcess.VERIFICATION_NOTES;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.problem.ProblemService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Verify fix": did the change remove the root cause? The gateway reads the decision; notes are required. */
@Component("verifyFixListener")
public class VerifyFixListener implements TaskListener {

  private final ProblemService service;
  private final TaskForms taskForms;

  public VerifyFixListener(ProblemService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    service.verifyFix(form.businessKey(), form.actor(), form.decision(FIX_VERIFIED),
        form.requiredText(VERIFICATION_NOTES, 2000));
  }
}
