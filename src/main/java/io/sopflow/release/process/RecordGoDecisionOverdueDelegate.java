package io.sopflow.release.process;

import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The go/no-go decision is overdue: records that on the release (audit trail). It decides nothing: a release is
 * deployed only on a person's GO, and cancelling it unasked would hide the delay; the task stays with the release
 * managers, and the escalation mail brings in the managers.
 */
@Component("recordGoDecisionOverdueDelegate")
public class RecordGoDecisionOverdueDelegate implements JavaDelegate {

  private final ReleaseService releaseService;

  public RecordGoDecisionOverdueDelegate(ReleaseService releaseService) {
    this.releaseService = releaseService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    releaseService.recordGoDecisionOverdue((String) execution.getVariable(ReleaseDeploymentProcess.RELEASE_KEY));
  }
}
