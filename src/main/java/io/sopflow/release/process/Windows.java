package io.sopflow.release.process;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;

/** Deployment windows as forms and timers see them. */
final class Windows {

  private Windows() {}

  static String describe(Instant start, Instant end) {
    return start + " - " + end + " (UTC)";
  }

  /**
   * A date from a form or the REST API: a {@link Date}, an ISO-8601 date-time with offset, or one without (read as
   * UTC, which is what the form's date-time field sends). Null if absent or unreadable.
   */
  static Instant parse(Object value) {
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof String text && !text.isBlank()) {
      try {
        return OffsetDateTime.parse(text.strip()).toInstant();
      } catch (DateTimeParseException notWithOffset) {
        try {
          return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException unreadable) {
          return null;
        }
      }
    }
    return null;
  }
}
