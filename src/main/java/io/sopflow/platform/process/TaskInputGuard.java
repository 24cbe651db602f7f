package io.sopflow.platform.process;

import static io.sopflow.platform.process.CommandFields.field;
import static io.sopflow.platform.process.CommandFields.read;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.Groups;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRemoveVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetVariableCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.PatchExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * A person gives a task input only through the fields of the task's form. Gateways, listeners and delegates trust the
 * process variables they read ({@code reviewRequired}, {@code ownerGroup}, {@code changeRoute}, a record's number), and
 * the engine lets a completion set variables of any name; so every command by which an authenticated person gives a
 * task input is checked here, before it runs:
 * <ul>
 *   <li><b>Completing</b> a task ({@code /task/{id}/complete}, {@code /submit-form}, {@code /resolve}; Tasklist submits
 *   its form with {@code submit-form}): every variable sent must be a field of the task's Camunda Form
 *   ({@link FormMentions#fieldsOf}: the names the form submits). Any other name is refused with
 *   {@link InvalidRequestException} (400 problem+json naming it) and nothing is changed. The values of the form's
 *   read-only fields are left out of the completion: form-js submits every display value back, and stored they would
 *   overwrite the process variable of that name (a change's {@code implementer}, a security incident's number). A task without a Camunda
 *   Form of its deployment (none in SOPFlow's models: {@code ModelConventionsTest}) takes no variables at all. This
 *   holds for everyone, camunda-admin too: a completion is a person's decision, and its input is its form.</li>
 *   <li><b>Setting or removing variables</b> of a task or an execution from outside ({@code PUT/POST/DELETE
 *   /task/{id}/variables|localVariables}, {@code /execution/{id}/localVariables}, {@code /process-instance/{id}/
 *   variables}, the variables batch) and <b>throwing a BPMN error or escalation</b> from a task
 *   ({@code /task/{id}/bpmnError|bpmnEscalation}: no SOPFlow model catches one thrown by a person, and an uncaught
 *   error silently ends the path): refused with {@link ForbiddenException} (403) unless the person is in
 *   {@value Groups#ADMINS}, who repairs instances in Cockpit. A task-local variable set before the completion would
 *   otherwise be what the task's listener reads ({@code task.getVariable} looks at the task first) while the
 *   delegates after it read the process variable.</li>
 * </ul>
 * Only the command the caller sent is checked, not the commands SOPFlow's own listeners and delegates run inside it,
 * and only when a person is authenticated: the job executor and SOPFlow's own calls ({@code /api} services,
 * {@link DelegatedTasks}, which set the task-local bookkeeping of delegations without an engine authentication) pass
 * unchanged ({@link OutermostCommands}). A command interceptor rather than a listener: the refusal comes before the
 * engine changes anything, and no model can leave it out. Who a task is for (its assignee, candidates, owner) a person
 * cannot change either: {@link TaskAssignmentGuard}.
 *
 * <p>The commands carry the task and the variables in protected fields without accessors; they are read by
 * reflection ({@link CommandFields}), resolved once when the engine is built, so a Camunda upgrade that renames one
 * fails the start-up (and {@code TaskInputGuardTest}) instead of letting input through.
 */
@Component
class TaskInputGuard extends AbstractProcessEnginePlugin {

  static final Field COMPLETE_TASK_ID = field(CompleteTaskCmd.class, "taskId");
  static final Field COMPLETE_VARIABLES = field(CompleteTaskCmd.class, "variables");
  static final Field SUBMIT_TASK_ID = field(SubmitTaskFormCmd.class, "taskId");
  static final Field SUBMIT_VARIABLES = field(SubmitTaskFormCmd.class, "properties");
  static final Field SET_VARIABLES = field(AbstractSetVariableCmd.class, "variables");
  static final Field REMOVE_VARIABLES = field(AbstractRemoveVariableCmd.class, "variableNames");
  static final Field PATCH_VARIABLES = field(AbstractPatchVariablesCmd.class, "variables");
  static final Field PATCH_DELETIONS = field(AbstractPatchVariablesCmd.class, "deletions");

  /** Commands that change variables of a task or an execution from outside. */
  private static final List<Class<?>> VARIABLE_COMMANDS = List.of(SetTaskVariablesCmd.class,
      RemoveTaskVariablesCmd.class, PatchTaskVariablesCmd.class, SetExecutionVariablesCmd.class,
      RemoveExecutionVariablesCmd.class, PatchExecutionVariablesCmd.class,
      SetVariablesToProcessInstancesBatchCmd.class);

  /** Commands that end a task's path without its form. */
  private static final List<Class<?>> THROWING_COMMANDS = List.of(HandleTaskBpmnErrorCmd.class,
      HandleTaskEscalationCmd.class);

  private final FormMentions forms = new FormMentions();

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    EngineExtensions.addPostCommandInterceptor(configuration, new OutermostCommands((command, context) -> {
      check(command, context);
      return command;
    }));
  }

  void check(Command<?> command, CommandContext context) {
    Authentication person = context == null ? null : context.getAuthentication();
    if (person == null || person.getUserId() == null) {
      return; // the job executor, SOPFlow's own calls: not a person's input
    }
    if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) { // ResolveTaskCmd too
      checkFormInput(context, command);
    } else if (isAny(command, VARIABLE_COMMANDS) && !isAdmin(person)) {
      Set<String> names = variableNames(command);
      throw new ForbiddenException("Variables of a task or process instance are set only by completing the task "
          + "with its form" + (names.isEmpty() ? "" : " (not set: " + String.join(", ", names) + ")")
          + "; setting or removing them directly is for " + Groups.ADMINS);
    } else if (isAny(command, THROWING_COMMANDS) && !isAdmin(person)) {
      throw new ForbiddenException("A task is finished by completing it with its form; throwing a BPMN error or "
          + "escalation from it is for " + Groups.ADMINS);
    }
  }

  private void checkFormInput(CommandContext context, Command<?> command) {
    List<String> submitted = submittedNames(command);
    String taskId = taskId(command);
    if (submitted.isEmpty() || taskId == null) {
      return;
    }
    TaskEntity task = context.getTaskManager().findTaskById(taskId);
    if (task == null) {
      return; // the command itself answers: the task does not exist (any more)
    }
    Optional<FormMentions.Fields> fields = forms.fieldsOf(task);
    List<String> refused = new ArrayList<>();
    Set<String> displayed = new HashSet<>();
    for (String name : submitted) {
      if (fields.isPresent() && fields.get().readonly().contains(name)) {
        displayed.add(name);
      } else if (fields.isEmpty() || !fields.get().inputs().contains(name)) {
        refused.add(name);
      }
    }
    if (!refused.isEmpty()) {
      // Only one who may complete the task learns what its form holds: anyone else gets the engine's own 403.
      context.getProcessEngineConfiguration().getCommandCheckers().forEach(checker -> checker.checkTaskWork(task));
      String names = refused.size() == 1 ? "is not a field" : "(and " + String.join(", ", refused.subList(1,
          refused.size())) + ") are not fields";
      throw new InvalidRequestException(refused.get(0), fields.isEmpty()
          ? "'" + task.getName() + "' has no form of its process, so its completion takes no variables"
          : names + " of the form of '" + task.getName() + "': a completion sends only its form's fields ("
              + String.join(", ", new TreeSet<>(fields.get().all())) + ")");
    }
    if (!displayed.isEmpty()) {
      withoutVariables(command, displayed);
    }
  }

  /**
   * The completion without the read-only fields' values: form-js submits every display value back, and stored they
   * would overwrite the process variable of that name ({@code /complete} sets its variables on the execution, and
   * {@code /submit-form} too where the task has no display copy of its own); they are the record's, not input.
   */
  static void withoutVariables(Command<?> command, Set<String> names) {
    Field field = command instanceof SubmitTaskFormCmd ? SUBMIT_VARIABLES : COMPLETE_VARIABLES;
    Map<?, ?> sent = (Map<?, ?>) read(field, command);
    Map<String, Object> kept;
    if (sent instanceof VariableMap typed) {
      VariableMap copy = Variables.createVariables();
      typed.keySet().stream().filter(name -> !names.contains(name))
          .forEach(name -> copy.putValueTyped(name, typed.getValueTyped(name)));
      kept = copy;
    } else {
      kept = new LinkedHashMap<>();
      sent.forEach((name, value) -> {
        if (!names.contains(String.valueOf(name))) {
          kept.put(String.valueOf(name), value);
        }
      });
    }
    try {
      field.set(command, kept);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot write " + field + " of " + command.getClass().getName(), e);
    }
  }

  private static boolean isAdmin(Authentication person) {
    return person.getGroupIds() != null && person.getGroupIds().contains(Groups.ADMINS);
  }

  private static boolean isAny(Command<?> command, List<Class<?>> types) {
    return types.stream().anyMatch(type -> type.isInstance(command));
  }

  /** The names of the variables a variable command sets or removes (empty for the batch, which names no task). */
  static Set<String> variableNames(Command<?> command) {
    Set<String> names = new TreeSet<>();
    if (command instanceof AbstractSetVariableCmd) {
      names.addAll(keys(read(SET_VARIABLES, command)));
    } else if (command instanceof AbstractRemoveVariableCmd) {
      names.addAll(values(read(REMOVE_VARIABLES, command)));
    } else if (command instanceof AbstractPatchVariablesCmd) {
      names.addAll(keys(read(PATCH_VARIABLES, command)));
      names.addAll(values(read(PATCH_DELETIONS, command)));
    }
    return names;
  }

  /** The task a completion completes. */
  static String taskId(Command<?> command) {
    return (String) read(command instanceof SubmitTaskFormCmd ? SUBMIT_TASK_ID : COMPLETE_TASK_ID, command);
  }

  /** The variable names a completion sends, in the order sent. */
  static List<String> submittedNames(Command<?> command) {
    if (command instanceof CompleteTaskCmd) {
      return keys(read(COMPLETE_VARIABLES, command));
    }
    if (command instanceof SubmitTaskFormCmd) {
      return keys(read(SUBMIT_VARIABLES, command));
    }
    return List.of();
  }

  private static List<String> keys(Object map) {
    return map instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).toList() : List.of();
  }

  private static List<String> values(Object collection) {
    return collection instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
  }
}
