package io.sopflow.access;

import io.sopflow.persistence.LockRows;
import org.springframework.stereotype.Component;

/**
 * One person's access requests decided one after the other: what a request may become depends on the person's other
 * requests and grants (the same resource asked for twice, a segregation-of-duties conflict between two resources, a
 * right another grant still needs), and a transaction sees another's request only once that one commits. Each such
 * decision holds the beneficiary's lock row ({@code SELECT ... FOR UPDATE}, {@link LockRows}) until its transaction
 * ends, so a second transaction, on this node or another, waits and then sees the first one's outcome.
 */
@Component
class BeneficiaryLocks {

  private final BeneficiaryLockRepository locks;
  private final LockRows lockRows;

  BeneficiaryLocks(BeneficiaryLockRepository locks, LockRows lockRows) {
    this.locks = locks;
    this.lockRows = lockRows;
  }

  /** Holds {@code beneficiary} until the caller's transaction ends. */
  void hold(String beneficiary) {
    lockRows.hold(locks, beneficiary, () -> new BeneficiaryLock(beneficiary), locks::lock);
  }
}
