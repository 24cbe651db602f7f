package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeSubmitted;
import java.util.Date;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the change's process instance in the transaction that saved the change (a synchronous listener, not a
 * transactional one): if either fails, neither the record nor the instance exists. The instance gets references and
 * decisions only; the forms read titles and descriptions from the record.
 */
@Component
class ChangeProcessStarter {

  private final RuntimeService runtimeService;
  private final ChangeService changeService;

  ChangeProcessStarter(RuntimeService runtimeService, ChangeService changeService) {
    this.runtimeService = runtimeService;
    this.changeService = changeService;
  }

  @EventListener
  void on(ChangeSubmitted submitted) {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(PROCESS_KEY, submitted.number(),
        Variables.createVariables()
            .putValue(CHANGE_ID, submitted.id())
            .putValue(CHANGE_NUMBER, submitted.number())
            .putValue(CHANGE_ROUTE, submitted.route().name())
            .putValue(REQUESTER, submitted.requester())
            .putValue(IMPLEMENTER, submitted.implementer())
            .putValue(PLANNED_START_DATE, Date.from(submitted.plannedStart()))
            .putValue(PLANNED_END_DATE, Date.from(submitted.plannedEnd())));
    changeService.attachProcessInstance(submitted.number(), instance.getId());
  }
}
