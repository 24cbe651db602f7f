package io.sopflow.access;

/** The decisions a person takes on an access request, each in its own Tasklist task. */
public enum ApprovalStage {
  SOD_REVIEW(AccessRequestStatus.SOD_REVIEW, "SOD_EXCEPTION_GRANTED", "SOD_REJECTED"),
  LINE_MANAGER(AccessRequestStatus.MANAGER_APPROVAL, "MANAGER_APPROVED", "MANAGER_REJECTED"),
  RESOURCE_OWNER(AccessRequestStatus.OWNER_APPROVAL, "OWNER_APPROVED", "OWNER_REJECTED");

  private final AccessRequestStatus status;
  private final String approvedAction;
  private final String rejectedAction;

  ApprovalStage(AccessRequestStatus status, String approvedAction, String rejectedAction) {
    this.status = status;
    this.approvedAction = approvedAction;
    this.rejectedAction = rejectedAction;
  }

  public AccessRequestStatus status() {
    return status;
  }

  String action(boolean approved) {
    return approved ? approvedAction : rejectedAction;
  }
}
