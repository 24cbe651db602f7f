package io.sopflow.access.process;

import static io.sopflow.access.process.AccessProvisioningProcess.*;

import io.sopflow.access.AccessRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The approval SLA ran out: the request is rejected automatically. */
@Component("rejectOverdueRequestDelegate")
class RejectOverdueRequestDelegate implements JavaDelegate {

  private final AccessRequestService service;

  RejectOverdueRequestDelegate(AccessRequestService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object passedOn = execution.getVariable(EscalateOverdueApprovalDelegate.ESCALATED_BEFORE);
    service.rejectOverdue(requestId(execution),
        passedOn == null || passedOn.toString().isBlank() ? 0 : passedOn.toString().split(",").length);
  }

  private static Long requestId(DelegateExecution execution) {
    return (Long) execution.getVariable(ACCESS_REQUEST_ID);
  }
}
