package io.sopflow.platform.process;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * The one way an SOP's task listener reads a completion: {@code TaskForm form = taskForms.read(task)}. Decisions are
 * made by people, so a completion without an authenticated user (a script on the engine API without
 * authentication, a job) is refused with 403; there is no fallback to the task's assignee or to "system", which
 * would put a decision nobody authenticated into the audit trail.
 */
@Component
public class TaskForms {

  private final CurrentUser currentUser;

  public TaskForms(CurrentUser currentUser) {
    this.currentUser = currentUser;
  }

  /** The submitted form of a task being completed, with the person completing it. */
  public TaskForm read(DelegateTask task) {
    String actor = currentUser.id().orElseThrow(() -> new ForbiddenException(
        "Sign in to complete '" + task.getName() + "': a task is completed by a person"));
    return new TaskForm(task, actor);
  }

  /** A task being created: no person acts, only the task's settings and references are read. */
  public TaskForm settingsOf(DelegateTask task) {
    return new TaskForm(task, null);
  }
}
