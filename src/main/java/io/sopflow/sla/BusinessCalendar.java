package io.sopflow.sla;

import java.time.Duration;
import java.time.Instant;

/** When the SLA clock runs: around the clock, or in working hours only. */
public interface BusinessCalendar {

  String name();

  /** The instant at which {@code amount} of working time has passed after {@code start}. */
  Instant addWorkingTime(Instant start, Duration amount);

  /**
   * The working time a configured target stands for. Around the clock, exactly the target; in working hours, each
   * whole day of the target is one working day ({@code P1D} = 08:00-17:00 = nine working hours) and the rest is
   * working time as it is ({@code P1DT2H} = eleven working hours), so that "three business days" is written {@code P3D}.
   */
  default Duration workingTimeOf(Duration target) {
    return target;
  }

  /** Working time between two instants (zero if {@code to} is not after {@code from}). */
  Duration workingTimeBetween(Instant from, Instant to);
}
