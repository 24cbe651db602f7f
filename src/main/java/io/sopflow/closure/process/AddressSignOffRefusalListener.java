package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.REFUSAL_RESPONSE;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Address sign-off refusal": shows the sponsor's reason; on complete requires and records the response. */
@Component("addressSignOffRefusalListener")
class AddressSignOffRefusalListener implements TaskListener {

  private final ProjectClosureService service;
  private final TaskForms taskForms;

  AddressSignOffRefusalListener(ProjectClosureService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      String reason = service.get(taskForms.settingsOf(task).businessKey()).lastRefusalReason();
      Map<String, Object> shown = new HashMap<>();
      shown.put("signOffRefusalReason", reason == null ? "" : reason);
      taskForms.show(task, shown);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskForm form = taskForms.read(task);
      service.addressRefusal(form.businessKey(), form.requiredText(REFUSAL_RESPONSE), form.actor());
    }
  }
}
