package io.sopflow.identity;

import io.sopflow.domain.ForbiddenException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one identity store of SOPFlow (Camunda's users, groups and memberships), as the SOPs need it: who a user is,
 * who is in a group, who manages whom. The SOPs depend on this interface, not on Camunda.
 *
 * <p>Two questions, two kinds of answer. Who can act or be reached now ({@link #membersOf}, {@link #managerOf},
 * {@link #reportsOf}) leaves locked accounts out: a leaver's account is locked, not deleted, and keeps its memberships,
 * but is asked for no vote, approval or mail. What a person holds ({@link #groupsOf}, {@link #isMember}) counts a
 * locked account's memberships too: they are evidence for the audit, and a locked member still holds the membership
 * for segregation of duties (unlocked, the account has it back at once).
 */
public interface Directory {

  /** The user-info key under which a user's line manager is kept. */
  String MANAGER_INFO_KEY = "manager";

  Optional<DirectoryUser> findUser(String userId);

  default boolean userExists(String userId) {
    return userId != null && findUser(userId).isPresent();
  }

  /**
   * The user, if they can be reached now: known, and the account not locked (a leaver's, or one a security incident
   * contains). A mail to a person by name goes to them only through this, as a group's mail goes to
   * {@link #membersOf}.
   */
  Optional<DirectoryUser> reachableUser(String userId);

  boolean groupExists(String groupId);

  /**
   * The members of the group who can act and be reached: every member whose account is not locked, by id. A locked
   * member keeps the membership ({@link #isMember}) but gets no task, vote or mail of the group and counts towards no
   * quorum.
   */
  List<DirectoryUser> membersOf(String groupId);

  /** The groups the user holds, whether or not the account is locked (segregation of duties, audit). */
  Set<String> groupsOf(String userId);

  default boolean isMember(String userId, String groupId) {
    return groupsOf(userId).contains(groupId);
  }

  /**
   * A decision that belongs to a group (a release's GO, an emergency approval, a resource owner's approval): refused
   * with 403 unless {@code userId}, the person deciding, is a member of one of {@code groups} now. The engine offers
   * the decision's task only to the group, its members cannot pass it on, and a group's task is never offered to
   * anyone's delegate (so the person deciding is checked, not whom they might stand in for); this holds also for a task
   * that reached someone else anyway (an admin assigned it), and for admins themselves, who are not members by being
   * admins. {@code decision} completes "may not ...".
   */
  default void requireMemberOfAny(String userId, Collection<String> groups, String decision) {
    Set<String> own = userId == null ? Set.of() : groupsOf(userId);
    if (groups.stream().noneMatch(own::contains)) {
      throw new ForbiddenException(userId + " may not " + decision + ": only a member of " + String.join(" or ",
          groups) + " may");
    }
  }

  /**
   * The line manager who acts for the user: the one recorded ({@value #MANAGER_INFO_KEY}), or, while that account is
   * locked (the manager left), the next one up the line whose account is not; empty when there is none, so the SOPs
   * fall back to a group as they do for a user without a line manager. Not checked: that the answer is someone else
   * than the user (a line that runs in a circle may lead back to them) or a known user.
   */
  Optional<String> managerOf(String userId);

  /**
   * The users whose line manager ({@link #managerOf}) is {@code managerId}, found in one look-up (and one more per
   * locked report of theirs, whose own reports they inherit): a list that shows a line manager their reports' records
   * filters by these, rather than asking {@link #managerOf} for every row. Empty for a locked account.
   */
  Set<String> reportsOf(String managerId);

  /** Adds a membership; returns false if it already existed. */
  boolean addMembership(String userId, String groupId);

  /** Removes a membership; returns false if there was none. */
  boolean removeMembership(String userId, String groupId);
}
