package io.sopflow.platform.process;

import io.sopflow.identity.Groups;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
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
 * permission on that process instance for {@code process-owners}.
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
 * <p>A built-in process start listener added to every version of the model as it is deployed: every start path
 * ({@code /api}, Tasklist's start form, an admin's {@code /engine-rest} start, with or without custom listeners)
 * passes it, and a process owner's new revision of the model cannot leave it out. Instances running before this rule
 * existed get the REVOKE from IdentitySetup on the next start.
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
      Context.getCommandContext().runWithoutAuthorization(() ->
          authorizations.saveAuthorization(revokeFromProcessOwners(authorizations, execution.getProcessInstanceId())));
    }
  };

  /** The REVOKE of every permission on the instance for process owners (not saved). */
  public static Authorization revokeFromProcessOwners(AuthorizationService authorizations, String processInstanceId) {
    Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
    revoke.setGroupId(Groups.PROCESS_OWNERS);
    revoke.setResource(Resources.PROCESS_INSTANCE);
    revoke.setResourceId(processInstanceId);
    revoke.removePermission(Permissions.ALL);
    return revoke;
  }
}
