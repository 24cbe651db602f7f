package io.sopflow.problem;

/**
 * An incident was linked to an open problem in the current transaction; {@link ProblemService} checks just before
 * the commit that the problem is still open, holding it until the commit.
 */
record IncidentJoinedProblem(String problemNumber, String incidentNumber) {
}
