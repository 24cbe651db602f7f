package io.sopflow.change;

/** Filters of the change list; {@code null} means any. */
public record ChangeFilter(ChangeStatus status, ChangeType type, RiskLevel risk, String service) {}
