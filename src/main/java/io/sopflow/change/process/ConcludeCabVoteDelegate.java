package io.sopflow.change.process;

import io.sopflow.change.ChangeService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Reads the CAB votes under the configured voting rule: the decision of "CAB approved?" ({@code cabApproved}). */
@Component("concludeChangeCabVoteDelegate")
public class ConcludeCabVoteDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public ConcludeCabVoteDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    execution.setVariable(ChangeApprovalProcess.CAB_APPROVED, changeService.concludeCabVote(number));
  }
}
