package io.sopflow.release.process;

import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Rolls back through the environment's adapter. A failed rollback is not retried blindly: it is a BPMN error that
 * leads to an urgent recovery task (with a Cockpit incident while it is open).
 */
@Component("rollBackReleaseDelegate")
public class RollBackReleaseDelegate implements JavaDelegate {

  private final ReleaseService releaseService;

  public RollBackReleaseDelegate(ReleaseService releaseService) {
    this.releaseService = releaseService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String key = (String) execution.getVariable(ReleaseDeploymentProcess.RELEASE_KEY);
    if (!releaseService.rollBack(key)) {
      throw new BpmnError(ReleaseDeploymentProcess.ERROR_ROLLBACK_FAILED, key + ": rollback failed");
    }
  }
}
