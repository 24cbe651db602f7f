package io.sopflow.problem;

/**
 * Published when a problem was stored; the process starter begins its process in the same transaction. References and
 * decisions only: whether it is a proposal to accept first, and the step SLA of its investigation (by priority).
 */
public record ProblemRaised(String number, boolean proposed, String investigationSla) {}
