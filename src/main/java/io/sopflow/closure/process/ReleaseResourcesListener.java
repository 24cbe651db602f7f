package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.ACCOUNTS_CLOSED;
import static io.sopflow.closure.process.ProjectClosureProcess.ENVIRONMENTS_DECOMMISSIONED;
import static io.sopflow.closure.process.ProjectClosureProcess.RESOURCES_NOTE;
import static io.sopflow.closure.process.ProjectClosureProcess.TEAM_RELEASED;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Release project resources": on create shows the project's access grants that releasing will revoke; on complete
 * the service refuses anyone but the project's manager (or their delegate) and an unchecked item, naming it, and
 * revokes the grants through the access SOP.
 */
@Component("releaseResourcesListener")
class ReleaseResourcesListener implements TaskListener {

  private final ProjectClosureService service;
  private final TaskForms taskForms;

  ReleaseResourcesListener(ProjectClosureService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      List<String> access = service.accessToRelease(taskForms.settingsOf(task).businessKey());
      Map<String, Object> shown = new HashMap<>();
      shown.put("accessToRelease", access.isEmpty() ? "none" : String.join(", ", access));
      taskForms.show(task, shown);
      return;
    }
    TaskForm form = taskForms.read(task);
    service.releaseResources(form.businessKey(), form.flag(ACCOUNTS_CLOSED), form.flag(ENVIRONMENTS_DECOMMISSIONED),
        form.flag(TEAM_RELEASED), form.text(RESOURCES_NOTE), form.actor(), form.actingFor().orElse(null));
  }
}
