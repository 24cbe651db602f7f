package io.sopflow.platform.process;

import static io.sopflow.platform.process.CommandFields.field;
import static io.sopflow.platform.process.CommandFields.read;

import io.sopflow.domain.ForbiddenException;
import java.lang.reflect.Field;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.camunda.bpm.engine.impl.cmd.AbstractAddIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetTaskPropertyCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.db.PermissionCheckBuilder;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.DelegationState;
import org.springframework.stereotype.Component;

/**
 * Who a task is for is decided by its model and by SOPFlow (an escalation, a delegation in force, an admin), never by
 * a person it is offered to: they work it (claim it for themselves, return their own claim, complete it), and cannot
 * give it to someone else, change its candidates or its owner, delegate it or edit it (its due date moves it out of
 * Tasklist's "at risk" filters). Otherwise anyone offered a four-eyes or group-only decision could hand it to whom
 * they liked: a release manager assigned the GO of his own release to someone outside the group, whose GO counted.
 *
 * <p>Two parts:
 * <ul>
 *   <li>What the engine grants a task's assignee, owner, candidate users and candidate groups is {@code READ} and
 *   {@code TASK_WORK} ({@code defaultUserPermissionNameForTask}), not Camunda's default {@code UPDATE}: with
 *   {@code TASK_WORK} the engine lets them claim, complete, submit the form and resolve, and refuses with 403 what
 *   needs {@code TASK_ASSIGN}: setting the assignee ({@code POST /task/{id}/assignee}, Tasklist's assignee field),
 *   {@code /delegate}, the owner, adding or removing candidate users and groups ({@code /identity-links}),
 *   {@code PUT /task/{id}}. Set here, not in {@code application.yml}, so that no configuration gives it back.
 *   Camunda's own check for these ({@code checkTaskAssign}) also accepts {@code UPDATE} on the task, which the engine
 *   granted them under the old default: rows granted so before the upgrade are narrowed at start-up
 *   ({@code platform/IdentitySetup}), but in a rolling upgrade a node of the old version keeps writing such rows after
 *   the new nodes started. So here {@code UPDATE} on one task no longer passes on a task ({@link NoHandOverByUpdate}):
 *   {@code TASK_ASSIGN} on the task or its process definition, {@code UPDATE_TASK} on the process definition, or
 *   {@code UPDATE} on every task does, exactly the grants the start-up narrowing leaves as they are. Whichever node
 *   wrote a row, a person it names works the task and does not pass it on.</li>
 *   <li>Three doors {@code TASK_WORK} leaves open are closed here, for the command a person sends
 *   ({@link OutermostCommands}): {@code claim} names any user, so a person claims only for themselves; claiming for
 *   nobody (and {@code /unclaim}, which the engine counts as an assignment) returns only one's own claim; and
 *   {@code /resolve} hands the task to its owner, so only the person a task was delegated to in the engine resolves
 *   it, while it is delegated. Tasklist's unclaim ({@code setAssignee(null)}) by the assignee runs as a claim for
 *   nobody, which needs only {@code TASK_WORK}.</li>
 * </ul>
 * Whoever holds {@code TASK_ASSIGN} on the task (admins) passes; SOPFlow's own calls (delegations through
 * {@link DelegatedTasks}, escalations, the client contact's hand-over) run without an engine authentication and are
 * not checked. The decisions themselves are checked again by the SOPs' services (a GO by a release manager, an
 * emergency approval by the emergency CAB): a task that reached someone else anyway (through an admin) is refused
 * there.
 */
@Component
class TaskAssignmentGuard extends AbstractProcessEnginePlugin {

