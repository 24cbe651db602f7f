package io.sopflow.release;

/** The release managers' go/no-go decision with its checklist. A GO needs every item checked and a reason for NO_GO. */
public record GoDecision(String decidedBy, boolean go, String reason, boolean changeApproved,
    boolean rollbackPlanReviewed, boolean stakeholdersInformed, boolean monitoringReady) {

  public boolean checklistComplete() {
    return changeApproved && rollbackPlanReviewed && stakeholdersInformed && monitoringReady;
  }
}
