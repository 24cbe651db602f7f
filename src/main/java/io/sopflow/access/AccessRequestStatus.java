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
  /**
   * Not granted: an approver rejected it, nobody decided in time, or the system refused it before a grant (its
   * beneficiary's account is locked, its validUntil passed, its revocation was asked for before provisioning).
   */
  REJECTED,
  REVOKED,
  EXPIRED,
  /** Withdrawn while it waited for an approval (its beneficiary left); nothing was provisioned. */
  CANCELLED;

  public boolean awaitsApproval() {
    return this == SOD_REVIEW || this == MANAGER_APPROVAL || this == OWNER_APPROVAL;
  }
}
