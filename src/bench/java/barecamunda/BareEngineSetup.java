package barecamunda;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The users the benchmark drives (password {@code demo}, like SOPFlow's demo profile) and the engine authorizations
 * they need to do through the bare REST API what they do in SOPFlow: the service desk starts instances and reads them;
 * tasks are granted to candidate groups and assignees by the engine itself, as in SOPFlow.
 */
@Component
class BareEngineSetup implements InitializingBean {

  private static final Map<String, List<String>> USERS = Map.of(
      "desk", List.of("service-desk"),
      "l2", List.of("support-l2"),
      "l3", List.of("support-l3"),
      "incman", List.of("incident-managers"));

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;

  BareEngineSetup(IdentityService identityService, AuthorizationService authorizationService) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
  }

  @Override
  public void afterPropertiesSet() {
    for (Map.Entry<String, List<String>> entry : USERS.entrySet()) {
      for (String groupId : entry.getValue()) {
        if (identityService.createGroupQuery().groupId(groupId).count() == 0) {
          Group group = identityService.newGroup(groupId);
          group.setName(groupId);
          group.setType("WORKFLOW");
          identityService.saveGroup(group);
        }
      }
      if (identityService.createUserQuery().userId(entry.getKey()).count() == 0) {
        User user = identityService.newUser(entry.getKey());
        user.setFirstName(entry.getKey());
        user.setLastName("Bench");
        user.setEmail(entry.getKey() + "@sopflow.local");
        user.setPassword("demo");
        identityService.saveUser(user);
        for (String groupId : entry.getValue()) {
          identityService.createMembership(entry.getKey(), groupId);
        }
      }
    }
    grant("service-desk", Resources.PROCESS_DEFINITION, ANY, Permissions.READ, Permissions.CREATE_INSTANCE);
    grant("service-desk", Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE, Permissions.READ);
  }

  private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizationService.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
    Authorization authorization = existing != null ? existing : authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
    if (existing == null) {
      authorization.setGroupId(groupId);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    }
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizationService.saveAuthorization(authorization);
  }
}
