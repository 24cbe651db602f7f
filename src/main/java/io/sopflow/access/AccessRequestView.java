package io.sopflow.access;

import java.time.Instant;
import java.util.List;

/** An access request with its decisions, as {@code GET /api/access-requests/{key}} shows it. */
public record AccessRequestView(String key, AccessRequestStatus status, String beneficiary, String requester,
    String resource, String ownerGroup, String justification, Instant requestedValidUntil, Instant validUntil,
    String sodConflict, String project, Instant createdAt, Instant grantedAt, Instant endedAt, String processInstanceId,
    List<DecisionView> decisions) {

  /** One recorded decision, grant or revocation ({@code actingFor}: the approver a delegate stood in for). */
  public record DecisionView(String action, String actor, Instant at, String comment, String actingFor) {}

  static AccessRequestView of(AccessRequest r) {
    return new AccessRequestView(r.getRequestKey(), r.getStatus(), r.getBeneficiary(), r.getRequester(),
        r.getResourceKey(), r.getOwnerGroup(), r.getJustification(), r.getRequestedValidUntil(),
        r.validUntil().orElse(null), r.getSodConflict(), r.getProjectCode(), r.getCreatedAt(), r.getGrantedAt(), r.getEndedAt(),
        r.getProcessInstanceId(), r.getDecisions().stream()
            .map(d -> new DecisionView(d.getAction(), d.getActor(), d.getDecidedAt(), d.getComment(),
                d.getActingFor())).toList());
  }
}
