package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.REFUSAL_RESPONSE;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Address sign-off refusal": shows the sponsor's reason; on complete requires and records the response. */
@Component("addressSignOffRefusalListener")
class AddressSignOffRefusalListener implements TaskListener {

  private final ProjectClosureService service;
  private final CurrentUser currentUser;

  AddressSignOffRefusalListener(ProjectClosureService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      String reason = service.get(TaskInput.key(task)).lastRefusalReason();
      task.setVariableLocal("signOffRefusalReason", reason == null ? "" : reason);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskInput.refusingBadInput(() -> service.addressRefusal(TaskInput.key(task),
          TaskInput.text(task, REFUSAL_RESPONSE), TaskInput.actor(currentUser, task)));
    }
  }
}
