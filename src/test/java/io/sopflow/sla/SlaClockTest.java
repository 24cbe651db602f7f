package io.sopflow.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.sla.SlaProperties.CalendarProperties;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Due dates, warnings and pauses in the {@code 24x7} and working-hours calendars (Europe/Berlin). */
class SlaClockTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final String BH = SlaProperties.BUSINESS_HOURS;
  static final String ALL_WEEK = "all-week-night";

  /** Mon-Fri 08:00-17:00 Berlin with Christmas off; a second calendar that works every night 01:00-05:00. */
  final SlaClock clock = new SlaClock(new SlaProperties(0.75, Map.of(
      BH, new CalendarProperties(BERLIN, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0),
          LocalTime.of(17, 0), List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26))),
      ALL_WEEK, new CalendarProperties(BERLIN, EnumSet.allOf(DayOfWeek.class), LocalTime.of(1, 0),
          LocalTime.of(5, 0), List.of()))));

  static Instant berlin(int year, int month, int day, int hour, int minute) {
    return LocalDateTime.of(year, month, day, hour, minute).atZone(BERLIN).toInstant();
  }

  @Test
  void aroundTheClockAddsElapsedTimeIncludingNightsAndWeekends() {
    Instant saturdayNight = berlin(2026, 6, 6, 23, 50);
    assertThat(clock.due(saturdayNight, Duration.ofMinutes(15), "24x7")).isEqualTo(berlin(2026, 6, 7, 0, 5));
    assertThat(clock.warningAt(saturdayNight, Duration.ofHours(4), "24x7")).isEqualTo(berlin(2026, 6, 7, 2, 50));
  }

  @Test
  void businessHoursWithinOneDay() {
    Instant mondayMorning = berlin(2026, 6, 8, 8, 0);
    assertThat(clock.due(mondayMorning, Duration.ofHours(4), BH)).isEqualTo(berlin(2026, 6, 8, 12, 0));
    assertThat(clock.warningAt(mondayMorning, Duration.ofHours(4), BH)).isEqualTo(berlin(2026, 6, 8, 11, 0));
  }

  @Test
  void businessHoursSkipTheWeekend() {
    Instant fridayAfternoon = berlin(2026, 6, 12, 16, 0);
    assertThat(clock.due(fridayAfternoon, Duration.ofHours(2), BH)).isEqualTo(berlin(2026, 6, 15, 9, 0));
  }

  @Test
  void threeBusinessDaysAreThreeWorkingDaysOfNineHours() {
    Instant wednesdayNoon = berlin(2026, 6, 10, 12, 0);
    assertThat(clock.due(wednesdayNoon, Duration.ofDays(3), BH)).isEqualTo(berlin(2026, 6, 15, 12, 0));
    // Hours beyond whole days are working hours: P1DT3H = 9 + 3 = 12 working hours.
    assertThat(clock.due(wednesdayNoon, Duration.ofDays(1).plusHours(3), BH)).isEqualTo(berlin(2026, 6, 11, 15, 0));
  }

  @Test
  void aOneDayTargetSetOnFridayEveningFallsDueOnMondayEveningNotOnSaturday() {
    Instant fridayFive = berlin(2026, 12, 4, 17, 0);
    assertThat(clock.due(fridayFive, Duration.ofDays(1), BH)).isEqualTo(berlin(2026, 12, 7, 17, 0));
    assertThat(clock.due(fridayFive, Duration.ofDays(1), "24x7")).isEqualTo(berlin(2026, 12, 5, 17, 0));
  }

  @Test
  void aStartOutsideWorkingHoursCountsFromTheNextOpening() {
    Instant saturday = berlin(2026, 6, 13, 10, 0);
    assertThat(clock.due(saturday, Duration.ofMinutes(30), BH)).isEqualTo(berlin(2026, 6, 15, 8, 30));
    Instant thursdayEvening = berlin(2026, 6, 11, 20, 0);
    assertThat(clock.due(thursdayEvening, Duration.ofHours(1), BH)).isEqualTo(berlin(2026, 6, 12, 9, 0));
  }

  @Test
  void publicHolidaysAreNotWorkingDays() {
    Instant christmasEve = berlin(2026, 12, 24, 16, 0);
    // 25th and 26th are holidays, 26th/27th a weekend anyway: the remaining hour is on Monday the 28th.
    assertThat(clock.due(christmasEve, Duration.ofHours(2), BH)).isEqualTo(berlin(2026, 12, 28, 9, 0));
    assertThat(clock.elapsed(christmasEve, berlin(2026, 12, 28, 9, 0), BH)).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void dueDatesAcrossTheSpringDaylightSavingChangeCountRealTime() {
    // 29 March 2026: at 02:00 the clocks jump to 03:00, so the night window 01:00-05:00 has three real hours.
    Instant start = berlin(2026, 3, 29, 1, 0);
    assertThat(clock.elapsed(start, berlin(2026, 3, 29, 5, 0), ALL_WEEK)).isEqualTo(Duration.ofHours(3));
    assertThat(clock.due(start, Duration.ofHours(3), ALL_WEEK)).isEqualTo(berlin(2026, 3, 29, 5, 0));
    assertThat(clock.due(start, Duration.ofHours(4), ALL_WEEK)).isEqualTo(berlin(2026, 3, 30, 2, 0));
  }

  @Test
  void dueDatesAcrossTheAutumnDaylightSavingChangeCountRealTime() {
    // 25 October 2026: at 03:00 the clocks go back to 02:00, so 01:00-05:00 has five real hours.
    Instant start = berlin(2026, 10, 25, 1, 0);
    assertThat(clock.elapsed(start, berlin(2026, 10, 25, 5, 0), ALL_WEEK)).isEqualTo(Duration.ofHours(5));
    assertThat(clock.due(start, Duration.ofHours(5), ALL_WEEK)).isEqualTo(berlin(2026, 10, 25, 5, 0));
  }

  @Test
  void businessHoursOverTheDaylightSavingWeekendKeepTheLocalWindow() {
    Instant fridayBeforeChange = berlin(2026, 3, 27, 16, 0);
    Instant due = clock.due(fridayBeforeChange, Duration.ofHours(2), BH);
    assertThat(due).isEqualTo(berlin(2026, 3, 30, 9, 0));
    assertThat(due).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
  }

  @Test
  void aPauseMovesTheDueDateByTheWorkingTimePaused() {
    Instant due = berlin(2026, 6, 10, 15, 0);
    Instant paused = berlin(2026, 6, 10, 10, 0);
    Instant resumed = berlin(2026, 6, 10, 12, 30);
    // 5 h were left at 10:00; from 12:30 that is 4.5 h today and 30 min on Thursday morning.
    assertThat(clock.resumedDue(due, paused, resumed, BH)).isEqualTo(berlin(2026, 6, 11, 8, 30));
  }

  @Test
  void aPauseSpanningAWeekendOnlyCountsItsWorkingHours() {
    Instant due = berlin(2026, 6, 15, 10, 0);        // Monday 10:00
    Instant paused = berlin(2026, 6, 12, 16, 0);     // Friday 16:00: 1 h of Friday + 2 h of Monday were left
    Instant resumed = berlin(2026, 6, 15, 8, 0);     // Monday 08:00
    assertThat(clock.resumedDue(due, paused, resumed, BH)).isEqualTo(berlin(2026, 6, 15, 11, 0));
    // Around the clock, the whole weekend counts as paused.
    Instant due24 = berlin(2026, 6, 13, 16, 0);
    assertThat(clock.resumedDue(due24, paused, resumed, "24x7")).isEqualTo(due24.plus(Duration.between(paused, resumed)));
  }

  @Test
  void aPauseResumedOnAWeekendRestartsTheClockOnMonday() {
    Instant due = berlin(2026, 6, 12, 12, 0);        // Friday noon
    Instant paused = berlin(2026, 6, 12, 10, 0);     // 2 h left
    Instant resumed = berlin(2026, 6, 13, 11, 0);    // Saturday
    assertThat(clock.resumedDue(due, paused, resumed, BH)).isEqualTo(berlin(2026, 6, 15, 10, 0));
  }

  @Test
  void aTargetAlreadyBreachedWhenPausedKeepsItsDueDate() {
    Instant due = berlin(2026, 6, 10, 9, 0);
    assertThat(clock.resumedDue(due, berlin(2026, 6, 10, 10, 0), berlin(2026, 6, 11, 10, 0), BH)).isEqualTo(due);
  }

  @Test
  void unknownCalendarsAreRefused() {
    assertThatThrownBy(() -> clock.due(Instant.EPOCH, Duration.ofHours(1), "moon-time"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("moon-time");
  }

  @Test
  void theDefaultBusinessHoursCalendarExistsWithoutConfiguration() {
    SlaClock defaults = new SlaClock(new SlaProperties(0.75, null));
    assertThat(defaults.calendarNames()).contains("24x7", BH);
    assertThat(defaults.due(berlin(2026, 6, 12, 16, 0), Duration.ofHours(2), BH)).isEqualTo(berlin(2026, 6, 15, 9, 0));
  }
}
