package io.sopflow.release.process;

import io.sopflow.identity.CurrentUser;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Reads what a form submitted, whatever the client sent (Tasklist sends booleans, scripts may send strings). */
final class FormValues {

  private FormValues() {}

  static String text(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value == null) {
      return null;
    }
    String text = value.toString().strip();
    return text.isEmpty() ? null : text;
  }

  static boolean flag(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(value.toString().strip());
  }

  /** Decisions are made by people: a task completed without an authenticated user is refused. */
  static String actor(CurrentUser currentUser) {
    return currentUser.id().orElseThrow(() -> new AuthorizationException("Log in to complete this task"));
  }
}
