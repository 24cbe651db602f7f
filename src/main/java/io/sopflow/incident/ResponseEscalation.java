package io.sopflow.incident;

import java.time.Instant;

/**
 * Outcome of a breached response target. {@code nextTierAvailable}: the triage moved to {@code assignmentGroup} with a
 * fresh response target; otherwise L3 keeps it and the incident managers were told. {@code recipients} are the groups to
 * mail (comma separated).
 */
public record ResponseEscalation(boolean nextTierAvailable, String assignmentGroup, int escalationLevel,
    Instant responseWarningAt, Instant responseDueAt, String recipients) {}
