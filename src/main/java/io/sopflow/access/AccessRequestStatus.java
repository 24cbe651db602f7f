package io.sopflow.access;

/** Where an access request (and, once provisioned, its grant) stands. */
public enum AccessRequestStatus {
  SUBMITTED,
  SOD_REVIEW,
  MANAGER_APPROVAL,
  OWNER_APPROVAL,
  PROVISIONING,
  ACTIVE,
  REVOCATION_REQUESTED,
  REJECTED,
  REVOKED,
  EXPIRED;

  public boolean awaitsApproval() {
    return this == SOD_REVIEW || this == MANAGER_APPROVAL || this == OWNER_APPROVAL;
  }
}
