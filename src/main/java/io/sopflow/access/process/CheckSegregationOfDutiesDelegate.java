package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessProcessData;
import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Checks the beneficiary's current rights against the configured segregation-of-duties conflicts. The process gets
 * the outcome only; the details are recorded on the request and shown by the review task.
 */
@Component("checkSegregationOfDutiesDelegate")
class CheckSegregationOfDutiesDelegate implements JavaDelegate {

  private final AccessRequestService service;

  CheckSegregationOfDutiesDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    AccessProcessData.SodCheck check = service.checkSegregationOfDuties(requestId(execution));
    execution.setVariable(SOD_CONFLICT, check.conflict());
  }

  private static Long requestId(DelegateExecution execution) {
    return (Long) execution.getVariable(ACCESS_REQUEST_ID);
  }
}
