package io.sopflow.release.process;

import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Deploys through the environment's adapter (the deployment was started by "Start deployment"). A failed deploy or a
 * window closed by the time a retry runs is a business outcome (BPMN error).
 */
@Component("deployReleaseDelegate")
public class DeployReleaseDelegate implements JavaDelegate {

  private final ReleaseService releaseService;

  public DeployReleaseDelegate(ReleaseService releaseService) {
    this.releaseService = releaseService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String key = (String) execution.getVariable(ReleaseDeploymentProcess.RELEASE_KEY);
    switch (releaseService.deploy(key)) {
      case DEPLOYED -> { }
      case FAILED -> throw new BpmnError(ReleaseDeploymentProcess.ERROR_DEPLOYMENT_FAILED, key + ": deploy failed");
      case WINDOW_CLOSED -> throw new BpmnError(ReleaseDeploymentProcess.ERROR_WINDOW_CLOSED,
          key + ": the window closed before the deployment started");
      // Only an instance of a model before "Start deployment" (1.3.0 and earlier) gets here: its deploy step catches no
      // such error, so the engine ends the instance there; the release is cancelled and audited already.
      case CHANGE_ENDED -> throw new BpmnError(ReleaseDeploymentProcess.ERROR_CHANGE_ENDED,
          key + ": its change no longer awaits its implementation; the release is cancelled");
    }
  }
}
