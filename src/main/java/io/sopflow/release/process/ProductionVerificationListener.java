package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.identity.CurrentUser;
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
  private final CurrentUser currentUser;

  public ProductionVerificationListener(ReleaseService releaseService, CurrentUser currentUser) {
    this.releaseService = releaseService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    boolean passed = Verifications.passed(task, PRODUCTION_VERIFICATION_RESULT, PRODUCTION_VERIFICATION_NOTES);
    releaseService.recordProductionVerification((String) task.getVariable(RELEASE_KEY),
        FormValues.actor(currentUser), passed, FormValues.text(task, PRODUCTION_VERIFICATION_NOTES));
  }
}
