package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.DECISION_REFUSED;
import static io.sopflow.closure.process.ProjectClosureProcess.DECISION_SIGNED_OFF;
import static io.sopflow.closure.process.ProjectClosureProcess.SIGN_OFF_COMMENT;
import static io.sopflow.closure.process.ProjectClosureProcess.SIGN_OFF_DECISION;
import static io.sopflow.closure.process.ProjectClosureProcess.SIGN_OFF_GIVEN;

import io.sopflow.closure.ClosureView;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Sign off closure": only the sponsor decides, or the sponsor's delegate the task was offered to (recorded as
 * "<delegate> acting for <sponsor>"); after an escalation, managers too; anyone else 403, and so are the closure's
 * requester and project manager whatever they act as (four eyes, checked by the service). A refusal needs
 * a reason (the service refuses it without, naming {@code signOffComment}) and goes back to the project manager; the
 * decision is recorded and handed to the process as {@code signOffGiven}.
 */
@Component("signOffClosureListener")
class SignOffClosureListener implements TaskListener {

  private final ProjectClosureService service;
  private final TaskForms taskForms;

  SignOffClosureListener(ProjectClosureService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      ClosureView closure = service.get(taskForms.settingsOf(task).businessKey());
      Map<String, Object> shown = new HashMap<>();
      shown.put("projectName", closure.name());
      shown.put("projectCode", closure.projectCode());
      shown.put("deliverablesSummary", closure.deliverables().stream()
          .map(d -> "- " + d.name() + ": " + d.result() + (d.verificationNote() == null ? "" : " (" + d.verificationNote() + ")"))
          .collect(Collectors.joining("\n")));
      shown.put("refusalResponseSummary",
          closure.signOffRefusals() == 0 ? "" : "Your refusal: " + closure.lastRefusalReason());
      taskForms.show(task, shown);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskForm form = taskForms.read(task);
      String key = form.businessKey();
      String actor = form.actor();
      String actingFor = form.actingFor().orElse(null);
      if (!service.maySignOff(key, form.onBehalfOf())) {
        throw new ForbiddenException(actor + " may not sign off " + key + ": only its sponsor (or the sponsor's"
            + " delegate) may (and, once the sign-off is escalated, the managers)");
      }
      String decision = form.oneOf(SIGN_OFF_DECISION, List.of(DECISION_SIGNED_OFF, DECISION_REFUSED));
      String comment = form.text(SIGN_OFF_COMMENT);
      if (DECISION_SIGNED_OFF.equals(decision)) {
        service.signOff(key, actor, actingFor, comment);
      } else {
        service.refuseSignOff(key, actor, actingFor, comment);
      }
      task.getExecution().getProcessInstance().setVariable(SIGN_OFF_GIVEN, DECISION_SIGNED_OFF.equals(decision));
    }
  }
}
