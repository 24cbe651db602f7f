package io.sopflow.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the working-hours calendar for any start (2024-2028, so DST changes are included) and amount. */
class WorkingHoursCalendarPropertiesTest {

  static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");

  final WorkingHoursCalendar calendar = new WorkingHoursCalendar("test", ZoneId.of("Europe/Berlin"),
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(17, 0),
      Set.of(LocalDate.of(2026, 12, 25), LocalDate.of(2025, 5, 1)));

  /** Also a calendar that works on Sundays in the small hours, where the clocks change. */
  final WorkingHoursCalendar nights = new WorkingHoursCalendar("nights", ZoneId.of("Europe/Berlin"),
      EnumSet.allOf(DayOfWeek.class), LocalTime.of(1, 0), LocalTime.of(5, 0), Set.of());

  @Property(tries = 300)
  void theWorkingTimeUpToTheDueDateIsTheTarget(@ForAll @LongRange(min = 0, max = 4 * 365 * 24 * 60) long startMinute,
      @ForAll @LongRange(min = 0, max = 80 * 60) long targetMinutes) {
    Instant start = FROM.plus(Duration.ofMinutes(startMinute));
    Duration target = Duration.ofMinutes(targetMinutes);
    for (WorkingHoursCalendar c : new WorkingHoursCalendar[] {calendar, nights}) {
      Instant due = c.addWorkingTime(start, target);
      assertThat(due).isAfterOrEqualTo(start);
      assertThat(c.workingTimeBetween(start, due)).as("%s from %s", c.name(), start).isEqualTo(target);
    }
  }

  @Property(tries = 200)
  void workingTimeIsAdditive(@ForAll @LongRange(min = 0, max = 4 * 365 * 24 * 60) long startMinute,
      @ForAll @LongRange(min = 0, max = 10 * 24 * 60) long firstMinutes,
      @ForAll @LongRange(min = 0, max = 10 * 24 * 60) long secondMinutes) {
    Instant a = FROM.plus(Duration.ofMinutes(startMinute));
    Instant b = a.plus(Duration.ofMinutes(firstMinutes));
    Instant c = b.plus(Duration.ofMinutes(secondMinutes));
    for (WorkingHoursCalendar cal : new WorkingHoursCalendar[] {calendar, nights}) {
      assertThat(cal.workingTimeBetween(a, c)).isEqualTo(cal.workingTimeBetween(a, b).plus(cal.workingTimeBetween(b, c)));
    }
  }
}
