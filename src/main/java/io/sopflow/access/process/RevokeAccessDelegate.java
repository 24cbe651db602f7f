package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Revokes the grant after an early revocation or a leaver request. */
@Component("revokeAccessDelegate")
class RevokeAccessDelegate implements JavaDelegate {

  private final AccessRequestService service;

  RevokeAccessDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.revoke(requestId(execution));
  }

  private static Long requestId(DelegateExecution execution) {
    return (Long) execution.getVariable(ACCESS_REQUEST_ID);
  }
}
