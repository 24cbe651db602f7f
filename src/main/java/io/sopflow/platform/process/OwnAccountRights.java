package io.sopflow.platform.process;

import java.util.List;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.springframework.stereotype.Component;

/**
 * What a person may do with their own account: read it, and change their name, e-mail and password (Tasklist's and
 * Admin's profile page). Not delete it: Camunda's default gives every new user ALL on their own user, so anyone could
 * {@code DELETE /engine-rest/user/{self}} and leave the SOPs' tasks, approvals and audit trail naming a person who no
 * longer exists; an account ends through the leaver SOP ({@code POST /api/leavers}) or an administrator.
 *
 * <p>Camunda's other defaults stay (a group's members read it, a task's assignee and candidates work on it, ...). Users
 * created before this rule keep ALL until the next start, when {@code IdentitySetup} narrows them.
 */
@Component
public class OwnAccountRights extends AbstractProcessEnginePlugin {

  /** The permissions a person holds on their own user. */
  public static final List<Permission> PERMISSIONS = List.of(Permissions.READ, Permissions.UPDATE);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setResourceAuthorizationProvider(new DefaultAuthorizationProvider() {
      @Override
      public AuthorizationEntity[] newUser(User user) {
        AuthorizationEntity[] defaults = super.newUser(user); // checks the id as Camunda does
        for (AuthorizationEntity authorization : defaults) {
          if (Resources.USER.resourceType() == authorization.getResourceType()
              && user.getId().equals(authorization.getResourceId())) {
            authorization.setPermissions(PERMISSIONS.toArray(Permission[]::new));
          }
        }
        return defaults;
      }
    });
  }
}
