package io.sopflow.release;

import java.util.Optional;

/**
 * The release SOP's port to the change SOP: a release must implement an approved change, and the change record learns
 * how its release ended. Implemented by an adapter over the change service; this package never depends on it.
 */
public interface ChangeLookup {

  /** The change with this number, or empty if there is none. */
  Optional<LinkedChange> find(String changeNumber);

  /**
   * Records a release's outcome on its change. Called inside the release's transaction, at most once per final state:
   * {@code DEPLOYED}, {@code ROLLED_BACK}, {@code ROLLBACK_FAILED} (later followed by {@code ROLLED_BACK} once recovered
   * by hand) or {@code CANCELLED}.
   */
  void recordOutcome(String changeNumber, String releaseKey, String outcome);

  /**
   * What a release needs to know about its change. {@code approved}: it still awaits its implementation (approved, not
   * yet implemented, failed or closed), the one state in which a release of it may be requested, given its GO, given a
   * new window and start deploying. {@code status} says where the change stands, for people. {@code implementer} is a
   * user id, or null.
   */
  record LinkedChange(String number, boolean approved, String status, String implementer) {}
}
