package io.sopflow.release;

/**
 * The release managers' go/no-go decision with its checklist and evidence. A GO needs every item checked (and, for
 * production, a test report reference); a NO_GO needs a reason.
 */
public record GoDecision(String decidedBy, boolean go, String reason, boolean changeApproved,
    boolean rollbackPlanReviewed, boolean stakeholdersInformed, boolean monitoringReady, String testReportReference,
    String evidenceNotes) {

  public GoDecision(String decidedBy, boolean go, String reason, boolean changeApproved, boolean rollbackPlanReviewed,
      boolean stakeholdersInformed, boolean monitoringReady) {
    this(decidedBy, go, reason, changeApproved, rollbackPlanReviewed, stakeholdersInformed, monitoringReady, null,
        null);
  }

  public boolean checklistComplete() {
    return changeApproved && rollbackPlanReviewed && stakeholdersInformed && monitoringReady;
  }
}
