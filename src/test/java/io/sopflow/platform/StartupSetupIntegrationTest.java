package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.identity.Directory;
import io.sopflow.identity.Groups;
import io.sopflow.support.IntegrationTestBase;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The start-up set-up (groups, authorizations, filters, demo users) runs in one transaction and reads what exists in
 * bulk (issue #24); these pin down that it still does what it did: a second start changes nothing, and a start
 * restores what an administrator changed or removed.
 */
class StartupSetupIntegrationTest extends IntegrationTestBase {

  @Autowired IdentitySetup identitySetup;
  @Autowired DemoUsers demoUsers;
  @Autowired AuthorizationService authorizationService;
  @Autowired IdentityService identityService;
  @Autowired FilterService filterService;
  @Autowired ProcessEngineConfigurationImpl engineConfiguration;
  @Autowired UnchangedSchemaSkip unchangedSchemaSkip;
  @Autowired SpringLiquibase liquibase;
  @Autowired DataSource dataSource;
  @Autowired ConfigurableListableBeanFactory beanFactory;

  @Test
  void startingAgainChangesNothing() {
    Set<String> authorizations = setUpAuthorizations();
    Set<String> groups = groups();
    Set<String> filters = filters();
    Set<String> users = users();

    identitySetup.afterPropertiesSet();
    demoUsers.afterPropertiesSet();

    assertThat(setUpAuthorizations()).isEqualTo(authorizations);
    assertThat(groups()).isEqualTo(groups).containsAll(Groups.ALL).contains(Groups.VPN_USERS);
    assertThat(filters()).isEqualTo(filters).contains(IdentitySetup.FILTER_MY_GROUPS, IdentitySetup.FILTER_MY_TASKS,
        IdentitySetup.FILTER_DELEGATED_TO_ME, IdentitySetup.FILTER_AT_RISK + Groups.SUPPORT_L2);
    assertThat(users()).isEqualTo(users);
  }

  @Test
  void startingAgainRestoresWhatAnAdministratorChanged() {
    // A running security incident: its instance's REVOKE for process owners (ConfidentialInstances) is restored too,
    // and so are the managers' GRANTs on it and on its definition that keep it visible to a manager who is also a
    // process owner.
    String secInstance = as("desk").post().uri("/api/security-incidents")
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .body(java.util.Map.of("title", "Startup: odd mail", "description", "a link", "category", "PHISHING",
            "detectedAt", java.time.OffsetDateTime.now().minusHours(1).withNano(0).toString()))
        .retrieve().body(com.fasterxml.jackson.databind.JsonNode.class).path("processInstanceId").asText();
    Set<String> expected = setUpAuthorizations();
    assertThat(expected).anyMatch(a -> a.startsWith("2|" + Groups.PROCESS_OWNERS + "|"
        + Resources.PROCESS_INSTANCE.resourceType() + "|" + secInstance + "|"));
    assertThat(expected).contains("1|" + Groups.MANAGERS + "|" + Resources.PROCESS_INSTANCE.resourceType() + "|"
        + secInstance + "|NONE,READ");
    // Process owners widened to ALL (corrected to exactly their list), managers' Cockpit access deleted, everybody's
    // right to report incidents narrowed, the confidentiality REVOKE on security incidents deleted.
    Authorization owners = grantOf(Groups.PROCESS_OWNERS, Resources.PROCESS_DEFINITION.resourceType(), "*");
    owners.setPermissions(new Permission[] {ProcessDefinitionPermissions.ALL});
    authorizationService.saveAuthorization(owners);
    authorizationService.deleteAuthorization(
        grantOf(Groups.MANAGERS, Resources.APPLICATION.resourceType(), "cockpit").getId());
    Authorization incidents = authorizationService.createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_GLOBAL).resourceType(Resources.PROCESS_DEFINITION)
        .resourceId("IncidentEscalationProcess").singleResult();
    incidents.removePermission(ProcessDefinitionPermissions.CREATE_INSTANCE);
    authorizationService.saveAuthorization(incidents);
    authorizationService.deleteAuthorization(authorizationService.createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_REVOKE).groupIdIn(Groups.PROCESS_OWNERS)
        .resourceType(Resources.PROCESS_DEFINITION).resourceId(IdentitySetup.SECURITY_INCIDENT_PROCESS)
        .singleResult().getId());
    // Process owners' rights widened as they were before: deployments deleted, every right on decisions, and the
    // REVOKE on the security incident's instance deleted.
    Authorization deployments = grantOf(Groups.PROCESS_OWNERS, Resources.DEPLOYMENT.resourceType(), "*");
    deployments.addPermission(Permissions.DELETE);
    authorizationService.saveAuthorization(deployments);
    Authorization decisions = grantOf(Groups.PROCESS_OWNERS, Resources.DECISION_DEFINITION.resourceType(), "*");
    decisions.setPermissions(new Permission[] {Permissions.ALL});
    authorizationService.saveAuthorization(decisions);
    authorizationService.deleteAuthorization(authorizationService.createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_REVOKE).groupIdIn(Groups.PROCESS_OWNERS)
        .resourceType(Resources.PROCESS_INSTANCE).resourceId(secInstance).singleResult().getId());
    authorizationService.deleteAuthorization(grantOf(Groups.MANAGERS, Resources.PROCESS_INSTANCE.resourceType(),
        secInstance).getId());
    authorizationService.deleteAuthorization(grantOf(Groups.MANAGERS, Resources.PROCESS_DEFINITION.resourceType(),
        IdentitySetup.SECURITY_INCIDENT_PROCESS).getId());
    identityService.deleteUserInfo("dpo", Directory.MANAGER_INFO_KEY);
    assertThat(setUpAuthorizations()).isNotEqualTo(expected);

    identitySetup.afterPropertiesSet();
    demoUsers.afterPropertiesSet();

    assertThat(setUpAuthorizations()).isEqualTo(expected);
    assertThat(grantOf(Groups.PROCESS_OWNERS, Resources.PROCESS_DEFINITION.resourceType(), "*")
        .isPermissionGranted(ProcessDefinitionPermissions.UPDATE_TASK)).isFalse();
    assertThat(identityService.getUserInfo("dpo", Directory.MANAGER_INFO_KEY)).isEqualTo(DemoUsers.LINE_MANAGER);
  }

  /**
   * A new user may read and update their own account, not delete it (OwnAccountRights); an account made before that
   * rule, with Camunda's default ALL, is narrowed on the next start.
   */
  @Test
  void aPersonMayNotDeleteTheirOwnAccountAndOlderAccountsAreNarrowedOnStart() {
    String id = "acct" + System.nanoTime();
    User user = identityService.newUser(id);
    user.setEmail(id + "@sopflow.local");
    identityService.saveUser(user);
    try {
      Authorization own = ownAccount(id);
      assertThat(permissions(own)).isEqualTo("NONE,READ,UPDATE"); // NONE: how a GRANT reads back

      own.setPermissions(new Permission[] {Permissions.ALL}); // as Camunda's default left it
      authorizationService.saveAuthorization(own);
      assertThat(ownAccount(id).isPermissionGranted(Permissions.DELETE)).isTrue();

      identitySetup.afterPropertiesSet();

      assertThat(permissions(ownAccount(id))).isEqualTo("NONE,READ,UPDATE");
      assertThat(identityService.createUserQuery().userId(id).count()).isOne();
    } finally {
      identityService.deleteUser(id);
    }
  }

  private Authorization ownAccount(String userId) {
    return authorizationService.createAuthorizationQuery().userIdIn(userId).resourceType(Resources.USER)
        .resourceId(userId).singleResult();
  }

  @Test
  void aDeletedDemoUserIsSeededAgainWithItsGroupAndLineManager() {
    identityService.deleteUser("probman");

    demoUsers.afterPropertiesSet();

    assertThat(identityService.createUserQuery().userId("probman").memberOfGroup(Groups.PROBLEM_MANAGERS).count())
        .isOne();
    assertThat(identityService.checkPassword("probman", DemoUsers.PASSWORD)).isTrue();
    assertThat(identityService.getUserInfo("probman", Directory.MANAGER_INFO_KEY)).isEqualTo(DemoUsers.LINE_MANAGER);
  }

  @Test
  void theMigrationLeavesTheFingerprintThatLetsTheNextStartSkipLiquibase() {
    // Issue #24: UnchangedSchemaSkip (UnchangedSchemaSkipTest runs the second start).
    assertThat(new JdbcTemplate(dataSource).queryForObject("select fingerprint from sopflow_schema_state where id = 1",
        String.class)).isEqualTo(unchangedSchemaSkip.fingerprintOf(liquibase));
  }

  @Test
  void theFingerprintIsReadAndWrittenUnderTheStartupLock() {
    // StartupLock must take the lock before UnchangedSchemaSkip reads the fingerprint of the Liquibase bean.
    List<Class<?>> order = ((AbstractBeanFactory) beanFactory).getBeanPostProcessors().stream()
        .<Class<?>>map(Object::getClass).toList();
    assertThat(order).contains(StartupLock.class, UnchangedSchemaSkip.class);
    assertThat(order.indexOf(StartupLock.class)).isLessThan(order.indexOf(UnchangedSchemaSkip.class));
  }

  private Authorization grantOf(String group, int resourceType, String resourceId) {
    return authorizationService.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GRANT)
        .groupIdIn(group).resourceType(resourceType).resourceId(resourceId).singleResult();
  }

  /**
   * Every group and global authorization except those the engine makes per task and per filter (tasks come and go
   * with the other tests), as type, owner, resource and permissions.
   */
  private Set<String> setUpAuthorizations() {
    return authorizationService.createAuthorizationQuery().list().stream()
        .filter(a -> a.getGroupId() != null || "*".equals(a.getUserId()))
        .filter(a -> !(a.getResourceType() == Resources.TASK.resourceType() && !"*".equals(a.getResourceId())))
        .filter(a -> a.getResourceType() != Resources.FILTER.resourceType())
        .map(a -> a.getAuthorizationType() + "|" + (a.getGroupId() != null ? a.getGroupId() : a.getUserId()) + "|"
            + a.getResourceType() + "|" + a.getResourceId() + "|" + permissions(a))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The permissions granted (by a GRANT or GLOBAL) or revoked (by a REVOKE), by name. */
  private String permissions(Authorization authorization) {
    Permission[] known = engineConfiguration.getPermissionProvider()
        .getPermissionsForResource(authorization.getResourceType());
    return Arrays.stream(authorization.getPermissions(known)).map(Permission::getName).sorted()
        .collect(Collectors.joining(","));
  }

  private Set<String> groups() {
    return identityService.createGroupQuery().list().stream().map(Group::getId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<String> filters() {
    List<Filter> all = filterService.createFilterQuery().list();
    return all.stream().map(Filter::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<String> users() {
    return identityService.createUserQuery().list().stream().map(User::getId)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
