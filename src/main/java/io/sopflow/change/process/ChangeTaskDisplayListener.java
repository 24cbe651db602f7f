package io.sopflow.change.process;

import static io.sopflow.change.process.ChangeApprovalProcess.*;

import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeTaskView;
import io.sopflow.platform.process.TaskForms;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On create of every change task: puts what its form shows (title, risk, people, conflicts, freeze window, the
 * reviewer's last comment, the implementation outcome) on the task as task-local variables, read from the record.
 * The process itself carries only references and decisions; and what a form sends back of these read-only values
 * stays on the task, so it can never overwrite a decision of the process.
 */
@Component("changeTaskDisplayListener")
public class ChangeTaskDisplayListener implements TaskListener {

  // Shown values never share a key with an input of a form: a value completed through the API goes to the process,
  // and a task-local variable of the same name would hide it from the completing listener.
  public static final String REVIEWER_COMMENT = "reviewerComment";
  public static final String REPORTED_OUTCOME = "reportedOutcome";

  private final ChangeService changeService;
  private final TaskForms taskForms;

  public ChangeTaskDisplayListener(ChangeService changeService, TaskForms taskForms) {
    this.changeService = changeService;
    this.taskForms = taskForms;
  }

  @Override
  public void notify(DelegateTask task) {
    ChangeTaskView change = changeService.taskView(taskForms.settingsOf(task).businessKey());
    Map<String, Object> shown = new HashMap<>();
    shown.put(CHANGE_NUMBER, change.number());
    shown.put(CHANGE_TITLE, change.title());
    shown.put(RISK, change.risk().name());
    shown.put(REQUESTER, change.requester());
    shown.put(IMPLEMENTER, change.implementer());
    shown.put(CHANGE_CONFLICTS, change.conflicts());
    shown.put(FREEZE_WINDOW, orEmpty(change.freezeWindow()));
    shown.put(REVIEWER_COMMENT, orEmpty(change.reviewerComment()));
    shown.put(REPORTED_OUTCOME, orEmpty(change.implementationOutcome()));
    taskForms.show(task, shown);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
