package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ChangeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The change's release ended while the change waited for its implementation: a deployed release implemented it, a
 * rolled-back one failed it. Sets the decision of "Implementation succeeded?".
 */
@Component("recordReleaseOutcomeDelegate")
public class RecordReleaseOutcomeDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public RecordReleaseOutcomeDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean deployed = Boolean.TRUE.equals(execution.getVariable(RELEASE_DEPLOYED));
    changeService.recordReleaseImplementation((String) execution.getVariable(CHANGE_NUMBER),
        (String) execution.getVariable(RELEASE_KEY), deployed);
    execution.setVariable(IMPLEMENTATION_SUCCEEDED, deployed);
  }
}
