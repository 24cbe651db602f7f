package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;

import io.sopflow.request.ServiceRequestApi.FulfilmentStart;
import io.sopflow.request.ServiceRequestService;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Starts the fulfilment group's clock: due and warning dates from the SLA clock. It also sets who fulfils (a group or
 * the access SOP) for instances of the model before 1.2.0, which ran this step for every item and routed after it.
 */
@Component("startFulfilmentDelegate")
class StartFulfilmentDelegate implements JavaDelegate {

  private final ServiceRequestService service;

  StartFulfilmentDelegate(ServiceRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    FulfilmentStart start = service.startFulfilment((String) execution.getVariable(REQUEST_NUMBER));
    execution.setVariable(FULFILMENT_DUE_AT, Date.from(start.dueAt()));
    execution.setVariable(FULFILMENT_WARNING_AT, Date.from(start.warningAt()));
    execution.setVariable(GRANTS_ACCESS, start.grantsAccess());
  }
}
