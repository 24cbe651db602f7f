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

  /** When a target of {@code target} working time, started at {@code start}, is breached. */
  public Instant due(Instant start, Duration target, String calendar) {
    return calendar(calendar).addWorkingTime(start, target);
  }

  /** When the warning for that target fires: after the configured share (default 75 %) of the working time. */
  public Instant warningAt(Instant start, Duration target, String calendar) {
    long warningMillis = Math.round(target.toMillis() * warningThreshold);
    return calendar(calendar).addWorkingTime(start, Duration.ofMillis(warningMillis));
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
