package io.sopflow.securityincident;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An account named in a security incident: whether the triage chose to lock it (the reporter only suspects it), when it
 * was locked, the group memberships taken away (remembered here, so that recovery can give them back), the recovery
 * decision and when the account was unlocked.
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

  void unlocked(List<String> restored, Instant at) {
    restoredGroups = String.join(",", restored);
    unlockedAt = at;
  }

  public String getAccount() { return account; }
  public Boolean getLock() { return lock; }
  public List<String> getRemovedGroups() {
    return removedGroups == null || removedGroups.isEmpty() ? List.of() : Arrays.asList(removedGroups.split(","));
  }
  public List<String> getRestoredGroups() {
    return restoredGroups == null || restoredGroups.isEmpty() ? List.of() : Arrays.asList(restoredGroups.split(","));
  }
  public Instant getLockedAt() { return lockedAt; }
  public Boolean getRestoreMemberships() { return restoreMemberships; }
  public Instant getUnlockedAt() { return unlockedAt; }
}
