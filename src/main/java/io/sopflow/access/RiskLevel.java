package io.sopflow.access;

/** How much harm misuse of a resource could do; shown to approvers. */
public enum RiskLevel { LOW, MEDIUM, HIGH }
