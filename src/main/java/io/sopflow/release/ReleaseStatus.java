package io.sopflow.release;

/** Where a release stands. DEPLOYED, ROLLED_BACK and CANCELLED are final. */
public enum ReleaseStatus {
  /** Waiting for the go/no-go decision of the release managers. */
  AWAITING_GO,
  /** Go given; waiting for the deployment window to open. */
  SCHEDULED,
  /** The window closed before the deployment started; waiting to be rescheduled or cancelled. */
  WINDOW_MISSED,
  DEPLOYING,
  /** Deployed; smoke tests and verification running. */
  VERIFYING,
  /** A deploy, smoke test or verification failed; the rollback is under way. */
  ROLLING_BACK,
  /** The rollback itself failed: release managers must recover the environment by hand. */
  ROLLBACK_FAILED,
  DEPLOYED,
  ROLLED_BACK,
  CANCELLED;

  public boolean isFinal() {
    return this == DEPLOYED || this == ROLLED_BACK || this == CANCELLED;
  }
}
