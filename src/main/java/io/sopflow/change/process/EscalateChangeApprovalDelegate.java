package io.sopflow.change.process;

import io.sopflow.change.ApprovalStage;
import io.sopflow.change.process.ChangeApprovalEscalations.Escalated;
import io.sopflow.change.process.ChangeApprovalEscalations.Offer;
import io.sopflow.platform.process.TaskForm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * An approval SLA was breached: {@link ChangeApprovalEscalations} records it for the input parameter {@code stage}
 * and, when the model names the waiting task ({@code taskDefinitionKey}) and a group ({@code offerToGroup}, e.g.
 * {@code managers}), offers that task again: to the group, with {@code releaseAssignee=true} released by its assignee
 * (an overdue CAB vote), and within a {@code delegationScope} (the CAB vote's) to the waiting member's delegate. The
 * following mail task reads who: {@value #ESCALATED_TO_USERS} (the delegates) and {@value #ESCALATED_TO_GROUPS} (the
 * group, if any task was offered to it).
 *
 * <p>A step that only records the escalation has neither {@code taskDefinitionKey} nor {@code offerToGroup}. A missing
 * or invalid input is a modelling error: it fails the job (retries, then a Cockpit incident), never passes silently.
 */
@Component("escalateChangeApprovalDelegate")
public class EscalateChangeApprovalDelegate implements JavaDelegate {

  static final String INPUT_DELEGATION_SCOPE = "delegationScope";
  static final String ESCALATED_TO_USERS = "escalatedToUsers";
  static final String ESCALATED_TO_GROUPS = "escalatedToGroups";

  private final ChangeApprovalEscalations escalations;

  EscalateChangeApprovalDelegate(ChangeApprovalEscalations escalations) {
    this.escalations = escalations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(ChangeApprovalProcess.CHANGE_NUMBER);
    ApprovalStage stage = stageOf(execution);
    Offer offer = offerOf(execution);
    if (offer == null) {
      escalations.escalate(number, stage);
      return;
    }
    Escalated escalated = escalations.escalate(execution.getProcessInstanceId(), number, stage, offer);
    execution.setVariable(ESCALATED_TO_USERS, new ArrayList<>(escalated.delegates()));
    execution.setVariable(ESCALATED_TO_GROUPS, escalated.group().orElse(""));
  }

  private static ApprovalStage stageOf(DelegateExecution execution) {
    String stage = input(execution, ChangeApprovalProcess.INPUT_STAGE);
    if (stage == null) {
      throw missing(execution, ChangeApprovalProcess.INPUT_STAGE);
    }
    return TaskForm.constantOf(ApprovalStage.class, ChangeApprovalProcess.INPUT_STAGE, stage,
        execution.getCurrentActivityId());
  }

  /** The re-offer the model asks for; null when the step only records the escalation (it then has no offer input). */
  private static Offer offerOf(DelegateExecution execution) {
    String taskKey = input(execution, ChangeApprovalProcess.INPUT_TASK_DEFINITION_KEY);
    String group = input(execution, ChangeApprovalProcess.INPUT_OFFER_TO_GROUP);
    String scope = input(execution, INPUT_DELEGATION_SCOPE);
    String release = input(execution, ChangeApprovalProcess.INPUT_RELEASE_ASSIGNEE);
    if (taskKey == null && group == null && scope == null && release == null) {
      return null;
    }
    if (taskKey == null || group == null) {
      throw new IllegalStateException("Input parameter '" + (taskKey == null
          ? ChangeApprovalProcess.INPUT_TASK_DEFINITION_KEY : ChangeApprovalProcess.INPUT_OFFER_TO_GROUP)
          + "' is missing on " + execution.getCurrentActivityId() + ": offering the waiting task again needs both '"
          + ChangeApprovalProcess.INPUT_TASK_DEFINITION_KEY + "' and '" + ChangeApprovalProcess.INPUT_OFFER_TO_GROUP
          + "'");
    }
    if (release != null && !release.equals("true") && !release.equals("false")) {
      throw new IllegalStateException("Input parameter '" + ChangeApprovalProcess.INPUT_RELEASE_ASSIGNEE + "' of "
          + execution.getCurrentActivityId() + " must be true or false, not '" + release + "'");
    }
    List<String> delegationScope = scope == null ? List.of()
        : Arrays.stream(scope.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    return new Offer(taskKey, group, delegationScope, "true".equals(release));
  }

  /** An input parameter of the service task; null when absent or blank. */
  private static String input(DelegateExecution execution, String name) {
    Object value = execution.getVariableLocal(name);
    return value == null || value.toString().isBlank() ? null : value.toString().strip();
  }

  private static IllegalStateException missing(DelegateExecution execution, String name) {
    return new IllegalStateException("Input parameter '" + name + "' is missing on "
        + execution.getCurrentActivityId());
  }
}
