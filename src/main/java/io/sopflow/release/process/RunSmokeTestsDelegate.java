package io.sopflow.release.process;

import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Runs the environment's smoke checks; a failure is a business outcome (BPMN error, the release is rolled back). */
@Component("runSmokeTestsDelegate")
public class RunSmokeTestsDelegate implements JavaDelegate {

  private final ReleaseService releaseService;

  public RunSmokeTestsDelegate(ReleaseService releaseService) {
    this.releaseService = releaseService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String key = (String) execution.getVariable(ReleaseDeploymentProcess.RELEASE_KEY);
    ReleaseService.SmokeTestOutcome outcome = releaseService.runSmokeTests(key);
    if (!outcome.passed()) {
      throw new BpmnError(ReleaseDeploymentProcess.ERROR_SMOKE_TEST_FAILED, key + ": smoke test failed");
    }
    execution.setVariable(ReleaseDeploymentProcess.MANUAL_VERIFICATION, outcome.manualVerification());
  }
}
