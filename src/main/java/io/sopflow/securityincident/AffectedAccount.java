package io.sopflow.securityincident;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An account named in a security incident: whether the triage chose to lock it (the reporter only suspects it), when
 * the incident took its hold on the account's lock, the group memberships taken away (remembered here, so that
 * recovery can give them back), the recovery decision, when the incident released its hold, who kept the account
 * locked then (a leaver's hold, another incident's) and, if nobody did, when the account was unlocked.
 */
@Embeddable
public class AffectedAccount {

  @Column(name = "account", nullable = false, length = 64)
  private String account;

  /**
   * The triage's decision: locked at containment or not. Null on records triaged before the security officer chose,
   * when confirming locked every reported account.
   */
  @Column(name = "lock_account")
  private Boolean lock;

  @Column(name = "removed_groups", length = 2000)
  private String removedGroups;

  @Column(name = "locked_at")
  private Instant lockedAt;

  @Column(name = "restore_memberships")
  private Boolean restoreMemberships;

  @Column(name = "restored_groups", length = 2000)
  private String restoredGroups;

  @Column(name = "unlocked_at")
  private Instant unlockedAt;

  /** When recovery released this incident's hold (null on records recovered before holds: see unlockedAt). */
  @Column(name = "released_at")
  private Instant releasedAt;

  @Column(name = "kept_locked_by", length = 2000)
  private String keptLockedBy;

  protected AffectedAccount() {}

  AffectedAccount(String account) {
    this.account = account;
  }

  void decideLock(boolean lock) {
    this.lock = lock;
  }

  /** Whether containment locks it: chosen at triage, or triaged before the choice existed (then every one was). */
  boolean isToBeLocked() {
    return lock == null || lock;
  }

  void locked(List<String> groups, Instant at) {
    if (lockedAt == null) {
      removedGroups = String.join(",", groups);
      lockedAt = at;
    }
  }

  void decide(boolean restore) {
    restoreMemberships = restore;
  }

  /** The incident released its hold; the account was unlocked unless somebody ({@code keptBy}) still holds it. */
  void released(List<String> restored, List<String> keptBy, Instant at) {
    restoredGroups = String.join(",", restored);
    keptLockedBy = String.join(",", keptBy);
    releasedAt = at;
    unlockedAt = keptBy.isEmpty() ? at : null;
  }

  /** Whether recovery is done with it (records recovered before holds existed have only their unlock time). */
  boolean isReleased() {
    return releasedAt != null || unlockedAt != null;
  }

  public String getAccount() { return account; }
  public Boolean getLock() { return lock; }
  public List<String> getRemovedGroups() {
    return list(removedGroups);
  }
  public List<String> getRestoredGroups() {
    return list(restoredGroups);
  }
  public List<String> getKeptLockedBy() {
    return list(keptLockedBy);
  }
  public Instant getLockedAt() { return lockedAt; }
  public Boolean getRestoreMemberships() { return restoreMemberships; }
  public Instant getUnlockedAt() { return unlockedAt; }
  public Instant getReleasedAt() { return releasedAt; }

  private static List<String> list(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }
}
