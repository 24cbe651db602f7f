package io.sopflow.access;

import io.sopflow.access.AccountLockHolds.Released;
import io.sopflow.access.AccountLockHolds.Taken;
import io.sopflow.identity.Directory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
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
  private final AccountRestorationRepository restorations;

  AccountContainment(AccessConnectors connectors, AccountLockHolds locks, Directory directory,
      AccessRequestRepository grants, BeneficiaryLocks beneficiaryLocks, AccountRestorationRepository restorations) {
    this.groups = connectors.get(IdentityGroupConnector.TYPE);
    this.locks = locks;
    this.directory = directory;
    this.grants = grants;
    this.beneficiaryLocks = beneficiaryLocks;
    this.restorations = restorations;
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
   * if no other hold is left. Memberships come back only with the lock, and only where {@code restore} says so:
   * <ul>
   *   <li>while another incident still holds the lock, the {@code remembered} groups this recovery would give back are
   *   handed on ({@link AccountRestoration}): they come back with the lock, when the last incident's recovery restores
   *   memberships, or stay removed if it decides they do not (its investigation is the later one). The incident that
   *   contained the account second found the memberships gone already and remembers none; without the hand-over they
   *   were lost. While a leaver's lock (or one found set with no holder) is held, nothing comes back, now or later;</li>
   *   <li>when this recovery lifts the lock, the {@code remembered} groups and those handed on come back, except any that
   *   was deleted, any the person has again (given meanwhile, by a grant of their own), and any whose access grant
   *   ended during the containment that removed it (expired, revoked, or being revoked: a grant held when that
   *   containment began and none of that group active now), which would hand back a right with no grant and no expiry
   *   behind it.</li>
   * </ul>
   */
  @Transactional
  public Recovery recover(String userId, String holder, List<String> remembered, boolean restore, Instant since) {
    beneficiaryLocks.hold(userId);
    Released released = locks.release(userId, holder);
    List<String> restored = new ArrayList<>();
    Map<String, String> notRestored = new LinkedHashMap<>();
    if (!released.keptBy().isEmpty()) {
      if (restore) {
        handOn(userId, holder, remembered, since, released.keptBy(), notRestored);
      }
      return new Recovery(released.keptBy(), restored, notRestored, released.lapsed());
    }
    Map<String, Instant> toRestore = new LinkedHashMap<>();
    if (restore) {
      remembered.forEach(group -> toRestore.put(group, since));
    }
    List<AccountRestoration> handedOn = restorations.findByAccount(userId);
    for (AccountRestoration waiting : handedOn) {
      if (restore) {
        toRestore.putIfAbsent(waiting.getGroupId(), waiting.getRemovedSince());
      } else {
        notRestored.put(waiting.getGroupId(), "handed on by " + waiting.getHandedOnBy()
            + ", but this recovery restores no membership");
      }
    }
    restorations.deleteAll(handedOn);
    List<AccessRequest> provisioned = grants.findByBeneficiaryAndStatusInOrderByIdAsc(userId, PROVISIONED);
    toRestore.forEach((group, removedSince) -> {
      Optional<String> reason = notToRestore(userId, group, provisioned, removedSince);
      if (reason.isPresent()) {
        notRestored.put(group, reason.get());
      } else {
        groups.grant(userId, group);
        restored.add(group);
      }
    });
    return new Recovery(released.keptBy(), restored, notRestored, released.lapsed());
  }

  /**
   * The memberships {@code holder}'s recovery would give back, while {@code keptBy} still hold the lock: handed on to
   * the recovery that lifts it, unless a leaver's lock (or one with no holder) is among them, which no recovery lifts:
   * then what earlier recoveries handed on is dropped too.
   */
  private void handOn(String userId, String holder, List<String> remembered, Instant since, List<String> keptBy,
      Map<String, String> notRestored) {
    String still = "still locked by " + String.join(", ", keptBy);
    boolean forGood = keptBy.contains(AccountLockHolds.LEAVER) || keptBy.contains(AccountLockHolds.UNATTRIBUTED);
    List<AccountRestoration> handedOn = restorations.findByAccount(userId);
    Set<String> waiting = new HashSet<>();
    if (forGood) {
      restorations.deleteAll(handedOn); // handed on by an earlier recovery: no recovery lifts this lock either
      handedOn.forEach(r -> notRestored.put(r.getGroupId(), still + "; handed on by " + r.getHandedOnBy()
          + ", dropped"));
    } else {
      handedOn.forEach(r -> waiting.add(r.getGroupId()));
    }
    for (String group : remembered) {
      if (forGood) {
        notRestored.put(group, still);
        continue;
      }
      if (waiting.add(group)) {
        restorations.save(new AccountRestoration(userId, group, holder, since));
      }
      notRestored.put(group, still + "; handed on, comes back with the lock if its recovery restores memberships");
    }
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
   * @param notRestored  the memberships not given back now although decided (remembered or handed on), each with the
   *                     reason
   * @param lapsed       holds dropped because their lock had been lifted outside SOPFlow
   */
  public record Recovery(List<String> keptLockedBy, List<String> restored, Map<String, String> notRestored,
      List<String> lapsed) {}
}
