package io.sopflow.change;

/** Where a change stands. Release deployment relies on {@link #APPROVED}: approved and not yet implemented. */
public enum ChangeStatus {
  SUBMITTED, IN_REVIEW, AWAITING_DETAILS, CAB_REVIEW, MANAGER_APPROVAL, EMERGENCY_APPROVAL, FREEZE_EXCEPTION,
  APPROVED, IMPLEMENTED, FAILED, BACKED_OUT, REJECTED, CLOSED;

  /** Approval is still being decided: people may vote or decide on the change. */
  public boolean inApproval() {
    return this == SUBMITTED || this == IN_REVIEW || this == AWAITING_DETAILS || this == CAB_REVIEW
        || this == MANAGER_APPROVAL || this == EMERGENCY_APPROVAL || this == FREEZE_EXCEPTION;
  }
}
