package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.ACCESS_REQUEST_ID;
import static io.sopflow.access.process.AccessProvisioningProcess.DECISION_FORMS;
import static io.sopflow.access.process.AccessProvisioningProcess.DECISION_REJECT;

import io.sopflow.access.AccessProcessData.TaskDetails;
import io.sopflow.access.AccessRequestService;
import io.sopflow.access.ApprovalStage;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The decision tasks (SoD review, line manager, resource owner). On create, the task shows the request as the record
 * holds it (task-local variables for the form; the process carries only references). On complete, the form's
 * decision must be one of the allowed values and an SoD exception needs a justification (400 naming the field); the
 * service refuses a decision by the beneficiary or requester ({@code SelfApprovalException}, 403); the decision is
 * recorded with the authenticated person before the gateway reads the outcome variable.
 */
@Component("accessDecisionListener")
class AccessDecisionListener implements TaskListener {

  /** Longest comment the record keeps. */
  static final int MAX_COMMENT = 2000;

  private final AccessRequestService service;
  private final TaskForms taskForms;

  AccessDecisionListener(AccessRequestService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      show(task);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      decide(task);
    }
  }

  private void show(DelegateTask task) {
    TaskDetails details = service.taskDetails(taskForms.settingsOf(task).referenceId(ACCESS_REQUEST_ID));
    Map<String, Object> shown = new HashMap<>();
    shown.put("beneficiary", details.beneficiary());
    shown.put("requester", details.requester());
    shown.put("resourceName", details.resourceName());
    shown.put("riskLevel", details.riskLevel());
    shown.put("justification", details.justification());
    shown.put("validUntil", details.validUntil());
    shown.put("sodConflictDetails", details.sodConflictDetails());
    taskForms.show(task, shown);
  }

  private void decide(DelegateTask task) {
    AccessProvisioningProcess.DecisionForm decisionForm = DECISION_FORMS.get(task.getTaskDefinitionKey());
    if (decisionForm == null) {
      throw new IllegalStateException("accessDecisionListener is not configured for " + task.getTaskDefinitionKey());
    }
    TaskForm form = taskForms.read(task);
    boolean approved = decisionForm.approveValue().equals(
        form.oneOf(decisionForm.decisionField(), List.of(decisionForm.approveValue(), DECISION_REJECT)));
    String comment = decisionForm.stage() == ApprovalStage.SOD_REVIEW && approved
        ? form.requiredText(decisionForm.commentField(), MAX_COMMENT)
        : form.text(decisionForm.commentField(), MAX_COMMENT);
    service.decide(form.referenceId(ACCESS_REQUEST_ID), decisionForm.stage(), form.onBehalfOf(),
        form.substitute().orElse(null), approved, comment);
    task.setVariable(decisionForm.outcomeVariable(), approved);
  }
}
