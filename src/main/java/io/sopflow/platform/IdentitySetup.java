package io.sopflow.platform;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GLOBAL;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import io.sopflow.identity.Groups;
import io.sopflow.platform.process.ConfidentialInstances;
import io.sopflow.platform.process.DelegatedTasks;
import io.sopflow.platform.process.OwnAccountRights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.BatchPermissions;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The groups of DESIGN.md, the Camunda authorizations each needs, and the Tasklist filters everybody uses. These are
 * part of SOPFlow's contract, so they are ensured on every start (idempotently), in every profile. Users are not:
 * only the demo profile seeds them.
 *
 * <p>Start-up cost (issue #24): the whole set-up is one transaction that the engine's commands join, and what exists is
 * read once (the groups, the filters, the authorizations per resource) instead of one query per grant: a restart that
 * finds everything in place sends a few dozen selects and one commit, not about a hundred transactions.
 *
 * <p>Task permissions are not granted here: the engine grants a candidate group read and work on each task offered
 * to it, so nobody sees a task of a group they are not in (work, not update:
 * {@code platform/process/TaskAssignmentGuard}; grants made before it are narrowed here).
 */
@Component
class IdentitySetup implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(IdentitySetup.class);
  static final String FILTER_MY_GROUPS = "My group tasks";
  static final String FILTER_MY_TASKS = "My tasks";
  static final String FILTER_DELEGATED_TO_ME = "Delegated to me";

  private static final Map<String, String> GROUP_NAMES = Map.ofEntries(
      Map.entry(Groups.SERVICE_DESK, "Service desk"),
      Map.entry(Groups.SUPPORT_L2, "Support level 2"),
      Map.entry(Groups.SUPPORT_L3, "Support level 3"),
      Map.entry(Groups.INCIDENT_MANAGERS, "Incident managers"),
      Map.entry(Groups.CHANGE_MANAGERS, "Change managers"),
      Map.entry(Groups.CHANGE_ADVISORY_BOARD, "Change advisory board"),
      Map.entry(Groups.SECURITY_OFFICERS, "Security officers"),
      Map.entry(Groups.RELEASE_MANAGERS, "Release managers"),
      Map.entry(Groups.PROJECT_MANAGERS, "Project managers"),
      Map.entry(Groups.FINANCE, "Finance"),
      Map.entry(Groups.PROCESS_OWNERS, "Process owners"),
      Map.entry(Groups.MANAGERS, "Managers"),
      Map.entry(Groups.ADMINS, "Camunda administrators"),
      Map.entry(Groups.PROBLEM_MANAGERS, "Problem managers"),
      Map.entry(Groups.DATA_PROTECTION_OFFICERS, "Data protection officers"),
      Map.entry(Groups.VPN_USERS, "VPN users"),
      Map.entry(Groups.METRICS_READERS, "Metrics readers (monitoring accounts)"));

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;
  private final FilterService filterService;
  private final TaskService taskService;
  private final RuntimeService runtimeService;
  private final TransactionTemplate transaction;

  /** The set-up's view of what exists, filled as it is read; only used during {@link #afterPropertiesSet()}. */
  private final Set<String> groups = new HashSet<>();
  private final Set<String> filters = new HashSet<>();
  private final Map<String, List<Authorization>> authorizations = new HashMap<>();

  IdentitySetup(IdentityService identityService, AuthorizationService authorizationService, FilterService filterService,
      TaskService taskService, RuntimeService runtimeService, PlatformTransactionManager transactionManager) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.filterService = filterService;
    this.taskService = taskService;
    this.runtimeService = runtimeService;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  @Override
  public void afterPropertiesSet() {
    transaction.executeWithoutResult(status -> {
      groups.clear();
      filters.clear();
      authorizations.clear();
      identityService.createGroupQuery().list().forEach(group -> groups.add(group.getId()));
      filterService.createFilterQuery().list().forEach(filter -> filters.add(filter.getName()));
      ensureAll();
    });
    authorizations.clear();
  }

  private void ensureAll() {
    for (String groupId : Groups.ALL) {
      ensureGroup(groupId);
    }
    for (String groupId : Groups.ALL) {
      if (!groupId.equals(Groups.ADMINS)) {
        grant(groupId, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        // Reading definitions lets Tasklist show the diagram and the deployed form of a task.
        grant(groupId, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
        grant(groupId, Resources.DEPLOYMENT, ANY, Permissions.READ);
      }
    }
    // Managers watch everything in Cockpit and change nothing.
    grant(Groups.MANAGERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Groups.MANAGERS, Resources.PROCESS_DEFINITION, ANY, Permissions.READ, Permissions.READ_INSTANCE,
        Permissions.READ_HISTORY, Permissions.READ_TASK);
    grant(Groups.MANAGERS, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
    grant(Groups.MANAGERS, Resources.TASK, ANY, Permissions.READ);
    grant(Groups.MANAGERS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
    grant(Groups.MANAGERS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
    grant(Groups.MANAGERS, Resources.HISTORIC_TASK, ANY, HistoricTaskPermissions.READ);
    grant(Groups.MANAGERS, Resources.HISTORIC_PROCESS_INSTANCE, ANY, HistoricProcessInstancePermissions.READ);
    // Process owners change the SOPs: deploy from Modeler, read the definitions, watch the SOPs run in Cockpit and
    // retry their failed jobs. Nothing that deletes, suspends or moves instances, definitions or deployments: no
    // DELETE on deployments (cascade took every instance of an SOP and its history; a rejected revision stays
    // deployed and never starts), no UPDATE/DELETE/SUSPEND on definitions, no DELETE_INSTANCE/SUSPEND_INSTANCE, no
    // MIGRATE_INSTANCE (migrations go through POST /api/sops/{key}/migrations, only to the version in force, which runs
    // without the caller's engine rights). Not ALL either: that includes TASK_WORK/TASK_ASSIGN/UPDATE_TASK, i.e.
    // completing any person's task (four-eyes!), and CREATE_INSTANCE/UPDATE_INSTANCE_VARIABLE, i.e. starting or
    // steering an SOP past its REST API. Replaced, not added to, so databases set up with more are corrected on the
    // next start.
    grant(Groups.PROCESS_OWNERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grantExactly(Groups.PROCESS_OWNERS, Resources.DEPLOYMENT, ANY, Permissions.CREATE, Permissions.READ);
    grantExactly(Groups.PROCESS_OWNERS, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.RETRY_JOB,
        ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_TASK_VARIABLE,
        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
    // Decision tables: read them and their evaluations (Cockpit); no UPDATE or DELETE_HISTORY.
    grantExactly(Groups.PROCESS_OWNERS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
    grantExactly(Groups.PROCESS_OWNERS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
    grantReleaseStarts();
    // Every signed-in user may report an incident, through /api and Tasklist's start form alike (DESIGN.md).
    grantStartToEveryone("IncidentEscalationProcess", "IncidentPriority");
    // Every signed-in user may request access; project closures only project managers (admins pass every check).
    grantStartToEveryone("AccessProvisioningProcess");
    // Every signed-in user may request a change; the start form's listener evaluates the risk table.
    grantStartToEveryone("ChangeApprovalProcess", "ChangeRisk");
    grant(Groups.PROJECT_MANAGERS, Resources.PROCESS_DEFINITION, "ProjectClosureProcess",
        ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(Groups.PROJECT_MANAGERS, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    grantProblemStarts();
    // Security incidents: everyone reports (start form); only their working groups, managers and admins see them.
    grantStartToEveryone(SECURITY_INCIDENT_PROCESS, "SecuritySeverity");
    keepSecurityIncidentsConfidential();
    ensureFilters();
    // Service requests (issue 19): everyone may request a catalogue item; VPN access is membership of vpn-users.
    grantStartToEveryone("ServiceRequestProcess");
    ensureGroup(Groups.VPN_USERS);
    // Monitoring: a scraper's account belongs here, not to managers (who approve changes).
    ensureGroup(Groups.METRICS_READERS);
    // SOP migrations (issue 22): process owners watch the migration batches they start (POST /api/sops/{key}/migrations)
    // in Cockpit's Batches; a batch shows its type, counts and progress, no instance data.
    grant(Groups.PROCESS_OWNERS, Resources.BATCH, ANY, BatchPermissions.READ, BatchPermissions.READ_HISTORY);
    // SOP governance (issue 22): process owners see the review of a revision only through the review task's own
    // grant to its candidate group, which the per-task REVOKE for the revision's author overrides (four-eyes); their
    // READ_TASK on every definition would show the author the review of their own revision.
    revoke(Groups.PROCESS_OWNERS, Resources.PROCESS_DEFINITION, SOP_REVISION_PROCESS, List.of(
        ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_TASK_VARIABLE));
    narrowOwnAccounts();
    narrowTaskGrants();
  }

  /**
   * Users created before {@link OwnAccountRights} hold Camunda's default ALL on their own user, DELETE included: their
   * own grant becomes exactly read and update. Only rows that still allow DELETE are read, so a start after the first
   * reads none.
   */
  private void narrowOwnAccounts() {
    for (Authorization own : authorizationService.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .resourceType(Resources.USER).hasPermission(Permissions.DELETE).list()) {
      if (own.getUserId() != null && own.getUserId().equals(own.getResourceId())) {
        own.setPermissions(OwnAccountRights.PERMISSIONS.toArray(Permission[]::new));
        authorizationService.saveAuthorization(own);
      }
    }
  }

  /**
   * Before {@code platform/process/TaskAssignmentGuard} the engine granted a task's assignee, owner, candidate
   * users and candidate groups READ and UPDATE on it (Camunda's default), and UPDATE lets them hand the task to
   * anyone, change its candidates and its due date: on the tasks still running, those grants become READ and
   * TASK_WORK, what the engine grants now. Only grants that still allow UPDATE are read (none after the first
   * start). A grant on every task ({@code *}), and one that allows TASK_ASSIGN as well (given by hand to let someone
   * reassign), stay as they are.
   *
   * <p>This only tidies the rows: what keeps a task from being passed on is {@code TaskAssignmentGuard}, whose check
   * does not count UPDATE on one task. In a rolling upgrade a node of the old version goes on granting UPDATE on the
   * tasks it creates after this ran; those rows pass on nothing either ({@code TaskHandOverIntegrationTest}), and the
   * next start narrows them.
   */
  private void narrowTaskGrants() {
    int narrowed = 0;
    for (Authorization grant : authorizationService.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .resourceType(Resources.TASK).hasPermission(Permissions.UPDATE).list()) {
      if (!ANY.equals(grant.getResourceId()) && !grant.isPermissionGranted(Permissions.TASK_ASSIGN)) {
        grant.removePermission(Permissions.UPDATE);
        grant.addPermission(Permissions.TASK_WORK);
        authorizationService.saveAuthorization(grant);
        narrowed++;
      }
    }
    if (narrowed > 0) {
      log.info("Narrowed {} task grants of running tasks from UPDATE to TASK_WORK", narrowed);
    }
  }

  static final String SOP_REVISION_PROCESS = "SopRevisionProcess";

  /** Problems: raised by problem managers, support L2/L3 and incident managers (DESIGN.md), API and start form alike. */
  private void grantProblemStarts() {
    for (String groupId : List.of(Groups.PROBLEM_MANAGERS, Groups.SUPPORT_L2, Groups.SUPPORT_L3,
        Groups.INCIDENT_MANAGERS)) {
      grant(groupId, Resources.PROCESS_DEFINITION, "ProblemManagementProcess",
          ProcessDefinitionPermissions.CREATE_INSTANCE);
      grant(groupId, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    }
  }

  static final String SECURITY_INCIDENT_PROCESS = "SecurityIncidentProcess";

  /**
   * Security incidents are confidential (DESIGN.md): in Cockpit, Tasklist and {@code /engine-rest} only their candidate
   * groups (task grants the engine makes), managers and admins may see them. Process owners read every instance, task
   * and history through their grants on every definition and every process instance:
   * <ul>
   *   <li>a group REVOKE on this one definition takes its tasks and history from them (a resource-specific
   *   authorization takes precedence over the ANY grant of the same group);
   *   <li>their READ on every process instance stays (Cockpit's and {@code GET /engine-rest/process-instance}'s lists
   *   of the other SOPs need it: the global CREATE on every instance decides the instance part of Camunda's check as
   *   "not granted" without it, and the definition's READ_INSTANCE is then never asked), so each instance of this SOP
   *   gets a group REVOKE of everything for them as it starts ({@link ConfidentialInstances}): without it they read
   *   its variables ({@code /variable-instance}, {@code /process-instance/{id}/variables}) and saw it listed. Running
   *   instances started before that rule get theirs here;
   *   <li>a group REVOKE of READ_HISTORY on the severity table: its evaluations hold a security incident's inputs;
   *   <li>their READ on every task is dropped: it duplicated the definition grant and cannot be narrowed per
   *   definition.
   * </ul>
   * Each of these REVOKEs comes with the reader groups' GRANT, on the same resource, of what they hold on every
   * resource of its type: a group REVOKE on one resource beats another group's GRANT on ANY, so a manager who is also a
   * process owner saw none of it (ConfidentialInstances says why a GRANT on the resource is the cure).
   */
  private void keepSecurityIncidentsConfidential() {
    grantExactly(Groups.PROCESS_OWNERS, Resources.PROCESS_INSTANCE, ANY, Permissions.READ,
        ProcessInstancePermissions.RETRY_JOB);
    withdraw(Groups.PROCESS_OWNERS, Resources.TASK, ANY, Permissions.READ);
    hideFromProcessOwners(Resources.PROCESS_DEFINITION, SECURITY_INCIDENT_PROCESS, List.of(
        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
        ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_TASK_VARIABLE,
        ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE));
    hideFromProcessOwners(Resources.DECISION_DEFINITION, SECURITY_SEVERITY_DECISION, List.of(
        Permissions.READ_HISTORY, Permissions.DELETE_HISTORY));
    hideRunningConfidentialInstances();
  }

  static final String SECURITY_SEVERITY_DECISION = "SecuritySeverity";

  /** The process owners' REVOKE of these permissions on one resource, and the reader groups' GRANT of theirs there. */
  private void hideFromProcessOwners(Resource resource, String resourceId, List<Permission> permissions) {
    revoke(Groups.PROCESS_OWNERS, resource, resourceId, permissions);
    ConfidentialInstances.keptByReaders(authorizationService, resource, permissions).forEach((group, kept) ->
        grant(group, resource, resourceId, kept.toArray(Permission[]::new)));
  }

  /**
   * The per-instance rows of {@link ConfidentialInstances} that a running instance lacks: it started before the rule
   * (or before the readers' GRANT was part of it), or an administrator deleted one.
   */
  private void hideRunningConfidentialInstances() {
    List<String> running = new ArrayList<>();
    for (String key : ConfidentialInstances.PROCESS_KEYS) {
      runtimeService.createProcessInstanceQuery().processDefinitionKey(key).list()
          .forEach(instance -> running.add(instance.getId()));
    }
    if (running.isEmpty()) {
      return;
    }
    Set<String> present = new HashSet<>();
    List<String> groupIds = new ArrayList<>(ConfidentialInstances.READERS);
    groupIds.add(Groups.PROCESS_OWNERS);
    authorizationService.createAuthorizationQuery().resourceType(Resources.PROCESS_INSTANCE)
        .groupIdIn(groupIds.toArray(String[]::new)).list().forEach(a -> present.add(instanceRow(a)));
    ConfidentialInstances.hideFromProcessOwners(authorizationService, running).stream()
        .filter(wanted -> !present.contains(instanceRow(wanted)))
        .forEach(authorizationService::saveAuthorization);
  }

  private static String instanceRow(Authorization authorization) {
    return authorization.getAuthorizationType() + "|" + authorization.getGroupId() + "|"
        + authorization.getResourceId();
  }

  /** A group's REVOKE of these permissions on one resource, created or completed. */
  private void revoke(String groupId, Resource resource, String resourceId, List<Permission> permissions) {
    Authorization existing = existing(Authorization.AUTH_TYPE_REVOKE, groupId, resource, resourceId);
    Authorization revoke = existing != null ? existing
        : authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
    if (existing == null) {
      revoke.setGroupId(groupId);
      revoke.setResource(resource);
      revoke.setResourceId(resourceId);
    }
    boolean changed = existing == null;
    for (Permission permission : permissions) {
      if (!revoke.isPermissionRevoked(permission)) {
        revoke.removePermission(permission);
        changed = true;
      }
    }
    if (changed) {
      save(revoke);
    }
  }

  /** Takes one permission away from a group's GRANT, if it has it. */
  private void withdraw(String groupId, Resource resource, String resourceId, Permission permission) {
    Authorization existing = existing(AUTH_TYPE_GRANT, groupId, resource, resourceId);
    if (existing != null && existing.isPermissionGranted(permission)) {
      existing.removePermission(permission);
      save(existing);
    }
  }

  /**
   * Tasklist's "Start process" (and {@code /engine-rest/.../submit-form}) for the release SOP, by the same rule as
   * {@code POST /api/releases}: only release managers (admins pass every check). Starting needs CREATE_INSTANCE on the
   * definition and CREATE on process instances; the start form's listener checks the group again.
   */
  private void grantReleaseStarts() {
    grant(Groups.RELEASE_MANAGERS, Resources.PROCESS_DEFINITION, "ReleaseDeploymentProcess",
        ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(Groups.RELEASE_MANAGERS, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
  }

  /**
   * Every signed-in user may start the process from Tasklist's "Start process" (its start form): CREATE_INSTANCE on
   * the definition and CREATE on process instances, as global authorizations. The start form's listener raises the
   * record as {@code POST /api/...} does, inside the user's engine authentication, so decisions it evaluates need
   * CREATE_INSTANCE too.
   */
  private void grantStartToEveryone(String processKey, String... decisionKeys) {
    grantGlobal(Resources.PROCESS_DEFINITION, processKey, ProcessDefinitionPermissions.CREATE_INSTANCE);
    grantGlobal(Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    for (String decisionKey : decisionKeys) {
      grantGlobal(Resources.DECISION_DEFINITION, decisionKey, Permissions.CREATE_INSTANCE);
    }
  }

  private void grantGlobal(Resource resource, String resourceId, Permission permission) {
    Authorization existing = existing(AUTH_TYPE_GLOBAL, null, resource, resourceId);
    Authorization authorization = existing != null ? existing
        : authorizationService.createNewAuthorization(AUTH_TYPE_GLOBAL);
    if (existing == null) {
      authorization.setUserId(ANY);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    }
    if (!authorization.isPermissionGranted(permission)) {
      authorization.addPermission(permission);
      save(authorization);
    }
  }

  private void ensureGroup(String groupId) {
    if (!groups.add(groupId)) {
      return;
    }
    Group group = identityService.newGroup(groupId);
    group.setName(GROUP_NAMES.get(groupId));
    group.setType(groupId.equals(Groups.ADMINS) ? "SYSTEM" : "WORKFLOW");
    identityService.saveGroup(group);
    log.info("Created group {}", groupId);
  }

  private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = existing(AUTH_TYPE_GRANT, groupId, resource, resourceId);
    Authorization authorization = existing != null ? existing : authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
    if (existing == null) {
      authorization.setGroupId(groupId);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    }
    boolean missing = false;
    for (Permission permission : permissions) {
      if (!authorization.isPermissionGranted(permission)) {
        authorization.addPermission(permission);
        missing = true;
      }
    }
    if (missing) {
      save(authorization);
    }
  }

  /** Sets the group's permissions on the resource to exactly these (removing any others, e.g. an earlier ALL). */
  private void grantExactly(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = existing(AUTH_TYPE_GRANT, groupId, resource, resourceId);
    Authorization authorization = existing != null ? existing : authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
    if (existing == null) {
      authorization.setGroupId(groupId);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    } else {
      Set<Integer> wanted = new HashSet<>();
      for (Permission permission : permissions) {
        wanted.add(permission.getValue());
      }
      boolean same = permissionsOf(resource).stream()
          .allMatch(p -> existing.isPermissionGranted(p) == wanted.contains(p.getValue()));
      if (same) {
        return;
      }
    }
    authorization.setPermissions(permissions);
    save(authorization);
  }

  /** Every single permission that applies to the resource type (not NONE or ALL). */
  private static List<Permission> permissionsOf(Resource resource) {
    List<Permission> all = new java.util.ArrayList<>();
    for (Permission[] kind : List.<Permission[]>of(Permissions.values(), ProcessDefinitionPermissions.values(),
        ProcessInstancePermissions.values())) {
      for (Permission permission : kind) {
        boolean applies = java.util.Arrays.stream(permission.getTypes())
            .anyMatch(type -> type.resourceType() == resource.resourceType());
        if (applies && permission.getValue() != 0 && permission.getValue() != Integer.MAX_VALUE
            && all.stream().noneMatch(p -> p.getValue() == permission.getValue())) {
          all.add(permission);
        }
      }
    }
    return all;
  }

  /**
   * The group's (or, for a global one, everybody's) authorization of this type on the resource, or null. The
   * authorizations of one resource id are read in one query, the first time one of them is asked for.
   */
  private Authorization existing(int type, String groupId, Resource resource, String resourceId) {
    List<Authorization> onResource = authorizations.computeIfAbsent(resource.resourceType() + ":" + resourceId,
        key -> authorizationService.createAuthorizationQuery().resourceType(resource).resourceId(resourceId).list());
    return onResource.stream()
        .filter(a -> a.getAuthorizationType() == type)
        .filter(a -> type == AUTH_TYPE_GLOBAL ? ANY.equals(a.getUserId()) : groupId.equals(a.getGroupId()))
        .findFirst().orElse(null);
  }

  /** Saves it and forgets what was read of its resource: a later look at it reads the row as the engine wrote it. */
  private void save(Authorization authorization) {
    authorizationService.saveAuthorization(authorization);
    authorizations.remove(authorization.getResourceType() + ":" + authorization.getResourceId());
  }

  private void ensureFilters() {
    // Candidate user, not candidate groups: a task offered to one person by name (a line manager's approval) must
    // show as well as the tasks offered to their groups; the engine resolves the user's groups itself.
    ensureFilter(FILTER_MY_GROUPS, -10, taskService.createTaskQuery()
        .taskCandidateUserExpression("${currentUser()}").includeAssignedTasks());
    ensureFilter(FILTER_MY_TASKS, -5, taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
    // Delegation (io.sopflow.delegation): a task offered to a substitute has the substitute as owner
    // (platform/process/DelegatedTasks), and the filter shows whom it came from.
    ensureFilter(FILTER_DELEGATED_TO_ME, -3, taskService.createTaskQuery().taskOwnerExpression("${currentUser()}"),
        List.of(Map.of("name", DelegatedTasks.DELEGATED_FROM, "label", "Delegated from")));
    ensureAtRiskFilters();
  }

  // ---- SLA reporting (issue 18): "At risk" per support group -------------------------------------------------------

  static final String FILTER_AT_RISK = "At risk: ";
  static final List<String> AT_RISK_GROUPS = List.of(Groups.SERVICE_DESK, Groups.SUPPORT_L2, Groups.SUPPORT_L3);

  /**
   * One filter per support group: its open tasks due within the next hour (or overdue), soonest first, readable by
   * the group's members. The due dates are the SLA dates every task carries, so "at risk" means its SLA is.
   */
  private void ensureAtRiskFilters() {
    for (String group : AT_RISK_GROUPS) {
      String name = FILTER_AT_RISK + group;
      if (!filters.add(name)) {
        continue;
      }
      TaskQuery query = taskService.createTaskQuery().taskCandidateGroup(group).includeAssignedTasks()
          .dueBeforeExpression("${dateTime().plusHours(1)}").orderByDueDate().asc();
      Filter filter = filterService.newTaskFilter(name).setOwner("admin").setQuery(query)
          .setProperties(Map.of("priority", -8, "description", "Tasks of " + GROUP_NAMES.get(group)
              + " due within the next hour", "refresh", true, "variables", List.of()));
      filterService.saveFilter(filter);
      grant(group, Resources.FILTER, filter.getId(), Permissions.READ);
      for (String overseer : List.of(Groups.INCIDENT_MANAGERS, Groups.MANAGERS)) {
        grant(overseer, Resources.FILTER, filter.getId(), Permissions.READ);
      }
    }
  }

  private void ensureFilter(String name, int priority, TaskQuery query) {
    ensureFilter(name, priority, query, List.of());
  }

  private void ensureFilter(String name, int priority, TaskQuery query, List<Map<String, String>> variables) {
    if (!filters.add(name)) {
      return;
    }
    Filter filter = filterService.newTaskFilter(name)
        .setOwner("admin")
        .setQuery(query)
        .setProperties(Map.of("priority", priority, "description", name, "refresh", true,
            "variables", variables));
    filterService.saveFilter(filter);
    // Every user may read the shared filters.
    Authorization everybody = authorizationService.createNewAuthorization(AUTH_TYPE_GLOBAL);
    everybody.setUserId(ANY);
    everybody.setResource(Resources.FILTER);
    everybody.setResourceId(filter.getId());
    everybody.addPermission(Permissions.READ);
    authorizationService.saveAuthorization(everybody);
  }
}
