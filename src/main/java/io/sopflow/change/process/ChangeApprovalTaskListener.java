package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ApprovalStage;
import io.sopflow.change.ChangeService;
import io.sopflow.change.DecisionResult;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.identity.Groups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.task.IdentityLink;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completes an approval task (review, CAB vote, manager, emergency, freeze exception). The model says which stage a
 * task is ({@code approvalStage}) and where its outcome goes ({@code decisionVariable}, the variable its gateway
 * reads), so a renamed task id breaks nothing. Checks the decision the stage allows (400 naming the field) and that a
 * CAB vote is cast by its own voter (403); the change itself refuses requester and implementer (four-eyes, 403).
 */
@Component("changeApprovalTaskListener")
public class ChangeApprovalTaskListener implements TaskListener {

  /** The form fields of a stage (keys of its Camunda Form). */
  private record Fields(String decision, String comment) {}

  private final ChangeService changeService;
  private final TaskForms taskForms;

  public ChangeApprovalTaskListener(ChangeService changeService, TaskForms taskForms) {
    this.changeService = changeService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    ApprovalStage stage = form.setting(SETTING_APPROVAL_STAGE, ApprovalStage.class);
    Fields fields = fieldsOf(stage);
    String number = form.businessKey();
    DecisionResult result;
    if (stage == ApprovalStage.CAB) {
      result = castCabVote(task, form, number, fields);
    } else if (stage == ApprovalStage.EMERGENCY) {
      result = changeService.recordEmergencyDecision(number, emergencyCabOf(task), form.onBehalfOf(),
          form.substitute().orElse(null), form.oneOf(fields.decision(), stage.decisions()), form.text(fields.comment()));
    } else {
      result = changeService.recordDecision(number, stage, form.onBehalfOf(),
          form.substitute().orElse(null), form.oneOf(fields.decision(), stage.decisions()), form.text(fields.comment()));
    }
    String decision = stage == ApprovalStage.REVIEW ? form.oneOf(fields.decision(), stage.decisions()) : null;
    if (stage == ApprovalStage.EMERGENCY) {
      // Two different members of the emergency CAB approve (one task each, in turn); a rejection decides at once.
      task.getExecution().setVariable(EMERGENCY_DECIDED, result.decided());
    }
    if (stage == ApprovalStage.CAB) {
      // The vote is concluded (and cabApproved set) once the voting rule decides, not per vote.
      task.getExecution().setVariable(CAB_DECIDED, result.decided());
    } else if (stage == ApprovalStage.REVIEW) {
      task.getExecution().setVariable(form.setting(SETTING_DECISION_VARIABLE), decision);
    } else {
      task.getExecution().setVariable(form.setting(SETTING_DECISION_VARIABLE), result.approved());
    }
  }

  /**
   * A CAB vote is the member's own (the member is the person the task waits for: its assignee, or its candidate user
   * once the overdue vote was re-offered or offered to the member's delegate). The member's delegate casts it for them
   * ({@code form.actingFor()}: recorded as the member's vote, cast by the delegate). Anyone else may cast it only when it
   * was re-offered to the change managers: then as a change manager, on the member's behalf, with a reason. All read
   * from the task's identity links and the delegation in force, which neither a completion nor the member can change
   * (platform/process/TaskAssignmentGuard).
   */
  private DecisionResult castCabVote(DelegateTask task, TaskForm form, String number, Fields fields) {
    Set<IdentityLink> links = task.getCandidates();
    String member = form.addressees().stream().sorted().findFirst().orElse(null);
    boolean reoffered = links.stream().anyMatch(l -> Groups.CHANGE_MANAGERS.equals(l.getGroupId()));
    if (form.onBehalfOf().equals(member)) {
      return changeService.recordDecision(number, ApprovalStage.CAB, member,
          form.substitute().orElse(null),
          form.oneOf(fields.decision(), ApprovalStage.CAB.decisions()), form.text(fields.comment()));
    }
    if (!reoffered || member == null) {
      throw new ForbiddenException(form.actor() + " may not cast " + member + "'s CAB vote on " + number);
    }
    return changeService.recordCabVoteOnBehalf(number, form.actor(), member,
        form.oneOf(fields.decision(), ApprovalStage.CAB.decisions()), form.requiredText(ON_BEHALF_REASON));
  }

  /**
   * The emergency CAB this instance routed its approval to: the task's own candidate group, as its model names it
   * ({@code camunda:candidateGroups="${ecabGroup}"}, the process variable set when the instance started, which no person
   * can change: platform/process/TaskInputGuard; {@code change-managers} in version 2.0.0). A node restarted with
   * another {@code sopflow.change.ecab-group} routes new changes there; the running ones stay with their group.
   */
  private static String emergencyCabOf(DelegateTask task) {
    List<String> groups = new ArrayList<>();
    for (Expression expression : ((TaskEntity) task).getTaskDefinition().getCandidateGroupIdExpressions()) {
      Object value = expression.getValue(task.getExecution());
      if (value instanceof Collection<?> names) {
        names.forEach(name -> groups.add(String.valueOf(name).strip()));
      } else if (value != null) {
        Arrays.stream(value.toString().split(",")).map(String::strip).forEach(groups::add);
      }
    }
    groups.removeIf(String::isEmpty);
    if (groups.size() != 1) {
      throw new IllegalStateException(task.getTaskDefinitionKey() + " must be offered to exactly one group, the "
          + "emergency CAB, not " + groups);
    }
    return groups.get(0);
  }

  private static Fields fieldsOf(ApprovalStage stage) {
    return switch (stage) {
      case REVIEW -> new Fields(REVIEW_DECISION, REVIEW_COMMENT);
      case CAB -> new Fields(CAB_VOTE, CAB_COMMENT);
      case MANAGER -> new Fields(MANAGER_DECISION, MANAGER_COMMENT);
      case EMERGENCY -> new Fields(EMERGENCY_DECISION, EMERGENCY_COMMENT);
      case FREEZE_EXCEPTION -> new Fields(FREEZE_DECISION, FREEZE_COMMENT);
    };
  }
}
