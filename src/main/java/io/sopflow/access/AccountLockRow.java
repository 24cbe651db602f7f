package io.sopflow.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The lock row of one account ({@link AccountLockHolds}): locked ({@code SELECT ... FOR UPDATE}) while a hold on the
 * account's lock is taken, released or dropped, so that two changes at once (two incidents recovering on two nodes, a
 * leaver processed while an incident contains the account) decide one after the other, each seeing the other's holds.
 * Locking the holds themselves would not do: an account nobody holds yet has no row to wait on.
 */
@Entity
@Table(name = "account_lock_row")
class AccountLockRow {

  @Id
  @Column(length = 64)
  private String account;

  protected AccountLockRow() {}

  AccountLockRow(String account) {
    this.account = account;
  }
}
