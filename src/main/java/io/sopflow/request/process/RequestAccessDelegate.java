package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.ACCESS_REQUEST_KEY;
import static io.sopflow.request.process.ServiceRequestProcess.ERROR_ACCESS_REFUSED;
import static io.sopflow.request.process.ServiceRequestProcess.FULFILLED;
import static io.sopflow.request.process.ServiceRequestProcess.REQUEST_NUMBER;

import io.sopflow.request.ServiceRequestApi.AccessAsked;
import io.sopflow.request.ServiceRequestService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Asks the access SOP for the item's access and keeps the access request's key as a reference. When the access SOP
 * refuses to take the request (the situation changed since the service request was made: a locked person, a right
 * held or asked for by now), the service has ended the request rejected, and the refusal is a business outcome,
 * {@value ServiceRequestProcess#ERROR_ACCESS_REFUSED}: from model 1.3.0 on the error boundary event
 * {@value ServiceRequestProcess#BOUNDARY_ACCESS_NOT_REQUESTED} takes it to the requester's mail. Running instances of
 * older models catch no such error: on 1.1.0 (the task inside the fulfilment subprocess) it ends the subprocess, which
 * goes on to "Fulfilled?" and so reads {@code fulfilled}: false, to its own refusal mail (unset, the gateway would fail
 * and roll the rejection back); on 1.2.0 it ends the instance, and {@link RefusedAccessMail} records the mail that
 * model has no step for. A technical failure stays an exception: retries, then an incident.
 */
@Component("requestAccessDelegate")
class RequestAccessDelegate implements JavaDelegate {

  private final ServiceRequestService service;
  private final RefusedAccessMail refusedAccessMail;

  RequestAccessDelegate(ServiceRequestService service, RefusedAccessMail refusedAccessMail) {
    this.service = service;
    this.refusedAccessMail = refusedAccessMail;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(REQUEST_NUMBER);
    AccessAsked asked = service.requestAccess(number);
    if (asked.refused()) {
      execution.setVariable(FULFILLED, false);
      refusedAccessMail.recordUnlessTheModelMails(execution);
      throw new BpmnError(ERROR_ACCESS_REFUSED, number + ": the access SOP refused the access: " + asked.refusal());
    }
    execution.setVariable(ACCESS_REQUEST_KEY, asked.accessRequestKey());
  }
}
