package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.REVIEW_FINDINGS;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Conduct post-implementation review": findings are required; completing it closes the project. */
@Component("conductReviewListener")
class ConductReviewListener implements TaskListener {

  private final ProjectClosureService service;
  private final CurrentUser currentUser;

  ConductReviewListener(ProjectClosureService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      task.setVariableLocal("projectName", service.get(TaskInput.key(task)).name());
      task.setVariableLocal("reportPath", "/api/project-closures/" + TaskInput.key(task) + "/report");
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskInput.refusingBadInput(() -> service.completeReview(TaskInput.key(task),
          TaskInput.text(task, REVIEW_FINDINGS), TaskInput.actor(currentUser, task)));
    }
  }
}
