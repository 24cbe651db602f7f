package io.sopflow.platform.process;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.core.variable.mapping.IoMapping;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.springframework.stereotype.Component;

/**
 * Makes the history level {@value FullWithoutStepVariables#NAME} available (chosen in {@code application.yml},
 * {@code camunda.bpm.history-level}): everything of {@code full}, except the history of the variables that belong to
 * one step rather than to the process: a task's <b>display values</b> and a step's <b>input parameters</b>.
 *
 * <p>The two rules:
 * <ul>
 *   <li><b>A task-local variable is a display value, and has no history.</b> What a task's form shows is put on the task
 *   by the SOP's create task listener (README "How to add an SOP", "Display values in forms"); it is a copy of the
 *   record, whose own audit trail is the history. Tasklist reads it from the runtime row, which stays. The bookkeeping
 *   of delegated tasks ({@link DelegatedTasks}) is task-local too and follows the rule: who stood in for whom is
 *   recorded by the task's identity links and owner in the history and by the audit trail ({@link TaskForms}).</li>
 *   <li><b>A step's input parameter is the model's configuration of that step, and has no history.</b> A mail step's
 *   template, recipients and task to link to, a user task's settings ({@code form.setting(...)}): the engine writes
 *   them as local variables of the step's own scope when it starts and removes them when it ends. They are read from
 *   the model (and from process variables, whose history stays) every time; with {@code full} each one also cost an
 *   {@code ACT_HI_VARINST} row and an {@code ACT_HI_DETAIL} row per pass (docs/benchmarks.md, issue #24 step 23).</li>
 * </ul>
 * Everything else keeps its full history: process variables (references, decisions, SLA dates) with a detail row per
 * change, and every other variable. Put nothing on a task, and nothing in an input parameter, that must be kept.
 *
 * <p>The level has the id of {@code full} (3), on purpose: the engine picks the configured level by name, but compares
 * it with the level stored in {@code ACT_GE_PROPERTY} by id and refuses to start on a mismatch. A database created
 * with {@code full} (or with this level's earlier name, {@code full-without-task-variables}) therefore starts unchanged
 * with this level, and back again. Nothing in the engine, its REST API or Cockpit switches a feature off for a level
 * that is not {@code full} itself (they test "not {@code none}", or the id);
 * {@code AbstractHistoricManager.isHistoryLevelFullEnabled()}, the one check against {@code full}, has no caller.
 */
@Component
class StepVariableHistoryPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<HistoryLevel> levels = configuration.getCustomHistoryLevels() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryLevels());
    levels.add(FullWithoutStepVariables.INSTANCE);
    configuration.setCustomHistoryLevels(levels);
  }

  /** {@code full}, less the variable events (create, update, delete, migrate, details) of display values and inputs. */
  static final class FullWithoutStepVariables implements HistoryLevel {
    static final String NAME = "full-without-step-variables";
    static final FullWithoutStepVariables INSTANCE = new FullWithoutStepVariables();

    private FullWithoutStepVariables() {
    }

    @Override
    public int getId() {
      return HistoryLevel.HISTORY_LEVEL_FULL.getId();
    }

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
      return !(isVariableEvent(eventType) && (isTaskLocal(entity) || isInputParameter(entity)))
          && HistoryLevel.HISTORY_LEVEL_FULL.isHistoryEventProduced(eventType, entity);
    }

    private static boolean isVariableEvent(HistoryEventType eventType) {
      return eventType == HistoryEventTypes.VARIABLE_INSTANCE_CREATE
          || eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE
          || eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL
          || eventType == HistoryEventTypes.VARIABLE_INSTANCE_MIGRATE
          || eventType == HistoryEventTypes.VARIABLE_INSTANCE_DELETE;
    }

    /** The engine asks with the variable itself, or (for the detail row) with the history event made from it. */
    private static boolean isTaskLocal(Object entity) {
      if (entity instanceof VariableInstanceEntity variable) {
        return variable.getTaskId() != null;
      }
      return entity instanceof HistoricVariableUpdateEventEntity update && update.getTaskId() != null;
    }

    /**
     * A variable of the execution running a step whose input/output mapping declares an input parameter of that name:
     * the engine makes such a step a scope of its own (or, in a multi-instance body, an execution of its own), so a
     * variable local to that execution with that name is the parameter. Never a process variable: the step's execution
     * is not the process instance's.
     */
    private static boolean isInputParameter(Object entity) {
      if (entity instanceof VariableInstanceEntity variable) {
        return variable.getTaskId() == null && variable.getExecutionId() != null
            && !variable.getExecutionId().equals(variable.getProcessInstanceId())
            && declaresInput(cachedExecution(variable.getExecutionId()), variable.getName());
      }
      return entity instanceof HistoricVariableUpdateEventEntity update && update.getTaskId() == null
          && update.getExecutionId() != null && !update.getExecutionId().equals(update.getProcessInstanceId())
          && declaresInput(cachedExecution(update.getExecutionId()), update.getVariableName());
    }

    /** The execution as this command holds it; a step's execution always is (it is running the step). */
    private static ExecutionEntity cachedExecution(String id) {
      CommandContext commandContext = Context.getCommandContext();
      return commandContext == null ? null
          : commandContext.getDbEntityManager().getCachedEntity(ExecutionEntity.class, id);
    }

    private static boolean declaresInput(ExecutionEntity execution, String name) {
      ActivityImpl activity = execution == null ? null : execution.getActivity();
      IoMapping mapping = activity == null ? null : activity.getIoMapping();
      return mapping != null && name != null
          && mapping.getInputParameters().stream().anyMatch(parameter -> name.equals(parameter.getName()));
    }

    @Override
    public String toString() {
      return NAME + " (id " + getId() + ")";
    }
  }
}
