package io.sopflow.platform.process;

import io.sopflow.identity.Groups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Confidential SOPs (the security incident SOP, DESIGN.md): every instance gets, as it starts, a group REVOKE of every
 * permission on that process instance for {@code process-owners}, and each of its {@link #READERS} groups a group GRANT
 * there of what it holds on every process instance.
 *
 * <p>Why per instance: process owners hold READ on every process instance (IdentitySetup), and Camunda authorizes
 * reading an instance, its variables ({@code /engine-rest/variable-instance}, {@code /process-instance/{id}/variables}),
 * jobs and activity tree by a disjunctive check "permission on the process instance, else on its definition" whose
 * first decided part wins. The owners' READ on the instance decides it, so a REVOKE on the definition alone does not
 * hide the variables. Nor can that READ be dropped for a READ_INSTANCE on the definitions: the global CREATE on every
 * process instance (everybody may report an incident) decides the instance part as "not granted" for anyone without a
 * user or group authorization there, and the instance lists then show process owners nothing. A REVOKE on the
 * instance itself decides it for the owners, and only for this instance.
 *
 * <p>Why the readers' GRANT on the same instance: Camunda decides a permission by the caller's own authorizations
 * first, then by their groups', each time one on this very resource before one on every resource (ANY), and among
 * group authorizations on one resource a GRANT before a REVOKE (user guide, "Authorization Service", "Authorization
 * Precedence"; the {@code authCheck} SQL of the engine's {@code Authorization.xml}). So the owners' REVOKE on the
 * instance beat the managers' GRANT on ANY, and a manager who is also a process owner saw no security incident; the
 * managers' GRANT on the instance beats the REVOKE. Group rows, not rows per person: whoever joins or leaves a reader
 * group later sees the running instances or stops seeing them with no row rewritten, and a process owner in no reader
 * group still sees nothing. The owners' REVOKEs on the definition and on the severity table follow the same rule
 * ({@link #keptByReaders}, IdentitySetup).
 *
 * <p>A built-in process start listener added to every version of the model as it is deployed: every start path
 * ({@code /api}, Tasklist's start form, an admin's {@code /engine-rest} start, with or without custom listeners)
 * passes it, and a process owner's new revision of the model cannot leave it out. Instances running before this rule
 * existed get their rows from IdentitySetup on the next start.
 */
@Component
public class ConfidentialInstances extends AbstractProcessEnginePlugin {

  /** The keys of the confidential SOPs. */
  public static final Set<String> PROCESS_KEYS = Set.of("SecurityIncidentProcess");

  /**
   * Who may know about every instance of a confidential SOP, even how many run: its working groups and the overseers
   * (DESIGN.md). Everyone else sees only the instances they reported.
   */
  public static final Set<String> READERS = Set.of(Groups.SECURITY_OFFICERS, Groups.DATA_PROTECTION_OFFICERS,
      Groups.MANAGERS, Groups.ADMINS);

  /** Whether someone in these groups may know how many instances of this SOP run. */
  public static boolean mayCount(String processKey, Set<String> groups) {
    return !PROCESS_KEYS.contains(processKey) || groups.stream().anyMatch(READERS::contains);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    EngineExtensions.addPostParseListener(configuration, new AbstractBpmnParseListener() {
      @Override
      public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        if (PROCESS_KEYS.contains(processDefinition.getKey())) {
          processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, HIDE_FROM_PROCESS_OWNERS);
        }
      }
    });
  }

  private static final ExecutionListener HIDE_FROM_PROCESS_OWNERS = execution -> {
    if (execution.getId().equals(execution.getProcessInstanceId())) {
      AuthorizationService authorizations = execution.getProcessEngineServices().getAuthorizationService();
      Context.getCommandContext().runWithoutAuthorization(() -> {
        hideFromProcessOwners(authorizations, List.of(execution.getProcessInstanceId()))
            .forEach(authorizations::saveAuthorization);
        return null;
      });
    }
  };

  /** Every permission on a process instance, for what the readers keep of their GRANT on every instance. */
  private static final List<Permission> INSTANCE_PERMISSIONS = Arrays.stream(ProcessInstancePermissions.values())
      .filter(p -> p != ProcessInstancePermissions.NONE && p != ProcessInstancePermissions.ALL).map(p -> (Permission) p)
      .toList();

  /**
   * The authorizations of these instances (not saved): per instance, the REVOKE of every permission for process owners
   * and, for each reader group, a GRANT of what the group holds on every process instance.
   */
  public static List<Authorization> hideFromProcessOwners(AuthorizationService authorizations,
      Collection<String> processInstanceIds) {
    Map<String, List<Permission>> kept =
        keptByReaders(authorizations, Resources.PROCESS_INSTANCE, INSTANCE_PERMISSIONS);
    List<Authorization> hiding = new ArrayList<>();
    for (String instance : processInstanceIds) {
      Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
      revoke.setGroupId(Groups.PROCESS_OWNERS);
      revoke.setResource(Resources.PROCESS_INSTANCE);
      revoke.setResourceId(instance);
      revoke.removePermission(Permissions.ALL);
      hiding.add(revoke);
      kept.forEach((group, permissions) -> {
        Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setGroupId(group);
        grant.setResource(Resources.PROCESS_INSTANCE);
        grant.setResourceId(instance);
        permissions.forEach(grant::addPermission);
        hiding.add(grant);
      });
    }
    return hiding;
  }

  /**
   * Of {@code permissions}, which a REVOKE for process owners takes from them on one resource of this type, those each
   * reader group holds on every resource of the type (its GRANT on ANY): what it is granted on that one resource too,
   * so that its members who are also process owners keep them. Reader groups that hold none of them are left out.
   */
  public static Map<String, List<Permission>> keptByReaders(AuthorizationService authorizations, Resource resource,
      List<Permission> permissions) {
    Map<String, List<Permission>> kept = new TreeMap<>();
    // Not the engine's admins: the engine checks nothing for them, so a row for them would be one more per instance.
    String[] checked = READERS.stream().filter(group -> !group.equals(Groups.ADMINS)).toArray(String[]::new);
    for (Authorization any : authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GRANT)
        .groupIdIn(checked).resourceType(resource).resourceId(Authorization.ANY).list()) {
      List<Permission> held = permissions.stream().filter(any::isPermissionGranted).toList();
      if (!held.isEmpty()) {
        kept.put(any.getGroupId(), held);
      }
    }
    return kept;
  }
}
