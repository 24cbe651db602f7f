package io.sopflow.access;

/**
 * Locks the account of a person who left, in the one identity store every log-in checks (Tasklist, Cockpit,
 * {@code /api} and {@code /engine-rest} all authenticate through it): with the lock, the right password is refused.
 * The lock is not a deletion: an admin lifts it (Camunda Admin, "Unlock user", or {@code POST /engine-rest/user/{id}/
 * unlock}), e.g. for a returning employee, and the person's history stays attributed to them.
 *
 * <p>The lock is one flag that records nobody, yet the leaver SOP and each security incident lock accounts: the
 * implementation SOPs are given, {@link AccountLockHolds}, records who holds it (a {@link #lock} is the leaver SOP's
 * hold), and security incidents take and release holds of their own through {@link AccountContainment}, so that
 * nobody lifts a lock another holds. The engine's flag underneath ({@code access.process.EngineAccountLocks}) is
 * for {@link AccountLockHolds} only.
 */
public interface AccountLocks {

  /** Locks the account of a leaver (idempotent): held for the leaver until an administrator lifts it. */
  void lock(String userId);

  boolean isLocked(String userId);

  /** Lifts the lock, whoever holds it (idempotent): what an admin's "Unlock user" does. */
  void unlock(String userId);
}
