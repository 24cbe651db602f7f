package io.sopflow.problem;

/**
 * Where a problem stands: PROPOSED (by recurring incidents, until a problem manager accepts or rejects it),
 * INVESTIGATING, KNOWN_ERROR (root cause and workaround recorded), AWAITING_CHANGE (its change raised), VERIFYING (the
 * change succeeded), CLOSED; or REJECTED (a proposal turned down).
 */
public enum ProblemStatus {
  PROPOSED, INVESTIGATING, KNOWN_ERROR, AWAITING_CHANGE, VERIFYING, CLOSED, REJECTED;

  /** Open problems collect the new incidents on their configuration item. */
  public boolean isOpen() {
    return this != CLOSED && this != REJECTED;
  }
}
