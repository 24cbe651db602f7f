package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.request.ServiceRequestService;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The fulfilment group's work is done: every item of the checklist confirmed (if the item has one), notes for the
 * requester. The requester then confirms, or the request closes by itself at {@code autoCloseAt}.
 */
@Component("fulfilServiceRequestListener")
public class FulfilServiceRequestListener implements TaskListener {

  private final ServiceRequestService service;
  private final TaskForms taskForms;

  public FulfilServiceRequestListener(ServiceRequestService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    var autoCloseAt = service.fulfil(form.reference(REQUEST_NUMBER), form.actor(), form.text(FULFILMENT_NOTES, 2000),
        form.flag(CHECKLIST_COMPLETE));
    task.getExecution().setVariable(FULFILLED, true);
    task.getExecution().setVariable(AUTO_CLOSE_AT, Date.from(autoCloseAt));
  }
}
