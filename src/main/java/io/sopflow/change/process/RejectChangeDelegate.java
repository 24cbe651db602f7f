package io.sopflow.change.process;

import io.sopflow.change.ChangeService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records the rejection. */
@Component("rejectChangeDelegate")
public class RejectChangeDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public RejectChangeDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    changeService.reject(number);
  }
}
