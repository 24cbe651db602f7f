package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.DELIVERABLES_ACCEPTED;
import static io.sopflow.closure.process.ProjectClosureProcess.DELIVERABLE_ID;
import static io.sopflow.closure.process.ProjectClosureProcess.RESULT_ACCEPTED;
import static io.sopflow.closure.process.ProjectClosureProcess.RESULT_OPEN;
import static io.sopflow.closure.process.ProjectClosureProcess.VERIFICATION_NOTE;
import static io.sopflow.closure.process.ProjectClosureProcess.VERIFICATION_RESULT;

import io.sopflow.closure.ClosureView.DeliverableView;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Verify deliverable" (one task per deliverable): on create shows the deliverable, on complete requires a result
 * (ACCEPTED or OPEN, a note for OPEN), records it and tells the process whether every deliverable is accepted now.
 */
@Component("verifyDeliverableListener")
class VerifyDeliverableListener implements TaskListener {

  private final ProjectClosureService service;
  private final CurrentUser currentUser;

  VerifyDeliverableListener(ProjectClosureService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      DeliverableView d = service.deliverable(TaskInput.key(task), deliverableId(task));
      task.setName(task.getName() + ": " + d.name());
      task.setVariableLocal("deliverableName", d.name());
      task.setVariableLocal("acceptanceCriteria", d.acceptanceCriteria());
      task.setVariableLocal("previousVerificationNote", d.verificationNote() == null ? "" : d.verificationNote());
      task.setVariableLocal("deliverableResolutionNote", d.resolutionNote() == null ? "" : d.resolutionNote());
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      String result = TaskInput.text(task, VERIFICATION_RESULT);
      if (!RESULT_ACCEPTED.equals(result) && !RESULT_OPEN.equals(result)) {
        throw TaskInput.required(VERIFICATION_RESULT, "must be " + RESULT_ACCEPTED + " or " + RESULT_OPEN);
      }
      boolean[] allAccepted = new boolean[1];
      TaskInput.refusingBadInput(() -> allAccepted[0] = service.verifyDeliverable(TaskInput.key(task),
          deliverableId(task), RESULT_ACCEPTED.equals(result), TaskInput.text(task, VERIFICATION_NOTE),
          TaskInput.actor(currentUser, task)));
      task.getExecution().getProcessInstance().setVariable(DELIVERABLES_ACCEPTED, allAccepted[0]);
    }
  }

  private static Long deliverableId(DelegateTask task) {
    Object id = task.getVariable(DELIVERABLE_ID);
    return id instanceof Number n ? n.longValue() : Long.valueOf(id.toString());
  }
}
