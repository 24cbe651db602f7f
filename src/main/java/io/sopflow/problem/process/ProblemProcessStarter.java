package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.*;

import io.sopflow.change.ChangeImplementationEnded;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.problem.ProblemPriorityRaised;
import io.sopflow.problem.ProblemRaised;
import io.sopflow.problem.ProblemService;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a stored problem, and delivers the end of its change and a raised priority, synchronously
 * inside the transaction that causes it: record and engine state commit together, or not at all. All run without the
 * caller's engine authorizations: a proposal is started, and a priority raised, by whoever reported the incident, and
 * a change ends by its implementer; none of them has rights on problem instances, nor needs them.
 */
@Component
class ProblemProcessStarter {

  private final ProcessStarts processStarts;
  private final RuntimeService runtimeService;
  private final ProblemService service;
  private final WithoutCallerAuthorizations withoutCallerAuthorizations;

  ProblemProcessStarter(ProcessStarts processStarts, RuntimeService runtimeService, ProblemService service,
      WithoutCallerAuthorizations withoutCallerAuthorizations) {
    this.processStarts = processStarts;
    this.runtimeService = runtimeService;
    this.service = service;
    this.withoutCallerAuthorizations = withoutCallerAuthorizations;
  }

  @EventListener
  void onRaised(ProblemRaised event) {
    String processInstanceId = withoutCallerAuthorizations.call(() -> processStarts.start(PROCESS_KEY,
        event.number(), Variables.createVariables()
            .putValue(PROBLEM_NUMBER, event.number())
            .putValue(PROPOSED, event.proposed())
            .putValue(INVESTIGATION_SLA, event.investigationSla())));
    service.attachProcessInstance(event.number(), processInstanceId);
  }

  /**
   * A joining incident raised the problem's priority: the next investigation runs on the new priority's step SLA, and
   * the process tells the problem managers. Instances of a version without the message (before 1.2.0) only get the
   * step SLA.
   */
  @EventListener
  void onPriorityRaised(ProblemPriorityRaised event) {
    withoutCallerAuthorizations.call(() -> {
      runtimeService.setVariable(event.processInstanceId(), INVESTIGATION_SLA, event.investigationSla());
      if (runtimeService.createEventSubscriptionQuery().processInstanceId(event.processInstanceId())
          .eventType("message").eventName(MESSAGE_PRIORITY_RAISED).count() > 0) {
        runtimeService.createMessageCorrelation(MESSAGE_PRIORITY_RAISED).processInstanceId(event.processInstanceId())
            .correlateWithResult();
      }
      return null;
    });
  }

  /** A change raised by a problem ended: the problem's process hears whether it succeeded. */
  @EventListener
  void onChangeEnded(ChangeImplementationEnded event) {
    if (event.problemNumber() == null) {
      return;
    }
    Optional<Boolean> succeeded = service.changeEnded(event.problemNumber(), event.changeNumber(), event.status());
    succeeded.ifPresent(ok -> withoutCallerAuthorizations.call(() ->
        runtimeService.createMessageCorrelation(MESSAGE_CHANGE_ENDED)
            .processInstanceBusinessKey(event.problemNumber())
            .setVariable(CHANGE_SUCCEEDED, ok)
            .correlateWithResult()));
  }
}
