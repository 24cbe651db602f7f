package io.sopflow.access.process;

import io.sopflow.access.AccessRequestInput;
import io.sopflow.access.AccessRequestService;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The start form of Tasklist ({@code Form_RequestAccess}): submits the access request exactly as
 * {@code POST /api/access-requests} does, in the transaction that starts the instance. A refusal (unknown
 * beneficiary or resource, blank justification, a date in the past) rolls the start back and names the field.
 */
@Component("accessRequestStartFormListener")
class AccessRequestStartFormListener implements ExecutionListener {

  private final ProcessStarts processStarts;
  private final StartForms startForms;
  private final AccessRequestService service;

  AccessRequestStartFormListener(ProcessStarts processStarts, StartForms startForms, AccessRequestService service) {
    this.processStarts = processStarts;
    this.startForms = startForms;
    this.service = service;
  }

  @Override
  public void notify(DelegateExecution execution) {
    processStarts.onStartEvent(execution,
        () -> service.submit(startForms.read(execution, AccessRequestInput.class)));
  }
}
