package io.sopflow.incident;

import java.time.Instant;

/** The resolution SLA dates after the clock was paused and restarted (reply of the requester, reopen). */
public record ResolutionDates(Instant resolutionWarningAt, Instant resolutionDueAt) {}
