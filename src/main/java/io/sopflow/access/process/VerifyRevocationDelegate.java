package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Reads the revoked right back; only a right that is gone counts as revoked (asynchronous, retried, then an incident). */
@Component("verifyRevocationDelegate")
class VerifyRevocationDelegate implements JavaDelegate {

  private final AccessRequestService service;

  VerifyRevocationDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.verifyRevoked((Long) execution.getVariable(ACCESS_REQUEST_ID));
  }
}
