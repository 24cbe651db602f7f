package io.sopflow.securityincident;

/**
 * The hook for problem management: published when a post-incident review decides that a problem should be raised
 * (recorded on the record as {@code problemToRaise} and in its evidence log). The problem SOP raises its problem
 * from it in the review's transaction ({@code ProblemService.onSecurityReviewRequestedProblem}). It carries no title or
 * description: the security incident stays confidential, the problem names it by number only.
 */
public record SecurityProblemProposed(String securityIncidentNumber, String reviewedBy, String lessons) {}
