package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.RESOLUTION_NOTE;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Resolve open deliverables": shows what is open and why; on complete requires and records how it was resolved. */
@Component("resolveOpenDeliverablesListener")
class ResolveOpenDeliverablesListener implements TaskListener {

  private final ProjectClosureService service;
  private final CurrentUser currentUser;

  ResolveOpenDeliverablesListener(ProjectClosureService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      task.setVariableLocal("openDeliverables", service.openDeliverablesSummary(TaskInput.key(task)));
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskInput.refusingBadInput(() -> service.resolveOpenDeliverables(TaskInput.key(task),
          TaskInput.text(task, RESOLUTION_NOTE), TaskInput.actor(currentUser, task)));
    }
  }
}
