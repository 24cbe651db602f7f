package io.sopflow.sla;

import java.time.Duration;
import java.time.Instant;

/** When the SLA clock runs: around the clock, or in working hours only. */
public interface BusinessCalendar {

  String name();

  /** The instant at which {@code amount} of working time has passed after {@code start}. */
  Instant addWorkingTime(Instant start, Duration amount);

  /** Working time between two instants (zero if {@code to} is not after {@code from}). */
  Duration workingTimeBetween(Instant from, Instant to);
}
