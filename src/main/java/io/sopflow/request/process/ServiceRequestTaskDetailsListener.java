package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;

import io.sopflow.platform.process.TaskForms;
import io.sopflow.request.ServiceRequestApi.TaskDetails;
import io.sopflow.request.ServiceRequestService;
import java.util.HashMap;
import java.util.Map;
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
    Map<String, Object> shown = new HashMap<>();
    shown.put(ITEM_NAME, details.itemName());
    shown.put(DISPLAY_REQUESTER, details.requester());
    shown.put(DISPLAY_REQUESTED_FOR, details.requestedFor());
    shown.put(JUSTIFICATION, details.justification());
    shown.put(REQUEST_DETAILS, details.details());
    shown.put(CHECKLIST, details.checklist());
    shown.put(DISPLAY_FULFILMENT_NOTES, details.fulfilmentNotes());
    taskForms.show(task, shown);
  }
}
