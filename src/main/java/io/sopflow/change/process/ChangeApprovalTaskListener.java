package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ApprovalStage;
import io.sopflow.change.ChangeDecisions;
import io.sopflow.change.ChangeService;
import io.sopflow.change.DecisionResult;
import io.sopflow.change.FourEyesViolationException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.domain.ConflictException;
import java.util.Objects;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Server-side rules for every approval task (review, CAB vote, manager, emergency, freeze exception) on complete:
 * four-eyes (requester and implementer never decide: 403), a CAB vote only by its assignee (403), a decision the stage
 * allows (400). Then records the decision and tells the process what it means.
 */
@Component("changeApprovalTaskListener")
public class ChangeApprovalTaskListener implements TaskListener {

  private record Fields(ApprovalStage stage, String decision, String comment) {}

  private final ChangeService changeService;
  private final CurrentUser currentUser;

  public ChangeApprovalTaskListener(ChangeService changeService, CurrentUser currentUser) {
    this.changeService = changeService;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    Fields fields = fieldsOf(task.getTaskDefinitionKey());
    String user = currentUser.id()
        .orElseThrow(() -> new AuthorizationException("An approval must be completed by an authenticated person"));
    String number = (String) task.getVariable(CHANGE_NUMBER);
    if (Objects.equals(user, task.getVariable(REQUESTER)) || Objects.equals(user, task.getVariable(IMPLEMENTER))) {
      throw new AuthorizationException(user + " may not approve " + number
          + ": requesters and implementers never approve their own change");
    }
    if (fields.stage() == ApprovalStage.CAB && !Objects.equals(user, task.getAssignee())) {
      throw new AuthorizationException(user + " may not cast " + task.getAssignee() + "'s CAB vote on " + number);
    }
    String decision = ChangeVariables.required(task, fields.decision());
    if (!fields.stage().decisions().contains(decision)) {
      throw new BadUserRequestException(fields.decision() + " must be one of " + fields.stage().decisions());
    }
    DecisionResult result;
    try {
      result = changeService.recordDecision(number, fields.stage(), user, decision,
          ChangeVariables.string(task, fields.comment()));
    } catch (FourEyesViolationException e) {
      throw new AuthorizationException(e.getMessage());
    } catch (ConflictException | IllegalArgumentException e) {
      throw new BadUserRequestException(e.getMessage());
    }
    switch (fields.stage()) {
      case CAB -> task.getExecution().setVariable(CAB_DECIDED, result.decided());
      case REVIEW -> {
        if (ChangeDecisions.REJECT.equals(decision)) {
          task.getExecution().setVariable(CHANGE_APPROVED, false);
        }
      }
      default -> task.getExecution().setVariable(CHANGE_APPROVED, result.approved());
    }
  }

  private static Fields fieldsOf(String taskDefinitionKey) {
    return switch (taskDefinitionKey) {
      case TASK_REVIEW_CHANGE -> new Fields(ApprovalStage.REVIEW, REVIEW_DECISION, REVIEW_COMMENT);
      case TASK_VOTE_ON_CHANGE -> new Fields(ApprovalStage.CAB, CAB_VOTE, CAB_COMMENT);
      case TASK_APPROVE_AS_MANAGER -> new Fields(ApprovalStage.MANAGER, MANAGER_DECISION, MANAGER_COMMENT);
      case TASK_APPROVE_EMERGENCY_CHANGE -> new Fields(ApprovalStage.EMERGENCY, EMERGENCY_DECISION, EMERGENCY_COMMENT);
      case TASK_APPROVE_FREEZE_EXCEPTION -> new Fields(ApprovalStage.FREEZE_EXCEPTION, FREEZE_DECISION, FREEZE_COMMENT);
      default -> throw new IllegalStateException("No approval rules for task " + taskDefinitionKey);
    };
  }
}
