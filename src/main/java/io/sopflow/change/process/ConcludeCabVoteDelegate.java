package io.sopflow.change.process;

import io.sopflow.change.CabConclusion;
import io.sopflow.change.ChangeService;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Reads the CAB votes under the configured voting rule: the decisions of "CAB approved?" ({@code cabApproved}) and
 * "Manager approval required?" ({@code managerApprovalRequired}, for a HIGH-risk change).
 */
@Component("concludeChangeCabVoteDelegate")
public class ConcludeCabVoteDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public ConcludeCabVoteDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    CabConclusion conclusion = changeService.concludeCabVote(number);
    execution.setVariable(ChangeApprovalProcess.CAB_APPROVED, conclusion.approved());
    execution.setVariable(ChangeApprovalProcess.MANAGER_APPROVAL_REQUIRED, conclusion.managerApprovalRequired());
  }
}
