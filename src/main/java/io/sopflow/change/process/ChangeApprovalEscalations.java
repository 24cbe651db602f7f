package io.sopflow.change.process;

import io.sopflow.change.ApprovalStage;
import io.sopflow.change.ChangeService;
import io.sopflow.identity.OverdueApprovals;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;

/**
 * What happens when a change approval's SLA is breached: the change records the escalation and, where the model asks
 * for it ({@link Offer}), the approval tasks still waiting are offered to more people. A task assigned to one person
 * (an overdue CAB vote) may be released: its assignee stays a candidate, and a member of the group may claim it (a
 * change manager then records the vote on the member's behalf). Within a delegation scope, the vote of a member who
 * has a delegate in force ({@link OverdueApprovals#delegateOf}) goes to that delegate instead of the group.
 *
 * <p>In the process package because the offer is the engine's side of the rule (tasks and their identity links); the
 * change itself is recorded by {@link ChangeService}, in the same transaction.
 */
@Service
class ChangeApprovalEscalations {

  /**
   * How the waiting tasks of {@code taskDefinitionKey} are offered again: to {@code group}, or, within
   * {@code delegationScope} (empty: none), to the waiting member's delegate; {@code releaseAssignee}: the task loses
   * its assignee, who stays a candidate.
   */
  record Offer(String taskDefinitionKey, String group, List<String> delegationScope, boolean releaseAssignee) {

    Offer {
      delegationScope = List.copyOf(delegationScope);
    }
  }

  /** Who the overdue tasks went to: the delegates they were offered to, and the group if any task went to it. */
  record Escalated(List<String> delegates, Optional<String> group) {

    Escalated {
      delegates = List.copyOf(delegates);
    }
  }

  private final ChangeService changeService;
  private final TaskService taskService;
  private final OverdueApprovals overdueApprovals;

  ChangeApprovalEscalations(ChangeService changeService, TaskService taskService,
      OverdueApprovals overdueApprovals) {
    this.changeService = changeService;
    this.taskService = taskService;
    this.overdueApprovals = overdueApprovals;
  }

  /** The approval of {@code stage} is overdue and stays with whom it waits for: the escalation is recorded. */
  void escalate(String number, ApprovalStage stage) {
    changeService.recordEscalation(number, stage.name());
  }

  /**
   * The approval of {@code stage} is overdue: the escalation is recorded, and the active tasks of
   * {@code offer.taskDefinitionKey()} in process instance {@code processInstanceId} are offered as {@code offer} says.
   */
  Escalated escalate(String processInstanceId, String number, ApprovalStage stage, Offer offer) {
    escalate(number, stage);
    Set<String> delegates = new LinkedHashSet<>();
    boolean offeredToGroup = false;
    for (Task task : taskService.createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(offer.taskDefinitionKey()).active().list()) {
      Optional<String> delegate = offer.delegationScope().isEmpty() ? Optional.empty() : memberOf(task)
          .flatMap(member -> overdueApprovals.delegateOf(member, offer.delegationScope()));
      if (offer.releaseAssignee() && task.getAssignee() != null) {
        taskService.addCandidateUser(task.getId(), task.getAssignee());
        taskService.setAssignee(task.getId(), null);
      }
      if (delegate.isPresent()) {
        offerTo(task, delegate.get());
        delegates.add(delegate.get());
      } else {
        taskService.addCandidateGroup(task.getId(), offer.group());
        offeredToGroup = true;
      }
    }
    return new Escalated(List.copyOf(delegates), offeredToGroup ? Optional.of(offer.group()) : Optional.empty());
  }

  /** The member a vote waits for: the multi-instance element variable of its execution. */
  private Optional<String> memberOf(Task task) {
    return Optional.ofNullable((String) taskService.getVariable(task.getId(), ChangeApprovalProcess.CAB_VOTER));
  }

  /** Offers the task to the delegate unless it is theirs already (the delegation offered it when it started). */
  private void offerTo(Task task, String delegate) {
    boolean offered = taskService.getIdentityLinksForTask(task.getId()).stream()
        .map(IdentityLink::getUserId).anyMatch(delegate::equals);
    if (!offered) {
      taskService.addCandidateUser(task.getId(), delegate);
    }
    if (task.getOwner() == null) {
      taskService.setOwner(task.getId(), delegate);
    }
  }
}
