package io.sopflow.identity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one identity store of SOPFlow (Camunda's users, groups and memberships), as the SOPs need it: who a user is,
 * who is in a group, who manages whom. The SOPs depend on this interface, not on Camunda.
 */
public interface Directory {

  /** The user-info key under which a user's line manager is kept. */
  String MANAGER_INFO_KEY = "manager";

  Optional<DirectoryUser> findUser(String userId);

  default boolean userExists(String userId) {
    return userId != null && findUser(userId).isPresent();
  }

  boolean groupExists(String groupId);

  List<DirectoryUser> membersOf(String groupId);

  Set<String> groupsOf(String userId);

  default boolean isMember(String userId, String groupId) {
    return groupsOf(userId).contains(groupId);
  }

  Optional<String> managerOf(String userId);

  /**
   * The users whose line manager ({@link #managerOf}) is {@code managerId}, found in one look-up: a list that shows a
   * line manager their reports' records filters by these, rather than asking {@link #managerOf} for every row.
   */
  Set<String> reportsOf(String managerId);

  /** Adds a membership; returns false if it already existed. */
  boolean addMembership(String userId, String groupId);

  /** Removes a membership; returns false if there was none. */
  boolean removeMembership(String userId, String groupId);
}
