package io.sopflow.sla;

import java.time.Duration;
import java.time.Instant;

/** The {@code 24x7} calendar: every second counts. */
final class AroundTheClockCalendar implements BusinessCalendar {

  static final String NAME = "24x7";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Instant addWorkingTime(Instant start, Duration amount) {
    return start.plus(amount);
  }

  @Override
  public Duration workingTimeBetween(Instant from, Instant to) {
    return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
  }
}
