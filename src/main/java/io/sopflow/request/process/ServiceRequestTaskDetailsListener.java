package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;

import io.sopflow.platform.process.TaskForms;
import io.sopflow.request.ServiceRequestApi.TaskDetails;
import io.sopflow.request.ServiceRequestService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * A task of a service request is created: what its form shows (item, people, justification, details, checklist) is
 * read from the record and put on the task as task-local variables; the process carries references only.
 */
@Component("serviceRequestTaskDetailsListener")
public class ServiceRequestTaskDetailsListener implements TaskListener {

  private final ServiceRequestService service;
  private final TaskForms taskForms;

  public ServiceRequestTaskDetailsListener(ServiceRequestService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskDetails details = service.taskDetails(taskForms.settingsOf(task).reference(REQUEST_NUMBER));
    task.setVariableLocal(ITEM_NAME, details.itemName());
    task.setVariableLocal(DISPLAY_REQUESTER, details.requester());
    task.setVariableLocal(DISPLAY_REQUESTED_FOR, details.requestedFor());
    task.setVariableLocal(JUSTIFICATION, details.justification());
    task.setVariableLocal(REQUEST_DETAILS, details.details());
    task.setVariableLocal(CHECKLIST, details.checklist());
    task.setVariableLocal(DISPLAY_FULFILMENT_NOTES, details.fulfilmentNotes());
  }
}
