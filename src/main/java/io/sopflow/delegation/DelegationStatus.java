package io.sopflow.delegation;

/** SCHEDULED until the window starts, ACTIVE while tasks are offered to the delegate, ENDED after (or ended early). */
public enum DelegationStatus {
  SCHEDULED, ACTIVE, ENDED
}
