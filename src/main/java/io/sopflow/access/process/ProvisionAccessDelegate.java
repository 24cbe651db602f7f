package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Grants the right through the resource's connector (asynchronous, retried). */
@Component("provisionAccessDelegate")
class ProvisionAccessDelegate implements JavaDelegate {

  private final AccessRequestService service;

  ProvisionAccessDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.provision(requestId(execution));
  }

  private static Long requestId(DelegateExecution execution) {
    return (Long) execution.getVariable(ACCESS_REQUEST_ID);
  }
}
