package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.ACCESS_REQUEST_KEY;
import static io.sopflow.request.process.ServiceRequestProcess.REQUEST_NUMBER;

import io.sopflow.request.ServiceRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Asks the access SOP for the item's access and keeps the access request's key as a reference. */
@Component("requestAccessDelegate")
class RequestAccessDelegate implements JavaDelegate {

  private final ServiceRequestService service;

  RequestAccessDelegate(ServiceRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(ACCESS_REQUEST_KEY, service.requestAccess((String) execution.getVariable(REQUEST_NUMBER)));
  }
}
