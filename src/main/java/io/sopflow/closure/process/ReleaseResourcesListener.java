package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.ACCOUNTS_CLOSED;
import static io.sopflow.closure.process.ProjectClosureProcess.ENVIRONMENTS_DECOMMISSIONED;
import static io.sopflow.closure.process.ProjectClosureProcess.RESOURCES_NOTE;
import static io.sopflow.closure.process.ProjectClosureProcess.TEAM_RELEASED;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Release project resources": every item of the checklist must be confirmed. */
@Component("releaseResourcesListener")
class ReleaseResourcesListener implements TaskListener {

  private final ProjectClosureService service;
  private final CurrentUser currentUser;

  ReleaseResourcesListener(ProjectClosureService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskInput.refusingBadInput(() -> service.releaseResources(TaskInput.key(task),
          TaskInput.flag(task, ACCOUNTS_CLOSED), TaskInput.flag(task, ENVIRONMENTS_DECOMMISSIONED),
          TaskInput.flag(task, TEAM_RELEASED), TaskInput.text(task, RESOURCES_NOTE),
          TaskInput.actor(currentUser, task)));
    }
  }
}