  static final Field CLAIM_TASK_ID = field(ClaimTaskCmd.class, "taskId");
  static final Field CLAIM_USER_ID = field(ClaimTaskCmd.class, "userId");
  static final Field ASSIGN_TASK_ID = field(AbstractSetTaskPropertyCmd.class, "taskId");
  static final Field ASSIGN_USER_ID = field(AbstractAddIdentityLinkCmd.class, "userId");

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setDefaultUserPermissionNameForTask(Permissions.TASK_WORK.getName());
    EngineExtensions.addPostCommandInterceptor(configuration, new OutermostCommands(this::check));
  }

  /**
   * The engine's authorization checker (made by {@code init}, before this) becomes {@link NoHandOverByUpdate}. Exactly
   * one plain {@link AuthorizationCommandChecker} must be found: a Camunda version or another plugin that installs a
   * subclass, another checker or none would otherwise leave {@code UPDATE} on one task passing tasks on again, without
   * a word. So the start-up fails, naming what it found, as it does for a guard's command field ({@link CommandFields}).
   */
  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    replaceAuthorizationChecker(configuration.getCommandCheckers());
  }

  static void replaceAuthorizationChecker(List<CommandChecker> checkers) {
    List<String> found = checkers.stream().map(checker -> checker.getClass().getName()).toList();
    long plain = checkers.stream().filter(checker -> checker.getClass() == AuthorizationCommandChecker.class).count();
    if (plain != 1) {
      throw new IllegalStateException("Expected exactly one " + AuthorizationCommandChecker.class.getName()
          + " among the engine's command checkers to replace by " + NoHandOverByUpdate.class.getSimpleName()
          + ", found " + plain + " in " + found + ": UPDATE on one task would pass tasks on again; adapt "
          + TaskAssignmentGuard.class.getSimpleName() + " to this Camunda version or plugin");
    }
    checkers.replaceAll(checker -> checker.getClass() == AuthorizationCommandChecker.class
        ? new NoHandOverByUpdate() : checker);
  }

  /**
   * Camunda's authorization checks, except who may pass on or edit a task ({@code checkTaskAssign}: the assignee,
   * owner, delegation, candidates, name, due date, priority): Camunda lets {@code UPDATE} on the task do it, which an
   * old node still grants every assignee and candidate; here {@code UPDATE} counts only on every task ({@code *}).
   */
  static final class NoHandOverByUpdate extends AuthorizationCommandChecker {

    @Override
    public void checkTaskAssign(TaskEntity task) {
      PermissionCheckBuilder check = new PermissionCheckBuilder().disjunctive()
          .atomicCheckForResourceId(Resources.TASK, task.getId(), Permissions.TASK_ASSIGN)
          .atomicCheckForResourceId(Resources.TASK, Authorization.ANY, Permissions.UPDATE);
      if (task.getExecutionId() != null) {
        String definition = task.getProcessDefinition().getKey();
        check.atomicCheckForResourceId(Resources.PROCESS_DEFINITION, definition, Permissions.TASK_ASSIGN)
            .atomicCheckForResourceId(Resources.PROCESS_DEFINITION, definition, Permissions.UPDATE_TASK);
      } else if (task.getCaseExecutionId() != null) {
        return; // as Camunda: a case task is checked by its case (SOPFlow has none)
      }
      getAuthorizationManager().checkAuthorization(check.build());
    }
  }

  Command<?> check(Command<?> command, CommandContext context) {
    Authentication person = context == null ? null : context.getAuthentication();
    if (person == null || person.getUserId() == null) {
      return command; // the job executor, SOPFlow's own calls
    }
    String userId = person.getUserId();
    if (command instanceof ClaimTaskCmd) {
      String claimedFor = (String) read(CLAIM_USER_ID, command);
      if (userId.equals(claimedFor)) {
        return command; // the engine checks TASK_WORK
      }
      TaskEntity task = task(context, (String) read(CLAIM_TASK_ID, command));
      if (task != null && claimedFor == null && userId.equals(task.getAssignee())) {
        return command; // returns their own claim
      }
      requireAssign(context, task, claimedFor == null
          ? userId + " may return only their own claim of a task, not another person's"
          : userId + " may claim a task only for themselves, not for " + claimedFor);
    } else if (command instanceof AssignTaskCmd && read(ASSIGN_USER_ID, command) == null) {
      String taskId = (String) read(ASSIGN_TASK_ID, command);
      TaskEntity task = task(context, taskId);
      if (task != null && userId.equals(task.getAssignee())) {
        return new ClaimTaskCmd(taskId, null); // Tasklist's unclaim of one's own task: work, not assignment
      }
    } else if (command instanceof ResolveTaskCmd) {
      TaskEntity task = task(context, TaskInputGuard.taskId(command));
      if (task != null && !(task.getDelegationState() == DelegationState.PENDING
          && userId.equals(task.getAssignee()))) {
        requireAssign(context, task, userId + " may not resolve '" + task.getName() + "': resolving hands a task "
            + "back to its owner; only the person it was delegated to resolves it, while it is delegated");
      }
    }
    return command;
  }

  private static TaskEntity task(CommandContext context, String taskId) {
    return taskId == null ? null : context.getTaskManager().findTaskById(taskId);
  }

  /** Refused (403) unless the person may assign the task anyway (TASK_ASSIGN: admins). */
  private static void requireAssign(CommandContext context, TaskEntity task, String refusal) {
    if (task == null) {
      return; // the command itself answers: the task does not exist (any more)
    }
    try {
      context.getProcessEngineConfiguration().getCommandCheckers().forEach(checker -> checker.checkTaskAssign(task));
    } catch (AuthorizationException e) {
      throw new ForbiddenException(refusal + " (who a task is for is decided by its SOP)");
    }
  }
}
