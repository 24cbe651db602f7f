package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessProcessData.Provisioning;
import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Checks the approved request again and grants the right through the resource's connector (asynchronous, retried);
 * the model's gateway reads what it did ({@code provisioningOutcome}). An instance of a model before that gateway
 * (before 1.7.0) ends when its request is not provisioned ({@value AccessProvisioningProcess#ERROR_NOT_PROVISIONED}).
 */
@Component("provisionAccessDelegate")
class ProvisionAccessDelegate implements JavaDelegate {

  private final AccessRequestService service;

  ProvisionAccessDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getBpmnModelInstance().getModelElementById(GATEWAY_ACCESS_PROVISIONED) != null) {
      execution.setVariable(PROVISIONING_OUTCOME, service.provision(requestId(execution)).name());
      return;
    }
    // An instance of a model before 1.7.0 (still in force until the new version is approved) goes on to "Verify
    // access" whatever happens here: a request that is not provisioned ends, refused and mailed by the service, and
    // the instance with it (the model catches no such error, so the engine ends the instance here).
    Long id = requestId(execution);
    Provisioning outcome = service.provisionWithoutReview(id);
    if (outcome != Provisioning.PROVISIONED) {
      throw new BpmnError(ERROR_NOT_PROVISIONED, "access request " + id + " was not provisioned: " + outcome);
    }
  }

  private static Long requestId(DelegateExecution execution) {
    return (Long) execution.getVariable(ACCESS_REQUEST_ID);
  }
}
