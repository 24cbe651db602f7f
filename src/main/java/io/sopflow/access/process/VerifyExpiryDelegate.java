package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Reads the expired right back; only a right that is gone counts as expired (asynchronous, retried, then an incident). */
@Component("verifyExpiryDelegate")
class VerifyExpiryDelegate implements JavaDelegate {

  private final AccessRequestService service;

  VerifyExpiryDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.verifyExpired((Long) execution.getVariable(ACCESS_REQUEST_ID));
  }
}
