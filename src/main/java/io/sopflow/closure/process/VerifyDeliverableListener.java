package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.DELIVERABLES_ACCEPTED;
import static io.sopflow.closure.process.ProjectClosureProcess.DELIVERABLE_ID;
import static io.sopflow.closure.process.ProjectClosureProcess.RESULT_ACCEPTED;
import static io.sopflow.closure.process.ProjectClosureProcess.RESULT_OPEN;
import static io.sopflow.closure.process.ProjectClosureProcess.VERIFICATION_NOTE;
import static io.sopflow.closure.process.ProjectClosureProcess.VERIFICATION_RESULT;

import io.sopflow.closure.ClosureView.DeliverableView;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Verify deliverable" (one task per deliverable): on create shows the deliverable, on complete requires a result
 * (ACCEPTED or OPEN; the service requires a note for OPEN), records it with the person who verified (and the client
 * contact they acted for, when the client contact's delegate did) and tells the
 * process whether every deliverable is accepted now. The service takes it only from the client contact or their
 * delegate, never from the closure's requester or project manager (403).
 */
@Component("verifyDeliverableListener")
class VerifyDeliverableListener implements TaskListener {

  private final ProjectClosureService service;
  private final TaskForms taskForms;

  VerifyDeliverableListener(ProjectClosureService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      TaskForm settings = taskForms.settingsOf(task);
      DeliverableView d = service.deliverable(settings.businessKey(), settings.referenceId(DELIVERABLE_ID));
      task.setName(task.getName() + ": " + d.name());
      Map<String, Object> shown = new HashMap<>();
      shown.put("deliverableName", d.name());
      shown.put("acceptanceCriteria", d.acceptanceCriteria());
      shown.put("previousVerificationNote", d.verificationNote() == null ? "" : d.verificationNote());
      shown.put("deliverableResolutionNote", d.resolutionNote() == null ? "" : d.resolutionNote());
      taskForms.show(task, shown);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskForm form = taskForms.read(task);
      String result = form.oneOf(VERIFICATION_RESULT, List.of(RESULT_ACCEPTED, RESULT_OPEN));
      boolean allAccepted = service.verifyDeliverable(form.businessKey(), form.referenceId(DELIVERABLE_ID),
          RESULT_ACCEPTED.equals(result), form.text(VERIFICATION_NOTE), form.actor(), form.actingFor().orElse(null));
      task.getExecution().getProcessInstance().setVariable(DELIVERABLES_ACCEPTED, allAccepted);
    }
  }
}
