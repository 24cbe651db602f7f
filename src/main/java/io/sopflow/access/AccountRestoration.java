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
 * A group membership that a containment took away and whose holder decided to give back, but could not, because
 * another containment still held the account's lock ({@link AccountContainment#recover}): it is handed on, and comes
 * back with the lock, when the last hold is released by a recovery that restores memberships. One row per account and
 * group (unique key); made and removed under the account's lock row, never changed.
 */
@Entity
@Table(name = "account_restoration")
class AccountRestoration {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "account", nullable = false, updatable = false, length = 64)
  private String account;

  @Column(name = "group_id", nullable = false, updatable = false, length = 64)
  private String groupId;

  /** The holder (a security incident's number) whose containment took the membership away and handed it on. */
  @Column(name = "handed_on_by", nullable = false, updatable = false, length = 64)
  private String handedOnBy;

  /** When that containment began: a grant of the group that ended after it is not given back. */
  @Column(name = "removed_since", nullable = false, updatable = false)
  private Instant removedSince;

  protected AccountRestoration() {}

  AccountRestoration(String account, String groupId, String handedOnBy, Instant removedSince) {
    this.account = Objects.requireNonNull(account);
    this.groupId = Objects.requireNonNull(groupId);
    this.handedOnBy = Objects.requireNonNull(handedOnBy);
    this.removedSince = Objects.requireNonNull(removedSince);
  }

  String getGroupId() { return groupId; }

  String getHandedOnBy() { return handedOnBy; }

  Instant getRemovedSince() { return removedSince; }
}
