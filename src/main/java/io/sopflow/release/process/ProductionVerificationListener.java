package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completing "Verify release in production": PASSED closes the release as DEPLOYED, FAILED (with notes) rolls it
 * back.
 */
@Component("productionVerificationListener")
public class ProductionVerificationListener implements TaskListener {

  private final ReleaseService releaseService;
  private final TaskForms taskForms;

  public ProductionVerificationListener(ReleaseService releaseService, TaskForms taskForms) {
    this.releaseService = releaseService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    Verifications result = Verifications.read(form, PRODUCTION_VERIFICATION_RESULT, PRODUCTION_VERIFICATION_NOTES);
    releaseService.recordProductionVerification(form.reference(RELEASE_KEY), form.actor(), result.passed(),
        result.notes());
  }
}
