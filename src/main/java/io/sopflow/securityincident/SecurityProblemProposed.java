package io.sopflow.securityincident;

/**
 * The hook for problem management: published when a post-incident review decides that a problem should be raised
 * (recorded on the record as {@code problemToRaise} and in its evidence log). Nothing listens yet; the problem SOP
 * ({@code POST /api/problems}) can raise its record from an {@code @EventListener} on this event, in the review's
 * transaction. It carries no title or description: the security incident stays confidential, the problem names it.
 */
public record SecurityProblemProposed(String securityIncidentNumber, String reviewedBy, String lessons) {}
