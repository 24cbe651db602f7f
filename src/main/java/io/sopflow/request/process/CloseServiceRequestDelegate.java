package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.REQUEST_NUMBER;

import io.sopflow.request.ServiceRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Nobody confirmed the fulfilment in time: the request closes without a rating. */
@Component("closeServiceRequestDelegate")
class CloseServiceRequestDelegate implements JavaDelegate {

  private final ServiceRequestService service;

  CloseServiceRequestDelegate(ServiceRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.closeAutomatically((String) execution.getVariable(REQUEST_NUMBER));
  }
}
