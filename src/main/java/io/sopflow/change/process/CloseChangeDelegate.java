package io.sopflow.change.process;

import io.sopflow.change.ChangeService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Closes the change after its post-implementation review. */
@Component("closeChangeDelegate")
public class CloseChangeDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public CloseChangeDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    changeService.close(number);
  }
}
