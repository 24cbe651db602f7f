package io.sopflow.change.process;

import io.sopflow.change.ChangeService;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Opens the CAB vote: one task per eligible member (the board without requester and implementer). */
@Component("openChangeCabVoteDelegate")
public class OpenCabVoteDelegate implements JavaDelegate {

  private final ChangeService changeService;

  public OpenCabVoteDelegate(ChangeService changeService) {
    this.changeService = changeService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    List<String> voters = changeService.openCabVote(number);
    execution.setVariable(ChangeApprovalProcess.CAB_VOTERS, new ArrayList<>(voters));
    execution.setVariable(ChangeApprovalProcess.CAB_DECIDED, voters.isEmpty());
  }
}
