package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.ACCESS_REQUEST_ID;
import static io.sopflow.access.process.AccessProvisioningProcess.DECISION_APPROVE;
import static io.sopflow.access.process.AccessProvisioningProcess.DECISION_GRANT_EXCEPTION;
import static io.sopflow.access.process.AccessProvisioningProcess.DECISION_REJECT;
import static io.sopflow.access.process.AccessProvisioningProcess.MANAGER_APPROVER;
import static io.sopflow.access.process.AccessProvisioningProcess.MANAGER_COMMENT;
import static io.sopflow.access.process.AccessProvisioningProcess.MANAGER_DECISION;
import static io.sopflow.access.process.AccessProvisioningProcess.OWNER_COMMENT;
import static io.sopflow.access.process.AccessProvisioningProcess.OWNER_DECISION;
import static io.sopflow.access.process.AccessProvisioningProcess.SETTING_APPROVAL_STAGE;
import static io.sopflow.access.process.AccessProvisioningProcess.SETTING_DECISION_VARIABLE;
import static io.sopflow.access.process.AccessProvisioningProcess.SOD_COMMENT;
import static io.sopflow.access.process.AccessProvisioningProcess.SOD_DECISION;

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
 * The decision tasks (SoD review, line manager, resource owner). The model says which approval a task is
 * ({@code approvalStage}) and where its outcome goes ({@code decisionVariable}, the variable its gateway reads), so an
 * approval step added or renamed in Modeler needs no Java; a task without them fails as a modelling error (but for the
 * tasks of versions before the settings, {@link #STAGES_BEFORE_SETTINGS}). On create,
 * the task shows the request as the record holds it (task-local variables for the form; the process carries only
 * references). On complete, the form's decision must be one of the allowed values and an SoD exception needs a
 * justification (400 naming the field); the line manager's approval is decided only by the person it waits for
 * ({@code managerApprover}) or their delegate (routed to nobody: by the managers group), the other stages only by
 * their group (the service, told whom the process routed it to), and never by the
 * beneficiary or requester ({@code SelfApprovalException}); each refusal 403. The decision is recorded with the
 * authenticated person before the gateway reads the outcome variable, which is false also for an approval of a
 * request that can no longer be granted (a locked beneficiary, a validity that has passed): the service ended it.
 */
@Component("accessDecisionListener")
class AccessDecisionListener implements TaskListener {

  /** Longest comment the record keeps. */
  static final int MAX_COMMENT = 2000;

  /**
   * The decision tasks of the versions before 1.6.0, which had no settings yet: instances running on them (and new
   * ones, until the changed model's revision is approved) decide as they did, by these task ids and outcome variables.
   */
  static final Map<String, ApprovalStage> STAGES_BEFORE_SETTINGS = Map.of(
      AccessProvisioningProcess.TASK_REVIEW_SOD_CONFLICT, ApprovalStage.SOD_REVIEW,
      AccessProvisioningProcess.TASK_APPROVE_AS_LINE_MANAGER, ApprovalStage.LINE_MANAGER,
      AccessProvisioningProcess.TASK_APPROVE_AS_RESOURCE_OWNER, ApprovalStage.RESOURCE_OWNER);
  private static final Map<ApprovalStage, String> OUTCOMES_BEFORE_SETTINGS = Map.of(
      ApprovalStage.SOD_REVIEW, AccessProvisioningProcess.SOD_EXCEPTION_GRANTED,
      ApprovalStage.LINE_MANAGER, AccessProvisioningProcess.MANAGER_APPROVED,
      ApprovalStage.RESOURCE_OWNER, AccessProvisioningProcess.OWNER_APPROVED);

  /** What a stage's form submits and the decision that approves (keys of its Camunda Form). */
  private record Fields(String decision, String approveValue, String comment) {}

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
    TaskForm form = taskForms.read(task);
    ApprovalStage stage = form.setting(SETTING_APPROVAL_STAGE, ApprovalStage.class, STAGES_BEFORE_SETTINGS);
    String outcomeVariable = form.setting(SETTING_DECISION_VARIABLE,
        STAGES_BEFORE_SETTINGS.containsKey(task.getTaskDefinitionKey()) ? OUTCOMES_BEFORE_SETTINGS.get(stage) : null);
    Fields fields = fieldsOf(stage);
    boolean approved = fields.approveValue().equals(
        form.oneOf(fields.decision(), List.of(fields.approveValue(), DECISION_REJECT)));
    String comment = stage == ApprovalStage.SOD_REVIEW && approved
        ? form.requiredText(fields.comment(), MAX_COMMENT)
        : form.text(fields.comment(), MAX_COMMENT);
    // Whom the process routed the line manager's approval to (null: the managers group) decides who may decide it.
    String routedTo = stage == ApprovalStage.LINE_MANAGER
        ? form.requireRoutedPerson(MANAGER_APPROVER).orElse(null) : null;
    // An approval of a request that can no longer be granted ends it (the service says so): the rejection path.
    boolean goesOn = service.decide(form.referenceId(ACCESS_REQUEST_ID), stage, routedTo, form.onBehalfOf(),
        form.substitute().orElse(null), approved, comment);
    task.setVariable(outcomeVariable, goesOn);
  }

  private static Fields fieldsOf(ApprovalStage stage) {
    return switch (stage) {
      case SOD_REVIEW -> new Fields(SOD_DECISION, DECISION_GRANT_EXCEPTION, SOD_COMMENT);
      case LINE_MANAGER -> new Fields(MANAGER_DECISION, DECISION_APPROVE, MANAGER_COMMENT);
      case RESOURCE_OWNER -> new Fields(OWNER_DECISION, DECISION_APPROVE, OWNER_COMMENT);
    };
  }
}
