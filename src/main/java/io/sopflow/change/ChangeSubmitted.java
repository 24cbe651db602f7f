package io.sopflow.change;

import java.time.Instant;

/**
 * A change request was saved: the process package starts its process instance in the same transaction. Carries only
 * what the process needs: references (id, number, the people its tasks go to), decisions (the approval route) and
 * the planned window its timers wait for. Forms read everything else from the record.
 */
public record ChangeSubmitted(Long id, String number, ApprovalRoute route, String requester,
    String implementer, Instant plannedStart, Instant plannedEnd) {}
