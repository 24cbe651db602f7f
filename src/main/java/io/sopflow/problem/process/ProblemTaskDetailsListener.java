package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.*;

import io.sopflow.platform.process.TaskForms;
import io.sopflow.problem.ProblemApi.TaskDetails;
import io.sopflow.problem.ProblemService;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * A task of the problem's process is created: what its form shows (title, item, incidents, root cause, workaround,
 * change) is read from the record and put on the task as task-local variables; the process carries references only.
 * The task's name gets the title after the number, so problems are told apart in Tasklist's list.
 */
@Component("problemTaskDetailsListener")
public class ProblemTaskDetailsListener implements TaskListener {

  private final ProblemService service;
  private final TaskForms taskForms;

  public ProblemTaskDetailsListener(ProblemService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskDetails details = service.taskDetails(taskForms.settingsOf(task).reference(PROBLEM_NUMBER));
    if (task.getName() != null) {
      task.setName(task.getName() + ": " + details.title());
    }
    Map<String, Object> shown = new HashMap<>();
    shown.put(TITLE, details.title());
    shown.put(DESCRIPTION, details.description());
    shown.put(CONFIGURATION_ITEM, details.configurationItem());
    shown.put(PRIORITY, details.priority());
    shown.put(INCIDENT_NUMBERS, details.incidentNumbers());
    shown.put(RECORDED_ROOT_CAUSE, details.rootCause());
    shown.put(RECORDED_WORKAROUND, details.workaround());
    shown.put(CHANGE_NUMBER, details.changeNumber());
    shown.put(CHANGE_OUTCOME, details.changeOutcome());
    taskForms.show(task, shown);
  }
}
