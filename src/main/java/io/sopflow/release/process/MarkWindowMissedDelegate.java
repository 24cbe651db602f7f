package io.sopflow.release.process;

import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records that the window closed before the deployment started. */
@Component("markWindowMissedDelegate")
public class MarkWindowMissedDelegate implements JavaDelegate {

  private final ReleaseService releaseService;

  public MarkWindowMissedDelegate(ReleaseService releaseService) {
    this.releaseService = releaseService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    releaseService.markWindowMissed((String) execution.getVariable(ReleaseDeploymentProcess.RELEASE_KEY));
  }
}
