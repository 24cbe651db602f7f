package io.sopflow.problem.process;

import static io.sopflow.problem.process.ProblemManagementProcess.*;

import io.sopflow.change.ChangeSubmission;
import io.sopflow.change.ChangeType;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.process.TaskForm;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.problem.ProblemService;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Raise change": the form's change request goes to the change SOP's own door ({@code ChangeService}), by the problem
 * manager who completes the task, naming the problem; the change's number becomes a reference of the process.
 */
@Component("raiseProblemChangeListener")
public class RaiseProblemChangeListener implements TaskListener {

  private final ProblemService service;
  private final TaskForms taskForms;

  public RaiseProblemChangeListener(ProblemService service, TaskForms taskForms) {
    this.service = service;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskForm form = taskForms.read(task);
    List<String> services = Arrays.stream(form.requiredText(AFFECTED_SERVICES, 2000).split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (services.isEmpty()) {
      throw new InvalidRequestException(AFFECTED_SERVICES, "must name at least one service");
    }
    ChangeSubmission submission = new ChangeSubmission(form.requiredText(CHANGE_TITLE, 200),
        form.text(CHANGE_DESCRIPTION, 4000), form.oneOf(CHANGE_TYPE, ChangeType.class), services,
        form.requiredText(IMPLEMENTATION_PLAN, 4000), form.text(BACKOUT_PLAN, 4000), form.text(TEST_EVIDENCE, 4000),
        form.requiredInstant(PLANNED_START).atOffset(ZoneOffset.UTC),
        form.requiredInstant(PLANNED_END).atOffset(ZoneOffset.UTC), form.requiredText(IMPLEMENTER, 64),
        form.text(CHANGE_TEMPLATE, 100));
    // On the instance, not the task: the task shows the previous change under the same name while it is open.
    task.getExecution().setVariable(CHANGE_NUMBER, service.raiseChange(form.businessKey(), form.actor(), submission));
  }
}
