package io.sopflow.change;

import java.time.Instant;
import java.util.List;

/**
 * A change request was saved: the process package starts its process instance in the same transaction. Carries what
 * the process needs as variables (references and decisions only).
 */
public record ChangeSubmitted(Long id, String number, ApprovalRoute route, RiskLevel risk, String requester,
    String implementer, String title, Instant plannedStart, Instant plannedEnd, List<String> conflicts) {}
