package io.sopflow.release.process;

import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Starts the deployment when the window opens. A closed window and a change that no longer awaits its implementation
 * (the release is then cancelled) are business outcomes (BPMN errors).
 */
@Component("startDeploymentDelegate")
public class StartDeploymentDelegate implements JavaDelegate {

  private final ReleaseService releaseService;

  public StartDeploymentDelegate(ReleaseService releaseService) {
    this.releaseService = releaseService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String key = (String) execution.getVariable(ReleaseDeploymentProcess.RELEASE_KEY);
    switch (releaseService.startDeployment(key)) {
      case STARTED -> { }
      case WINDOW_CLOSED -> throw new BpmnError(ReleaseDeploymentProcess.ERROR_WINDOW_CLOSED,
          key + ": the window closed before the deployment started");
      case CHANGE_ENDED -> throw new BpmnError(ReleaseDeploymentProcess.ERROR_CHANGE_ENDED,
          key + ": its change no longer awaits its implementation; the release is cancelled");
    }
  }
}
