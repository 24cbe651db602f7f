package io.sopflow.access;

import io.sopflow.access.AccountLockHolds.Released;
import io.sopflow.access.AccountLockHolds.Taken;
import io.sopflow.identity.Directory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contains a compromised account for another SOP (security incident response): the account is locked as a leaver's is
 * ({@link AccountLocks}: every log-in refused) and its group memberships are revoked through the identity-group
 * {@link AccessConnector}, so that no task, Cockpit view or record of those groups is reachable even through a session
 * that was open. The caller remembers the groups it gets back and decides at recovery whether they come back.
 *
 * <p>The lock is held, not owned ({@link AccountLockHolds}): each containment takes a hold under its holder's name (the
 * incident's number) and {@link #recover} releases that hold only. The account is unlocked with the last hold, so a
 * leaver stays locked and an account another incident contains stays contained. Every call is idempotent, because the
 * steps that make them are retried.
 *
 * <p>Both calls hold the person's access lock row ({@link BeneficiaryLocks}) first, as provisioning, a grant's end and
 * the leaver SOP do: a containment and a provisioning of the same person take turns, so the containment sees (and
 * revokes) a membership provisioned just before it, and a recovery does not give back a membership a grant's end is
 * taking away. The order is always the access lock row, then the account's lock row ({@link AccountLockHolds}).
 */
@Component
public class AccountContainment {

  /** The statuses of a grant that was provisioned: active, being revoked, revoked or expired. */
  private static final Set<AccessRequestStatus> PROVISIONED = EnumSet.of(AccessRequestStatus.ACTIVE,
      AccessRequestStatus.REVOCATION_REQUESTED, AccessRequestStatus.REVOKED, AccessRequestStatus.EXPIRED);

  private final AccessConnector groups;
  private final AccountLockHolds locks;
  private final Directory directory;
  private final AccessRequestRepository grants;
  private final BeneficiaryLocks beneficiaryLocks;

  AccountContainment(AccessConnectors connectors, AccountLockHolds locks, Directory directory,
      AccessRequestRepository grants, BeneficiaryLocks beneficiaryLocks) {
    this.groups = connectors.get(IdentityGroupConnector.TYPE);
    this.locks = locks;
    this.directory = directory;
    this.grants = grants;
    this.beneficiaryLocks = beneficiaryLocks;
  }

  /** Whether the account exists in the identity store (the only kind of account this containment can act on). */
  public boolean accountExists(String userId) {
    return directory.userExists(userId);
  }

  /**
   * Contains the account for {@code holder}: takes its hold on the lock (locking the account unless it is locked
   * already) and revokes every group membership the account has now.
   */
  @Transactional
  public Suspension suspend(String userId, String holder) {
    beneficiaryLocks.hold(userId);
    Taken taken = locks.take(userId, holder);
    List<String> revoked = new ArrayList<>(directory.groupsOf(userId));
    revoked.sort(null);
    for (String group : revoked) {
      groups.revoke(userId, group);
    }
    return new Suspension(revoked, taken.wasLocked(), taken.otherHolders(), taken.lapsed());
  }

  /**
   * Ends {@code holder}'s containment, which began at {@code since}: its hold is released, and the account unlocked
   * if no other hold is left. Memberships come back only with the lock, and only where {@code restore} says so: none
   * while anyone still holds the lock (a leaver's, another incident's containment), and of the {@code remembered}
   * groups none that was deleted, none the person has again (given meanwhile, by a grant of their own), and none whose
   * access grant ended during containment (expired, revoked, or being revoked: a grant held at {@code since} and
   * none of that group active now), which would hand back a right with no grant and no expiry behind it.
   */
  @Transactional
  public Recovery recover(String userId, String holder, List<String> remembered, boolean restore, Instant since) {
    beneficiaryLocks.hold(userId);
    Released released = locks.release(userId, holder);
    List<String> restored = new ArrayList<>();
    Map<String, String> notRestored = new LinkedHashMap<>();
    if (!restore) {
      return new Recovery(released.keptBy(), restored, notRestored, released.lapsed());
    }
    List<AccessRequest> provisioned = grants.findByBeneficiaryAndStatusInOrderByIdAsc(userId, PROVISIONED);
    for (String group : remembered) {
      Optional<String> reason = released.keptBy().isEmpty() ? notToRestore(userId, group, provisioned, since)
          : Optional.of("still locked by " + String.join(", ", released.keptBy()));
      if (reason.isPresent()) {
        notRestored.put(group, reason.get());
      } else {
        groups.grant(userId, group);
        restored.add(group);
      }
    }
    return new Recovery(released.keptBy(), restored, notRestored, released.lapsed());
  }

  /** Why a remembered membership of an unlocked account does not come back, if it does not. */
  private Optional<String> notToRestore(String userId, String group, List<AccessRequest> provisioned, Instant since) {
    if (!directory.groupExists(group)) {
      return Optional.of("the group was deleted");
    }
    if (groups.hasAccess(userId, group)) {
      return Optional.of("a member again");
    }
    return endedGrant(provisioned, group, since).map(grant -> "grant " + grant.getRequestKey()
        + " ended during containment (" + grant.getStatus() + ")");
  }

  /** The grant of {@code group} held at {@code since} that has ended or is ending, unless one of it is active now. */
  private static Optional<AccessRequest> endedGrant(List<AccessRequest> provisioned, String group, Instant since) {
    List<AccessRequest> ofGroup = provisioned.stream().filter(r -> IdentityGroupConnector.TYPE
        .equals(r.getConnectorType()) && group.equals(r.getResourceKey())).toList();
    if (ofGroup.stream().anyMatch(r -> r.getStatus() == AccessRequestStatus.ACTIVE)) {
      return Optional.empty();
    }
    return ofGroup.stream().filter(r -> r.getGrantedAt() != null && !r.getGrantedAt().isAfter(since)
        && (r.getEndedAt() == null || !r.getEndedAt().isBefore(since))).reduce((first, last) -> last);
  }

  /**
   * What {@link #suspend} did.
   *
   * @param removedGroups the memberships revoked now, sorted
   * @param wasLocked     whether the account was locked already (by another holder)
   * @param alsoHeldBy    who else holds the lock: the leaver SOP ({@code leaver}), other incidents, or
   *                      {@code unattributed} (a lock found set with no holder recorded)
   * @param lapsed        holds dropped because their lock had been lifted outside SOPFlow
   */
  public record Suspension(List<String> removedGroups, boolean wasLocked, List<String> alsoHeldBy,
      List<String> lapsed) {}

  /**
   * What {@link #recover} did.
   *
   * @param keptLockedBy who still holds the lock: empty when the account is unlocked
   * @param restored     the memberships given back
   * @param notRestored  the remembered memberships not given back although decided, each with the reason
   * @param lapsed       holds dropped because their lock had been lifted outside SOPFlow
   */
  public record Recovery(List<String> keptLockedBy, List<String> restored, Map<String, String> notRestored,
      List<String> lapsed) {}
}
