package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The grant's time is up: the right is removed through the connector. */
@Component("removeExpiredAccessDelegate")
class RemoveExpiredAccessDelegate implements JavaDelegate {

  private final AccessRequestService service;

  RemoveExpiredAccessDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.expire(requestId(execution));
  }

  private static Long requestId(DelegateExecution execution) {
    return (Long) execution.getVariable(ACCESS_REQUEST_ID);
  }
}
