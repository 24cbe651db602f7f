package io.sopflow.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Computes every SLA date of SOPFlow: due dates, warning dates and the shift of a due date after a pause. The models
 * never carry durations or dates of their own; their timers read the dates computed here.
 */
@Service
public class SlaClock {

  private final Map<String, BusinessCalendar> calendars = new HashMap<>();
  private final double warningThreshold;

  public SlaClock(SlaProperties properties) {
    this.warningThreshold = properties.warningThreshold();
    calendars.put(AroundTheClockCalendar.NAME, new AroundTheClockCalendar());
    properties.calendars().forEach((name, c) -> calendars.put(name, new WorkingHoursCalendar(name, c.zone(),
        c.workingDays(), c.dayStart(), c.dayEnd(), Set.copyOf(c.holidays()))));
  }

  public Set<String> calendarNames() {
    return Set.copyOf(calendars.keySet());
  }

  public BusinessCalendar calendar(String name) {
    BusinessCalendar calendar = calendars.get(name);
    if (calendar == null) {
      throw new IllegalArgumentException("Unknown SLA calendar '" + name + "'; known: " + calendars.keySet());
    }
    return calendar;
  }

  /**
   * When a target, started at {@code start}, is breached. The target counts in its calendar: in working hours a day
   * of the target is a working day ({@link BusinessCalendar#workingTimeOf}).
   */
  public Instant due(Instant start, Duration target, String calendar) {
    BusinessCalendar c = calendar(calendar);
    return c.addWorkingTime(start, c.workingTimeOf(target));
  }

  /** When the warning for that target fires: after the configured share (default 75 %) of the working time. */
  public Instant warningAt(Instant start, Duration target, String calendar) {
    BusinessCalendar c = calendar(calendar);
    long warningMillis = Math.round(c.workingTimeOf(target).toMillis() * warningThreshold);
    return c.addWorkingTime(start, Duration.ofMillis(warningMillis));
  }

  /** When the reminder of a step's SLA is due: its own reminder target, else the warning share of its escalation. */
  public Instant reminderAt(Instant start, StepSla sla) {
    return sla.reminder() != null ? due(start, sla.reminder(), sla.calendar())
        : warningAt(start, sla.escalation(), sla.calendar());
  }

  /** When a step's SLA is breached and escalates: the task's due date. */
  public Instant escalationAt(Instant start, StepSla sla) {
    return due(start, sla.escalation(), sla.calendar());
  }

  /**
   * The due date after a pause (e.g. waiting for the requester): the working time that was left when the clock
   * stopped is granted again from the moment it restarts. A target already breached when paused stays as it was.
   */
  public Instant resumedDue(Instant due, Instant pausedAt, Instant resumedAt, String calendar) {
    if (!due.isAfter(pausedAt) || !resumedAt.isAfter(pausedAt)) {
      return due;
    }
    BusinessCalendar c = calendar(calendar);
    Duration left = c.workingTimeBetween(pausedAt, due);
    return c.addWorkingTime(resumedAt, left);
  }

  /** Working time elapsed between two instants in a calendar (for reporting). */
  public Duration elapsed(Instant from, Instant to, String calendar) {
    return calendar(calendar).workingTimeBetween(from, to);
  }

  public double warningThreshold() {
    return warningThreshold;
  }
}
