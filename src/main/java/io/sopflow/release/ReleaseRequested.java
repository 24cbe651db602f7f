package io.sopflow.release;

import java.time.Instant;

/**
 * Published when a release was saved: the process package starts its process instance in the same transaction. It
 * carries references (key, change number, the people to notify) and the window the timers wait for; what forms show
 * is read from the record.
 */
public record ReleaseRequested(Long id, String key, String changeNumber, Instant windowStart, Instant windowEnd,
    String requestedBy, String implementer) {}
