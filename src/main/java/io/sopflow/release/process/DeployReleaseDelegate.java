package io.sopflow.release.process;

import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Deploys through the environment's adapter. A failed deploy or a closed window is a business outcome (BPMN error). */
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
    }
  }
}
