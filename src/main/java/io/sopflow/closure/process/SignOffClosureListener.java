package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.DECISION_REFUSED;
import static io.sopflow.closure.process.ProjectClosureProcess.DECISION_SIGNED_OFF;
import static io.sopflow.closure.process.ProjectClosureProcess.SIGN_OFF_COMMENT;
import static io.sopflow.closure.process.ProjectClosureProcess.SIGN_OFF_DECISION;
import static io.sopflow.closure.process.ProjectClosureProcess.SIGN_OFF_GIVEN;

import io.sopflow.closure.ClosureView;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.identity.CurrentUser;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Sign off closure": only the sponsor decides (after an escalation, managers too). A refusal needs a reason and goes
 * back to the project manager; the decision is recorded and handed to the process as {@code signOffGiven}.
 */
@Component("signOffClosureListener")
class SignOffClosureListener implements TaskListener {

  private final ProjectClosureService service;
  private final CurrentUser currentUser;

  SignOffClosureListener(ProjectClosureService service, CurrentUser currentUser) {
    this.service = service;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String key = TaskInput.key(task);
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      ClosureView closure = service.get(key);
      task.setVariableLocal("projectName", closure.name());
      task.setVariableLocal("projectCode", closure.projectCode());
      task.setVariableLocal("deliverablesSummary", closure.deliverables().stream()
          .map(d -> "- " + d.name() + ": " + d.result() + (d.verificationNote() == null ? "" : " (" + d.verificationNote() + ")"))
          .collect(Collectors.joining("\n")));
      task.setVariableLocal("refusalResponseSummary",
          closure.signOffRefusals() == 0 ? "" : "Your refusal: " + closure.lastRefusalReason());
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      String actor = TaskInput.actor(currentUser, task);
      if (!service.maySignOff(key, actor)) {
        throw new AuthorizationException(actor + " may not sign off " + key + ": only its sponsor may"
            + " (and, once the sign-off is escalated, the managers)");
      }
      String decision = TaskInput.text(task, SIGN_OFF_DECISION);
      String comment = TaskInput.text(task, SIGN_OFF_COMMENT);
      if (DECISION_SIGNED_OFF.equals(decision)) {
        service.signOff(key, actor, comment);
      } else if (DECISION_REFUSED.equals(decision)) {
        TaskInput.refusingBadInput(() -> service.refuseSignOff(key, actor, comment));
      } else {
        throw TaskInput.required(SIGN_OFF_DECISION, "must be " + DECISION_SIGNED_OFF + " or " + DECISION_REFUSED);
      }
      task.getExecution().getProcessInstance().setVariable(SIGN_OFF_GIVEN, DECISION_SIGNED_OFF.equals(decision));
    }
  }
}
