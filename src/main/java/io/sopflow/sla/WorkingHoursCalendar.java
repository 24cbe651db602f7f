package io.sopflow.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Working days and hours in a time zone, minus public holidays. Times are real elapsed time: a working day from 08:00
 * to 17:00 is nine hours also on the day the clocks change, and the window follows the local clock.
 */
final class WorkingHoursCalendar implements BusinessCalendar {

  /** Upper bound for walking the calendar, so a misconfiguration cannot loop forever. */
  private static final int MAX_DAYS = 3660;

  private final String name;
  private final ZoneId zone;
  private final Set<DayOfWeek> workingDays;
  private final LocalTime dayStart;
  private final LocalTime dayEnd;
  private final Set<LocalDate> holidays;

  WorkingHoursCalendar(String name, ZoneId zone, Set<DayOfWeek> workingDays, LocalTime dayStart, LocalTime dayEnd,
      Set<LocalDate> holidays) {
    if (workingDays.isEmpty()) {
      throw new IllegalArgumentException("Calendar " + name + " has no working days");
    }
    if (!dayStart.isBefore(dayEnd)) {
      throw new IllegalArgumentException("Calendar " + name + ": the working day must start before it ends");
    }
    this.name = name;
    this.zone = zone;
    this.workingDays = Set.copyOf(workingDays);
    this.dayStart = dayStart;
    this.dayEnd = dayEnd;
    this.holidays = Set.copyOf(holidays);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Instant addWorkingTime(Instant start, Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("Negative working time: " + amount);
    }
    Duration remaining = amount;
    Instant cursor = start;
    LocalDate day = start.atZone(zone).toLocalDate();
    for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
      if (!isWorkingDay(day)) {
        continue;
      }
      Instant open = ZonedDateTime.of(day, dayStart, zone).toInstant();
      Instant close = ZonedDateTime.of(day, dayEnd, zone).toInstant();
      if (cursor.isBefore(open)) {
        cursor = open;
      }
      if (!cursor.isBefore(close)) {
        continue;
      }
      Duration available = Duration.between(cursor, close);
      if (remaining.compareTo(available) <= 0) {
        return cursor.plus(remaining);
      }
      remaining = remaining.minus(available);
      cursor = close;
    }
    throw new IllegalStateException("Calendar " + name + " has no working time within " + MAX_DAYS + " days of " + start);
  }

  @Override
  public Duration workingTimeOf(Duration target) {
    long days = target.toDays();
    return Duration.between(dayStart, dayEnd).multipliedBy(days).plus(target.minusDays(days));
  }

  @Override
  public Duration workingTimeBetween(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    Duration total = Duration.ZERO;
    LocalDate last = to.atZone(zone).toLocalDate();
    for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
      if (!isWorkingDay(day)) {
        continue;
      }
      Instant open = max(from, ZonedDateTime.of(day, dayStart, zone).toInstant());
      Instant close = min(to, ZonedDateTime.of(day, dayEnd, zone).toInstant());
      if (close.isAfter(open)) {
        total = total.plus(Duration.between(open, close));
      }
    }
    return total;
  }

  boolean isWorkingDay(LocalDate day) {
    return workingDays.contains(day.getDayOfWeek()) && !holidays.contains(day);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
