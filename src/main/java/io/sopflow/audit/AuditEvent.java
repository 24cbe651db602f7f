package io.sopflow.audit;

import java.util.Objects;

/**
 * What to record. {@code action} is a verb in capitals (APPROVED, ESCALATED, GRANTED, ...), {@code subjectKey} the
 * business key ({@code CHG-000001}), {@code actor} the user id or {@code system} for timers and the job executor.
 */
public record AuditEvent(String actor, String onBehalfOf, String action, String subjectType, String subjectKey,
    String details) {

  public static final String SYSTEM = "system";

  public AuditEvent {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subjectType, "subjectType");
    Objects.requireNonNull(subjectKey, "subjectKey");
    if (details != null && details.length() > 2000) {
      details = details.substring(0, 1997) + "...";
    }
  }

  public static AuditEvent of(String actor, String action, String subjectType, String subjectKey, String details) {
    return new AuditEvent(actor, null, action, subjectType, subjectKey, details);
  }
}
