package io.sopflow.problem;

/**
 * Published when a joining incident raised an open problem's priority (audited as {@code PRIORITY_RAISED}); the
 * process starter hands the investigation's new step SLA to the problem's process and has the problem managers told,
 * in the same transaction.
 */
public record ProblemPriorityRaised(String number, String processInstanceId, String investigationSla) {}
