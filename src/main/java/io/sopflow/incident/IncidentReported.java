package io.sopflow.incident;

import java.time.Instant;

/** Published when an incident was stored; the process starter begins its process in the same transaction. */
public record IncidentReported(Long id, String number, String title, String reporter, Priority priority,
    String assignmentGroup, int escalationLevel, Instant responseWarningAt, Instant responseDueAt,
    Instant resolutionWarningAt, Instant resolutionDueAt) {}
