package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.identity.CurrentUser;
import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Completing "Verify smoke test manually": PASSED or FAILED, a failure needs notes; recorded on the release. */
@Component("manualVerificationListener")
public class ManualVerificationListener implements TaskListener {

  private final ReleaseService releaseService;
  private final CurrentUser currentUser;

  public ManualVerificationListener(ReleaseService releaseService, CurrentUser currentUser) {
    this.releaseService = releaseService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    boolean passed = Verifications.passed(task, SMOKE_VERIFICATION_RESULT, SMOKE_VERIFICATION_NOTES);
    releaseService.recordManualVerification((String) task.getVariable(RELEASE_KEY), FormValues.actor(currentUser),
        passed, FormValues.text(task, SMOKE_VERIFICATION_NOTES));
  }
}
