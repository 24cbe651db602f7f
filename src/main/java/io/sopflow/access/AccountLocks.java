package io.sopflow.access;

/**
 * Locks the account of a person who left, in the one identity store every log-in checks (Tasklist, Cockpit,
 * {@code /api} and {@code /engine-rest} all authenticate through it): with the lock, the right password is refused.
 * The lock is not a deletion: an admin lifts it (Camunda Admin, "Unlock user", or {@code POST /engine-rest/user/{id}/
 * unlock}), e.g. for a returning employee, and the person's history stays attributed to them.
 */
public interface AccountLocks {

  /** Locks the account (idempotent). */
  void lock(String userId);

  boolean isLocked(String userId);

  /** Lifts the lock (idempotent): what an admin's "Unlock user" does, for an SOP that locked the account itself. */
  void unlock(String userId);
}
