package io.sopflow.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * One holder's claim on the lock of an account ({@link AccountLockHolds}): the leaver SOP's, a security incident's (its
 * number), or {@link AccountLockHolds#UNATTRIBUTED}. A holder holds an account's lock once (unique key); a hold is
 * taken and removed when released, never changed.
 */
@Entity
@Table(name = "account_lock_hold")
class AccountLockHold {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "account", nullable = false, updatable = false, length = 64)
  private String account;

  @Column(name = "holder", nullable = false, updatable = false, length = 64)
  private String holder;

  @Column(name = "held_since", nullable = false, updatable = false)
  private Instant heldSince;

  protected AccountLockHold() {}

  AccountLockHold(String account, String holder, Instant heldSince) {
    this.account = Objects.requireNonNull(account);
    this.holder = Objects.requireNonNull(holder);
    this.heldSince = Objects.requireNonNull(heldSince);
  }

  String getHolder() { return holder; }
}
