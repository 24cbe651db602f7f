package io.sopflow.access;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.persistence.LockRows;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who holds the lock on an account. The lock itself is one flag in the identity store (the engine's, {@code
 * access.process.EngineAccountLocks}) that records nobody; yet more than one SOP locks accounts: the leaver SOP for
 * good, and each security incident that contains the account until its recovery. Each takes a hold of its own
 * ({@code account_lock_hold}), and the flag is lifted only with the last hold: an incident's recovery never unlocks a
 * leaver, nor an account that another incident still contains.
 *
 * <p>The {@link AccountLocks} every SOP is given: {@link #lock} is the leaver's lock (the leaver SOP's hold) and
 * {@link #unlock} an administrator's, which drops every hold. A lock found set without any hold (set by an
 * administrator or the engine's brute-force protection, or before holds were recorded) is held by
 * {@link #UNATTRIBUTED}, so that no SOP lifts it; holds whose lock is gone (an administrator unlocked the account in
 * Camunda Admin, which knows nothing of holds) lapse when the account is next locked or released.
 *
 * <p>One account at a time: every change first locks the account's row ({@link AccountLockRow}, {@code SELECT ... FOR
 * UPDATE}) and only then reads its holds and its flag, so changes of the same account take turns and each sees what
 * the one before committed: two incidents recovering at once on two nodes cannot both see the other's hold and leave
 * the account locked with none, nor one unlock it under the other's new hold, and two first holds (a leaver processed
 * while an incident contains the account) do not both set the flag. Every change is audited under the account
 * ({@code User}, the subject of the leaver's entry).
 */
@Primary
@Component
@Transactional
class AccountLockHolds implements AccountLocks {

  /** The leaver SOP's hold: never released by another SOP; only an administrator lifts a leaver's lock. */
  static final String LEAVER = "leaver";
  /** The hold of a lock that was found set with no hold recorded: lifted by an administrator only. */
  static final String UNATTRIBUTED = "unattributed";
  static final String SUBJECT = "User";

  private final AccountLocks flag;
  private final AccountLockHoldRepository holds;
  private final AccountLockRowRepository rows;
  private final AccountRestorationRepository restorations;
  private final LockRows lockRows;
  private final AuditTrail audit;
  private final Clock clock;

  AccountLockHolds(@Qualifier("engineAccountLocks") AccountLocks flag, AccountLockHoldRepository holds,
      AccountLockRowRepository rows, AccountRestorationRepository restorations, LockRows lockRows, AuditTrail audit,
      Clock clock) {
    this.flag = flag;
    this.holds = holds;
    this.rows = rows;
    this.restorations = restorations;
    this.lockRows = lockRows;
    this.audit = audit;
    this.clock = clock;
  }

  /** The leaver's lock: the leaver SOP takes its hold (idempotent). */
  @Override
  public void lock(String userId) {
    take(userId, LEAVER);
  }

  @Override
  public boolean isLocked(String userId) {
    return flag.isLocked(userId);
  }

  /**
   * An administrator's unlock (a returning employee): every hold is dropped and the lock lifted (idempotent). The
   * memberships a containment handed on to the last recovery ({@link AccountRestoration}) are dropped too: no recovery
   * lifts this lock any more, and the administrator decides what the person gets. The same when the lock was lifted
   * outside SOPFlow (Camunda Admin): the holds lapse, and what was handed on with them, at the account's next change.
   */
  @Override
  public void unlock(String userId) {
    holdRow(userId);
    List<AccountLockHold> held = holds.findByAccountOrderByHolderAsc(userId);
    List<AccountRestoration> handedOn = restorations.findByAccount(userId);
    if (!held.isEmpty() || !handedOn.isEmpty()) {
      holds.deleteAll(held);
      restorations.deleteAll(handedOn);
      holds.flush();
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "LOCK_LIFTED", SUBJECT, userId, "every hold dropped: "
          + String.join(", ", holderNames(held)) + droppedText(handedOn)));
    }
    flag.unlock(userId);
  }

  /**
   * {@code holder} takes its hold on the account's lock, locking the account if it is not yet locked (idempotent).
   */
  Taken take(String userId, String holder) {
    Current current = current(userId);
    List<String> others = new ArrayList<>(holderNames(current.holds()));
    boolean heldAlready = others.remove(holder);
    if (!heldAlready) {
      holds.save(new AccountLockHold(userId, holder, clock.instant()));
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "LOCK_HELD", SUBJECT, userId, "by " + holder
          + (current.locked() ? "; already locked, held also by " + String.join(", ", others) : "; locked now")));
    }
    if (!current.locked()) {
      flag.lock(userId);
    }
    return new Taken(current.locked(), List.copyOf(others), current.lapsed());
  }

  /**
   * {@code holder} releases its hold; the account is unlocked if no other hold is left. Returns who keeps it locked
   * (none: the account is unlocked now).
   */
  Released release(String userId, String holder) {
    Current current = current(userId);
    List<String> others = new ArrayList<>(holderNames(current.holds()));
    Optional<AccountLockHold> own = current.holds().stream().filter(h -> h.getHolder().equals(holder)).findFirst();
    if (own.isPresent()) {
      others.remove(holder);
      holds.delete(own.get());
      holds.flush();
      if (others.isEmpty()) {
        flag.unlock(userId);
      }
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "LOCK_RELEASED", SUBJECT, userId, "by " + holder
          + (others.isEmpty() ? "; unlocked" : "; still held by " + String.join(", ", others))));
    }
    return new Released(List.copyOf(others), current.lapsed());
  }

  /**
   * The account's holds, under its lock row until the transaction ends, made to agree with the flag first: holds of a
   * lock that is gone lapse, and a lock with no hold is {@link #UNATTRIBUTED}'s.
   */
  private Current current(String userId) {
    holdRow(userId);
    List<AccountLockHold> held = holds.findByAccountOrderByHolderAsc(userId);
    boolean locked = flag.isLocked(userId);
    List<String> lapsed = List.of();
    if (!locked && !held.isEmpty()) {
      lapsed = holderNames(held);
      List<AccountRestoration> handedOn = restorations.findByAccount(userId);
      holds.deleteAll(held);
      restorations.deleteAll(handedOn);
      holds.flush(); // deleted before a new hold of the same holder is inserted (the unique key)
      held = List.of();
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "LOCK_HOLDS_LAPSED", SUBJECT, userId, String.join(", ", lapsed)
          + ": the lock had been lifted outside SOPFlow (an administrator's unlock)" + droppedText(handedOn)));
    }
    if (locked && held.isEmpty()) {
      held = List.of(holds.save(new AccountLockHold(userId, UNATTRIBUTED, clock.instant())));
      audit.record(AuditEvent.of(AuditEvent.SYSTEM, "LOCK_HELD", SUBJECT, userId, "by " + UNATTRIBUTED
          + ": found locked with no hold recorded; lifted by an administrator only"));
    }
    return new Current(locked, held, lapsed);
  }

  /** Locks the account's row until this transaction ends. */
  private void holdRow(String userId) {
    lockRows.hold(rows, userId, () -> new AccountLockRow(userId), rows::lock);
  }

  /** What an audit entry says of the memberships that were handed on and are dropped with the holds. */
  private static String droppedText(List<AccountRestoration> handedOn) {
    return handedOn.isEmpty() ? "" : "; memberships no longer handed on: "
        + String.join(", ", handedOn.stream().map(AccountRestoration::getGroupId).toList());
  }

  private static List<String> holderNames(List<AccountLockHold> held) {
    return held.stream().map(AccountLockHold::getHolder).toList();
  }

  private record Current(boolean locked, List<AccountLockHold> holds, List<String> lapsed) {}

  /**
   * @param wasLocked   whether the account was locked before the hold was taken
   * @param otherHolders who else holds the lock
   * @param lapsed      holds that had lapsed (their lock was lifted outside SOPFlow) and are gone now
   */
  record Taken(boolean wasLocked, List<String> otherHolders, List<String> lapsed) {}

  /**
   * @param keptBy who still holds the lock (empty: nobody, the account is not locked)
   * @param lapsed holds that had lapsed (their lock was lifted outside SOPFlow) and are gone now
   */
  record Released(List<String> keptBy, List<String> lapsed) {}
}
