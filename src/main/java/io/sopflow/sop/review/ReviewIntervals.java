package io.sopflow.sop.review;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Review intervals are calendar periods ({@code P1Y}, {@code P6M}, {@code P90D}), counted in UTC. */
final class ReviewIntervals {

  private ReviewIntervals() {}

  static Instant after(Instant from, Period interval) {
    return from.atZone(ZoneOffset.UTC).plus(interval).toInstant();
  }

  /** A model's {@code reviewInterval} property: empty when absent or not a usable period. */
  static Optional<Period> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      Period period = Period.parse(value.strip());
      return isValid(period) ? Optional.of(period) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static void requireValid(Period interval, String name) {
    if (!isValid(interval)) {
      throw new IllegalArgumentException(name + " must be a positive period of at least one day, was " + interval);
    }
  }

  /** Positive, and at least a day: one review per SOP and day is what the review keys can tell apart. */
  private static boolean isValid(Period period) {
    return !period.isNegative() && !period.isZero() && period.getYears() >= 0 && period.getMonths() >= 0
        && period.getDays() >= 0;
  }
}
