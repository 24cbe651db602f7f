package io.sopflow.platform.process;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.springframework.stereotype.Component;

/**
 * Makes the history level {@value FullWithoutTaskVariables#NAME} available (chosen in {@code application.yml},
 * {@code camunda.bpm.history-level}): everything of {@code full}, except the history of <b>task-local variables</b>.
 *
 * <p>The one rule: <b>a task-local variable is a display value, and has no history.</b> What a task's form shows is put
 * on the task by the SOP's create task listener (README "How to add an SOP", "Display values in forms"); it is a copy of
 * the record, whose own audit trail is the history. Tasklist reads it from the runtime row, which stays; with
 * {@code full} each one also cost a row in {@code ACT_HI_VARINST} and one in {@code ACT_HI_DETAIL} per write (about
 * 11 per incident task; docs/benchmarks.md "Issue #24"). Everything else
 * keeps its full history: process variables (references, decisions, SLA dates) and execution-local ones (input
 * parameters of tasks and mail steps). The bookkeeping of delegated tasks ({@link DelegatedTasks}) is task-local too
 * and follows the rule: who stood in for whom is recorded by the task's identity links and owner in the history and by
 * the audit trail ({@link TaskForms}), never read from those variables. Put nothing on a task that must be kept.
 *
 * <p>The level has the id of {@code full} (3), on purpose: the engine picks the configured level by name, but compares
 * it with the level stored in {@code ACT_GE_PROPERTY} by id and refuses to start on a mismatch. A database created
 * with {@code full} therefore starts unchanged with this level, and back again. Nothing in the engine, its REST API or
 * Cockpit switches a feature off for a level that is not {@code full} itself (they test "not {@code none}", or the
 * id); {@code AbstractHistoricManager.isHistoryLevelFullEnabled()}, the one check against {@code full}, has no caller.
 */
@Component
class TaskVariableHistoryPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<HistoryLevel> levels = configuration.getCustomHistoryLevels() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryLevels());
    levels.add(FullWithoutTaskVariables.INSTANCE);
    configuration.setCustomHistoryLevels(levels);
  }

  /** {@code full}, less the variable events of task-local variables (create, update, delete, migrate, details). */
  static final class FullWithoutTaskVariables implements HistoryLevel {
    static final String NAME = "full-without-task-variables";
    static final FullWithoutTaskVariables INSTANCE = new FullWithoutTaskVariables();

    private FullWithoutTaskVariables() {
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
      return !(isVariableEvent(eventType) && isTaskLocal(entity))
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

    @Override
    public String toString() {
      return NAME + " (id " + getId() + ")";
    }
  }
}
