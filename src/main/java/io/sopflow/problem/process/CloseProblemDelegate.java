package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.PROBLEM_NUMBER;

import io.sopflow.problem.ProblemService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Closes the problem; the service resolves its open incidents through the incident SOP. */
@Component("closeProblemDelegate")
class CloseProblemDelegate implements JavaDelegate {

  private final ProblemService service;

  CloseProblemDelegate(ProblemService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.close((String) execution.getVariable(PROBLEM_NUMBER));
  }
}
