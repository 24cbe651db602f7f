package io.sopflow.incident;

import java.time.Instant;

/**
 * The outcome of a triage: the resolver group and, as impact and urgency may have changed, the priority and the
 * resolution target as they stand now.
 */
public record Triage(String assignmentGroup, Priority priority, Instant resolutionWarningAt, Instant resolutionDueAt) {}
