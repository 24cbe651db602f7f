package io.sopflow.request.process;

import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import io.sopflow.request.ServiceRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The start form of Tasklist ({@code Form_RequestService}): submits the request exactly as
 * {@code POST /api/service-requests} does, in the transaction that starts the instance. The form's detail fields
 * ({@code details_<name>}) become the request's {@code details}; a refusal rolls the start back and names the field.
 */
@Component("requestServiceStartFormListener")
class RequestServiceStartFormListener implements ExecutionListener {

  private final ProcessStarts processStarts;
  private final StartForms startForms;
  private final ServiceRequestService service;

  RequestServiceStartFormListener(ProcessStarts processStarts, StartForms startForms, ServiceRequestService service) {
    this.processStarts = processStarts;
    this.startForms = startForms;
    this.service = service;
  }

  @Override
  public void notify(DelegateExecution execution) {
    processStarts.onStartEvent(execution,
        () -> service.submit(startForms.read(execution, ServiceRequestStartForm.class).toRequest()));
  }
}
