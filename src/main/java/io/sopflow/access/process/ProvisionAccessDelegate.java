package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Checks the approved request again and grants the right through the resource's connector (asynchronous, retried);
 * the model's gateway reads what it did ({@code provisioningOutcome}).
 */
@Component("provisionAccessDelegate")
class ProvisionAccessDelegate implements JavaDelegate {

  private final AccessRequestService service;

  ProvisionAccessDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(PROVISIONING_OUTCOME, service.provision(requestId(execution)).name());
  }

  private static Long requestId(DelegateExecution execution) {
    return (Long) execution.getVariable(ACCESS_REQUEST_ID);
  }
}
