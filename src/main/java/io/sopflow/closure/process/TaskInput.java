package io.sopflow.closure.process;

import io.sopflow.audit.AuditEvent;
import io.sopflow.identity.CurrentUser;
import io.sopflow.domain.InvalidRequestException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;

/** What the task listeners of this process share: reading form input, who acts, refusing bad input. */
final class TaskInput {

  private TaskInput() {}

  static String key(DelegateTask task) {
    return task.getExecution().getProcessBusinessKey();
  }

  static String text(DelegateTask task, String name) {
    Object value = task.getVariable(name);
    return value == null ? null : value.toString();
  }

  static boolean flag(DelegateTask task, String name) {
    Object value = task.getVariable(name);
    return Boolean.TRUE.equals(value) || (value instanceof String s && Boolean.parseBoolean(s.strip()));
  }

  /** The person completing the task (Tasklist, engine REST, API), else its assignee. */
  static String actor(CurrentUser currentUser, DelegateTask task) {
    return currentUser.id().orElse(task.getAssignee() != null ? task.getAssignee() : AuditEvent.SYSTEM);
  }

  /** Runs a domain step; a refused input becomes a 400 for Tasklist and the engine REST API, naming the field. */
  static void refusingBadInput(Runnable step) {
    try {
      step.run();
    } catch (InvalidRequestException e) {
      throw new BadUserRequestException(e.field() + ": " + e.getMessage());
    }
  }

  static BadUserRequestException required(String field, String message) {
    return new BadUserRequestException(field + ": " + message);
  }
}
