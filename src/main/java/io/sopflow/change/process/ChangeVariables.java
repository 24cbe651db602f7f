package io.sopflow.change.process;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Reading form values the way Tasklist submits them. */
final class ChangeVariables {

  private ChangeVariables() {}

  static String conflictText(List<String> conflicts) {
    return conflicts == null || conflicts.isEmpty() ? "None" : String.join("\n", conflicts);
  }

  static String string(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value == null ? null : value.toString().strip();
  }

  static String required(VariableScope scope, String name) {
    String value = string(scope, name);
    if (value == null || value.isEmpty()) {
      throw new BadUserRequestException(name + " is required");
    }
    return value;
  }

  /** A date from a form: a Date, or an ISO string with offset, in UTC, or without zone (read as UTC). */
  static Instant instant(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Date date) {
      return date.toInstant();
    }
    String text = value.toString().strip();
    if (text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new BadUserRequestException(name + " is not an ISO-8601 date-time: " + text);
      }
    }
  }
}
