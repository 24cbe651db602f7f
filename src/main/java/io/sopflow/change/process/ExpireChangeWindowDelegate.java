package io.sopflow.change.process;

import io.sopflow.change.ChangeService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The planned window ended without implementation: recorded before the change is rescheduled. */
@Component("expireChangeWindowDelegate")
public class ExpireChangeWindowDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public ExpireChangeWindowDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    changeService.windowExpired(number);
  }
}
