package io.sopflow.incident.process;

import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;

/** Server-side checks of task completions: forms validate only in the browser. */
final class TaskInput {

  private TaskInput() {}

  static String text(DelegateTask task, String name) {
    Object value = task.getVariable(name);
    return value == null ? null : value.toString().strip();
  }

  static String required(DelegateTask task, String name, int maxLength) {
    String value = text(task, name);
    if (value == null || value.isEmpty()) {
      throw new BadUserRequestException(name + " is required to complete '" + task.getName() + "'");
    }
    return maxLength(name, value, maxLength);
  }

  static String optional(DelegateTask task, String name, int maxLength) {
    String value = text(task, name);
    return value == null || value.isEmpty() ? null : maxLength(name, value, maxLength);
  }

  static String oneOf(DelegateTask task, String name, java.util.Collection<String> allowed) {
    String value = text(task, name);
    if (value == null || !allowed.contains(value)) {
      throw new BadUserRequestException(name + " must be one of " + allowed + " to complete '" + task.getName() + "'");
    }
    return value;
  }

  static String actor(CurrentUser currentUser) {
    return currentUser.id().orElseThrow(() -> new AuthorizationException("Only a signed-in user may complete this task"));
  }

  private static String maxLength(String name, String value, int maxLength) {
    if (value.length() > maxLength) {
      throw new BadUserRequestException(name + " must be at most " + maxLength + " characters");
    }
    return value;
  }
}
