package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.REQUEST_NUMBER;

import io.sopflow.request.ServiceRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The fulfilment target passed: recorded on the request (the SLA report counts it); the mail follows in the model. */
@Component("escalateFulfilmentDelegate")
class EscalateFulfilmentDelegate implements JavaDelegate {

  private final ServiceRequestService service;

  EscalateFulfilmentDelegate(ServiceRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.recordBreach((String) execution.getVariable(REQUEST_NUMBER));
  }
}
