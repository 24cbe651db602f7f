package io.sopflow.request.process;

import static io.sopflow.request.process.ServiceRequestProcess.*;

import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.request.ServiceRequestService;
import java.math.BigDecimal;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** The requester confirms the fulfilment and rates it (1 to 5, whole numbers) with an optional comment. */
@Component("confirmFulfilmentListener")
public class ConfirmFulfilmentListener implements TaskListener {

  private final ServiceRequestService service;
  private final TaskForms taskForms;

  public ConfirmFulfilmentListener(ServiceRequestService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    String rating = form.oneOf(RATING, java.util.List.of("1", "2", "3", "4", "5"));
    service.confirm(form.reference(REQUEST_NUMBER), form.actor(), new BigDecimal(rating).intValueExact(),
        form.text(RATING_COMMENT, 2000));
  }
}
