package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.*;

import io.sopflow.platform.process.TaskForms;
import io.sopflow.problem.ProblemApi.TaskDetails;
import io.sopflow.problem.ProblemService;
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
    task.setVariableLocal(TITLE, details.title());
    task.setVariableLocal(DESCRIPTION, details.description());
    task.setVariableLocal(CONFIGURATION_ITEM, details.configurationItem());
    task.setVariableLocal(PRIORITY, details.priority());
    task.setVariableLocal(INCIDENT_NUMBERS, details.incidentNumbers());
    task.setVariableLocal(RECORDED_ROOT_CAUSE, details.rootCause());
    task.setVariableLocal(RECORDED_WORKAROUND, details.workaround());
    task.setVariableLocal(CHANGE_NUMBER, details.changeNumber());
    task.setVariableLocal(CHANGE_OUTCOME, details.changeOutcome());
  }
}
