package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.REVIEW_FINDINGS;

import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** "Conduct post-implementation review": findings are required; completing it closes the project. */
@Component("conductReviewListener")
class ConductReviewListener implements TaskListener {

  private final ProjectClosureService service;
  private final TaskForms taskForms;

  ConductReviewListener(ProjectClosureService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      String key = taskForms.settingsOf(task).businessKey();
      Map<String, Object> shown = new HashMap<>();
      shown.put("projectName", service.get(key).name());
      shown.put("reportPath", "/api/project-closures/" + key + "/report");
      taskForms.show(task, shown);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      TaskForm form = taskForms.read(task);
      service.completeReview(form.businessKey(), form.requiredText(REVIEW_FINDINGS), form.actor());
    }
  }
}
