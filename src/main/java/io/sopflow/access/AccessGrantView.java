package io.sopflow.access;

import java.time.Instant;

/** An active grant (for recertification). Its id is the key of the request that created it. */
public record AccessGrantView(String id, String user, String resource, String ownerGroup, Instant grantedAt,
    Instant validUntil, AccessRequestStatus status) {

  static AccessGrantView of(AccessRequest r) {
    return new AccessGrantView(r.getRequestKey(), r.getBeneficiary(), r.getResourceKey(), r.getOwnerGroup(),
        r.getGrantedAt(), r.validUntil().orElse(null), r.getStatus());
  }
}
