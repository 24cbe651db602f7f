package io.sopflow.access;

import io.sopflow.identity.Directory;
import org.springframework.stereotype.Component;

/**
 * SOPFlow's own identity store: the resource key is a group id, access is membership of that group. A member of
 * {@code finance} sees the finance tasks in Tasklist and may work on them.
 */
@Component
class IdentityGroupConnector implements AccessConnector {

  static final String TYPE = "identity-group";

  private final Directory directory;

  IdentityGroupConnector(Directory directory) {
    this.directory = directory;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void grant(String user, String resourceKey) {
    requireGroup(resourceKey);
    directory.addMembership(user, resourceKey);
  }

  @Override
  public void revoke(String user, String resourceKey) {
    directory.removeMembership(user, resourceKey);
  }

  @Override
  public boolean hasAccess(String user, String resourceKey) {
    return directory.isMember(user, resourceKey);
  }

  private void requireGroup(String groupId) {
    if (!directory.groupExists(groupId)) {
      throw new IllegalStateException("Group " + groupId + " does not exist in the identity store");
    }
  }
}
