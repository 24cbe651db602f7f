package io.sopflow.change;

/**
 * The concluded CAB vote: whether the CAB approved, and whether a manager must approve as well (a HIGH-risk change,
 * read from the record, so no variable a task completion could set decides it).
 */
public record CabConclusion(boolean approved, boolean managerApprovalRequired) {}
