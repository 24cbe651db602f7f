package io.sopflow.sop;

import java.time.Instant;

/** Published when a version of an SOP comes in force (approved, or an SOP's first version): its review clock restarts. */
public record SopRevisionInForce(String processKey, int version, Instant effectiveFrom) {}
