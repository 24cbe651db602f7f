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
  EXPIRED,
  /** Withdrawn while it waited for an approval (its beneficiary left); nothing was provisioned. */
  CANCELLED;

  public boolean awaitsApproval() {
    return this == SOD_REVIEW || this == MANAGER_APPROVAL || this == OWNER_APPROVAL;
  }
}
