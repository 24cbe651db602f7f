package io.sopflow.platform.process;

import java.lang.reflect.Field;

/**
 * Reads what a caller sent in one of Camunda's commands: they carry the task, the user and the variables in protected
 * fields without accessors. Each field is resolved once, when the class that needs it loads, so a Camunda upgrade that
 * renames one fails the start-up (and the guard's unit test) instead of letting a person's command through unchecked.
 */
final class CommandFields {

  private CommandFields() {
  }

  static Field field(Class<?> type, String name) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("Camunda's " + type.getName() + " has no field '" + name + "' any more: "
          + "SOPFlow cannot see what a person sends in it; adapt the guard to this Camunda version", e);
    }
  }

  static Object read(Field field, Object command) {
    try {
      return field.get(command);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot read " + field + " of " + command.getClass().getName(), e);
    }
  }
}
