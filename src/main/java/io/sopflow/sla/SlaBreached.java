package io.sopflow.sla;

import java.util.Objects;

/**
 * An SLA target of an SOP was missed and the record escalated: published by the SOP's service next to its
 * {@code ESCALATED} audit entry, in the same transaction, and counted once that transaction commits
 * ({@code sopflow_sla_breaches_total}, {@code sopflow_escalations_total}).
 *
 * @param sop      the SOP, as its package below {@code io.sopflow} ({@code incident}, {@code change}, ...)
 * @param priority the record's priority ({@code P1}...) or severity (a security incident's {@code CRITICAL}...), or
 *                 {@link #NO_PRIORITY} where the SOP has neither
 * @param target   what was missed, in kebab case: an incident's {@code response}/{@code resolution}, otherwise the SLA
 *                 step of {@code sopflow.sla.<sop>.<step>} ({@code review}, {@code sign-off},
 *                 {@code containment-critical}); a target without a step SLA is named for what is due (a service
 *                 request's {@code fulfilment}, a security incident's {@code regulator-notification})
 * @param level    the escalation level the record reached (1 = first escalation)
 */
public record SlaBreached(String sop, String priority, String target, int level) {

  public static final String NO_PRIORITY = "none";

  public SlaBreached {
    Objects.requireNonNull(sop, "sop");
    Objects.requireNonNull(target, "target");
    priority = priority == null || priority.isBlank() ? NO_PRIORITY : priority;
    if (level < 1) {
      throw new IllegalArgumentException("level must be 1 or more, was " + level);
    }
  }

  /** A breach in the SOP that {@code sopClass} belongs to: its package below {@code io.sopflow} names the SOP. */
  public static SlaBreached in(Class<?> sopClass, String priority, String target, int level) {
    return new SlaBreached(sopOf(sopClass), priority, target, level);
  }

  /** {@code incident} for {@code io.sopflow.incident.IncidentService}. */
  public static String sopOf(Class<?> type) {
    String prefix = "io.sopflow.";
    String name = type.getName();
    if (!name.startsWith(prefix) || name.indexOf('.', prefix.length()) < 0) {
      throw new IllegalArgumentException(name + " is not in a package io.sopflow.<sop>");
    }
    return name.substring(prefix.length(), name.indexOf('.', prefix.length()));
  }
}
