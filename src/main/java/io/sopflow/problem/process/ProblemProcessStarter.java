package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.*;

import io.sopflow.change.ChangeImplementationEnded;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.problem.ProblemRaised;
import io.sopflow.problem.ProblemService;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a stored problem, and delivers the end of its change, synchronously inside the transaction
 * that causes it: record and engine state commit together, or not at all. Both run without the caller's engine
 * authorizations: a proposal is started by whoever reported the incident that tipped the count, and a change ends by
 * its implementer; neither has rights on problem instances, nor needs them.
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
