package io.sopflow.change.process;

import io.sopflow.change.ChangeService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records the approval: the change is APPROVED (release deployment relies on it). */
@Component("approveChangeDelegate")
public class ApproveChangeDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public ApproveChangeDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    changeService.approve(number);
  }
}
