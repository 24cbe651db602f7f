package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ChangeProperties;
import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeSubmitted;
import io.sopflow.platform.process.ProcessStarts;
import java.util.Date;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives a saved change its process instance, in the transaction that saved it (a synchronous listener): through
 * {@link ProcessStarts}, so a change requested with Tasklist's start form gets the instance that form is starting, and
 * one requested through {@code POST /api/changes} a new one. If either fails, neither the record nor the instance
 * exists. The instance gets references and decisions only; the forms read titles and descriptions from the record.
 */
@Component
class ChangeProcessStarter {

  private final ProcessStarts processStarts;
  private final ChangeService changeService;
  private final ChangeProperties properties;

  ChangeProcessStarter(ProcessStarts processStarts, ChangeService changeService, ChangeProperties properties) {
    this.processStarts = processStarts;
    this.changeService = changeService;
    this.properties = properties;
  }

  @EventListener
  void on(ChangeSubmitted submitted) {
    String instanceId = processStarts.start(PROCESS_KEY, submitted.number(), Variables.createVariables()
        .putValue(CHANGE_ID, submitted.id())
        .putValue(CHANGE_NUMBER, submitted.number())
        .putValue(CHANGE_ROUTE, submitted.route().name())
        .putValue(REQUESTER, submitted.requester())
        .putValue(IMPLEMENTER, submitted.implementer())
        .putValue(ECAB_GROUP, properties.ecabGroup())
        .putValue(PLANNED_START_DATE, Date.from(submitted.plannedStart()))
        .putValue(PLANNED_END_DATE, Date.from(submitted.plannedEnd())));
    changeService.attachProcessInstance(submitted.number(), instanceId);
  }
}
