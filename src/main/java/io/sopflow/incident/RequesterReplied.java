package io.sopflow.incident;

import java.time.Instant;

/**
 * Published when the reporter answered an incident that waits for them; the process resumes with the resolution
 * dates moved by the time it waited.
 */
public record RequesterReplied(String number, Instant resolutionWarningAt, Instant resolutionDueAt) {}
