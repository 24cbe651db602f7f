package io.sopflow.release;

import java.time.Instant;

/** Published when a release was saved: the process package starts its process instance in the same transaction. */
public record ReleaseRequested(Long id, String key, String name, String version, String environment,
    String changeNumber, String rollbackPlan, Instant windowStart, Instant windowEnd, String requestedBy,
    String implementer) {}
