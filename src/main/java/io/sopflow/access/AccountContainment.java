package io.sopflow.access;

import io.sopflow.identity.Directory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Contains a compromised account for another SOP (security incident response): the account is locked as a leaver's is
 * ({@link AccountLocks}: every log-in refused) and its group memberships are revoked through the identity-group
 * {@link AccessConnector}, so that no task, Cockpit view or record of those groups is reachable even through a session
 * that was open. The caller remembers the groups it gets back and may restore them later; the lock is lifted only
 * by {@link #unlock}. Every call is idempotent, because the steps that make them are retried.
 */
@Component
public class AccountContainment {

  private final AccessConnector groups;
  private final AccountLocks locks;
  private final Directory directory;

  AccountContainment(AccessConnectors connectors, AccountLocks locks, Directory directory) {
    this.groups = connectors.get(IdentityGroupConnector.TYPE);
    this.locks = locks;
    this.directory = directory;
  }

  /** Whether the account exists in the identity store (the only kind of account this containment can act on). */
  public boolean accountExists(String userId) {
    return directory.userExists(userId);
  }

  /** Locks the account and revokes every group membership it has; returns the groups revoked now, sorted. */
  public List<String> suspend(String userId) {
    locks.lock(userId);
    List<String> revoked = new ArrayList<>(directory.groupsOf(userId));
    revoked.sort(null);
    for (String group : revoked) {
      groups.revoke(userId, group);
    }
    return revoked;
  }

  /** Grants the remembered memberships again (groups deleted since are skipped: they cannot be granted). */
  public List<String> restore(String userId, Collection<String> remembered) {
    List<String> restored = new ArrayList<>();
    for (String group : remembered) {
      if (directory.groupExists(group)) {
        groups.grant(userId, group);
        restored.add(group);
      }
    }
    return restored;
  }

  public void unlock(String userId) {
    locks.unlock(userId);
  }

  public boolean isLocked(String userId) {
    return locks.isLocked(userId);
  }

  public boolean isMember(String userId, String group) {
    return groups.hasAccess(userId, group);
  }
}
