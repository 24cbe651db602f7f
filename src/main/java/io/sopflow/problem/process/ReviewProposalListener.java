package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.DECISION_REASON;
import static io.sopflow.problem.process.ProblemManagementProcess.PROPOSAL_ACCEPTED;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.problem.ProblemService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Accept or reject proposal": the decision (the gateway reads it) and, for a rejection, the required reason. */
@Component("reviewProposalListener")
public class ReviewProposalListener implements TaskListener {

  private final ProblemService service;
  private final TaskForms taskForms;

  public ReviewProposalListener(ProblemService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    service.decideProposal(form.businessKey(), form.actor(), form.decision(PROPOSAL_ACCEPTED),
        form.text(DECISION_REASON, 1000));
  }
}
