package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Completing "Verify smoke test manually": PASSED or FAILED, a failure needs notes; recorded on the release. */
@Component("manualVerificationListener")
public class ManualVerificationListener implements TaskListener {

  private final ReleaseService releaseService;
  private final TaskForms taskForms;

  public ManualVerificationListener(ReleaseService releaseService, TaskForms taskForms) {
    this.releaseService = releaseService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    Verifications result = Verifications.read(form, SMOKE_VERIFICATION_RESULT, SMOKE_VERIFICATION_NOTES);
    releaseService.recordManualVerification(form.reference(RELEASE_KEY), form.actor(), result.passed(),
        result.notes());
  }
}
