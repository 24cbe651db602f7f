package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.RESOLUTION_NOTE;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Resolve open deliverables": shows what is open and why; on complete requires and records how it was resolved. */
@Component("resolveOpenDeliverablesListener")
class ResolveOpenDeliverablesListener implements TaskListener {

  private final ProjectClosureService service;
  private final TaskForms taskForms;

  ResolveOpenDeliverablesListener(ProjectClosureService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      Map<String, Object> shown = new HashMap<>();
      shown.put("openDeliverables",
          service.openDeliverablesSummary(taskForms.settingsOf(task).businessKey()));
      taskForms.show(task, shown);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskForm form = taskForms.read(task);
      service.resolveOpenDeliverables(form.businessKey(), form.requiredText(RESOLUTION_NOTE), form.actor());
    }
  }
}
