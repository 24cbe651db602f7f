package io.sopflow.sla;

import java.time.Duration;

/**
 * The SLA of one step where an SOP waits for people (an approval, a piece of work): a reminder, then an escalation,
 * both counted in a calendar. The escalation date is the task's due date in Tasklist, the reminder its follow-up
 * date. Configured like the incident targets, e.g.
 *
 * <pre>
 * sopflow.sla.change.review.reminder=PT4H
 * sopflow.sla.change.review.escalation=P1D
 * sopflow.sla.change.review.calendar=business-hours
 * </pre>
 *
 * A missing reminder means "at the warning share of the escalation" ({@code sopflow.sla.warning-threshold}).
 */
public record StepSla(Duration reminder, Duration escalation, String calendar) {

  public static StepSla of(String reminder, String escalation, String calendar) {
    return new StepSla(reminder == null ? null : Duration.parse(reminder), Duration.parse(escalation), calendar);
  }

  /**
   * This SLA as configured, with what is left out taken from {@code defaults} (a property file may set only the
   * calendar of a step, say), validated: a positive escalation, a reminder before it, a calendar.
   */
  public StepSla orElse(StepSla defaults) {
    StepSla merged = new StepSla(reminder != null ? reminder : defaults.reminder(),
        escalation != null ? escalation : defaults.escalation(),
        calendar != null && !calendar.isBlank() ? calendar : defaults.calendar());
    return merged.validated();
  }

  /** Refuses an SLA that cannot work (checked at start-up). */
  public StepSla validated() {
    if (escalation == null || escalation.isNegative() || escalation.isZero()) {
      throw new IllegalArgumentException("An SLA escalation must be a positive duration: " + escalation);
    }
    if (reminder != null && (reminder.isNegative() || reminder.isZero() || reminder.compareTo(escalation) >= 0)) {
      throw new IllegalArgumentException("An SLA reminder must be positive and before its escalation: " + reminder
          + " / " + escalation);
    }
    if (calendar == null || calendar.isBlank()) {
      throw new IllegalArgumentException("An SLA needs a calendar (24x7, business-hours or a configured one)");
    }
    return this;
  }
}
