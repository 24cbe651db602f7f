package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sopflow.platform.process.StepVariableHistoryPlugin.FullWithoutStepVariables;
import io.sopflow.support.MariaDbDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.groups.Tuple;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history level {@value FullWithoutStepVariables#NAME} on a plain engine: an installation whose database was
 * created with {@code full} (id 3 in {@code ACT_GE_PROPERTY}) starts with it unchanged, on an H2 file and on MariaDB,
 * and can go back to {@code full}; task-local variables and input parameters leave no history, everything else keeps
 * it.
 */
class StepVariableHistoryPluginTest {

  @TempDir
  Path directory;

  @Test
  void anH2FileCreatedWithFullStartsUnchangedWithTheLevelAndBack() {
    String url = "jdbc:h2:file:" + directory.resolve("engine") + ";DB_CLOSE_DELAY=-1";
    switchesFromFullAndBack(url, "sa", "h2");
  }

  @Test
  void aMariaDbDatabaseCreatedWithFullStartsUnchangedWithTheLevelAndBack() {
    try (MariaDbDatabase database = MariaDbDatabase.create("sopflow_history_level")) {
      switchesFromFullAndBack(database.jdbcUrl(), "root", "mysql");
    }
  }

  private void switchesFromFullAndBack(String url, String user, String databaseType) {
    String[] instanceIds = new String[2];
    withEngine(url, user, databaseType, ProcessEngineConfiguration.HISTORY_FULL, engine -> {
      assertThat(storedHistoryLevel(engine)).isEqualTo("3");
      instanceIds[0] = runTask(engine);
      assertThat(stepHistory(engine, instanceIds[0])).as("full keeps the history of task-local variables and inputs")
          .extracting(StepVariableHistoryPluginTest::nameOf).contains("shownTitle", "stage", "setting");
    });

    withEngine(url, user, databaseType, FullWithoutStepVariables.NAME, engine -> {
      ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
          .getProcessEngineConfiguration();
      assertThat(configuration.getHistoryLevel()).isSameAs(FullWithoutStepVariables.INSTANCE);
      assertThat(engine.getManagementService().getHistoryLevel()).isEqualTo(ProcessEngineConfigurationImpl.HISTORYLEVEL_FULL);
      assertThat(storedHistoryLevel(engine)).as("the database is not touched").isEqualTo("3");

      instanceIds[1] = runTask(engine);
      var history = engine.getHistoryService();
      assertThat(stepHistory(engine, instanceIds[1])).as("no history of task-local variables and inputs").isEmpty();
      assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instanceIds[1]).list())
          .extracting(HistoricVariableInstance::getName, HistoricVariableInstance::getValue)
          .containsExactlyInAnyOrder(Tuple.tuple("reference", "REF-1"),
              Tuple.tuple("decision", "APPROVE"));
      assertThat(history.createHistoricDetailQuery().processInstanceId(instanceIds[1]).variableUpdates().list())
          .as("every write of a process variable keeps its detail row")
          .extracting(HistoricDetail::getId).hasSize(2);
      // The rest of full stays: activities, the task, the user operation log.
      assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instanceIds[1]).count())
          .isEqualTo(4);
      assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(instanceIds[1]).finished().count())
          .isEqualTo(1);
      assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instanceIds[1]).finished().count())
          .isEqualTo(1);
      assertThat(stepHistory(engine, instanceIds[0])).as("history written before stays").isNotEmpty();
    });

    withEngine(url, user, databaseType, ProcessEngineConfiguration.HISTORY_FULL, engine -> {
      assertThat(storedHistoryLevel(engine)).isEqualTo("3");
      assertThat(stepHistory(engine, runTask(engine))).as("back to full").isNotEmpty();
    });
  }

  /**
   * One user task with a setting (an input parameter), then a service task whose input parameter reads a process
   * variable: a process variable at the start, a display value put on the task, a decision at completion.
   */
  private static String runTask(ProcessEngine engine) {
    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("HistoryLevelCheck",
        Map.of("reference", "REF-1"));
    Task task = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).singleResult();
    engine.getTaskService().setVariableLocal(task.getId(), "shownTitle", "What the form shows");
    engine.getTaskService().setVariableLocal(task.getId(), "shownTitle", "What the form shows, updated");
    assertThat(engine.getTaskService().getVariableLocal(task.getId(), "shownTitle"))
        .as("the runtime value is there for Tasklist").isEqualTo("What the form shows, updated");
    engine.getTaskService().complete(task.getId(), Map.of("decision", "APPROVE"));
    return instance.getId();
  }

  /** History of the display value ({@code shownTitle}) and of the two inputs ({@code stage}, {@code setting}). */
  private static List<Object> stepHistory(ProcessEngine engine, String processInstanceId) {
    var history = engine.getHistoryService();
    List<Object> rows = new ArrayList<>();
    history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list().stream()
        .filter(v -> STEP_VARIABLES.contains(v.getName())).forEach(rows::add);
    history.createHistoricDetailQuery().processInstanceId(processInstanceId).variableUpdates().list().stream()
        .filter(d -> STEP_VARIABLES.contains(nameOf(d))).forEach(rows::add);
    return rows;
  }

  private static final List<String> STEP_VARIABLES = List.of("shownTitle", "stage", "setting");

  private static String nameOf(Object row) {
    return row instanceof HistoricVariableInstance v ? v.getName()
        : ((HistoricVariableUpdate) row).getVariableName();
  }


  private static String storedHistoryLevel(ProcessEngine engine) {
    return engine.getManagementService().getProperties().get("historyLevel");
  }

  private static void withEngine(String url, String user, String databaseType, String history,
      Consumer<ProcessEngine> test) {
    try (HikariDataSource dataSource = new HikariDataSource()) {
      dataSource.setJdbcUrl(url);
      dataSource.setUsername(user);
      dataSource.setPassword("");
      dataSource.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
      StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
      configuration.setProcessEngineName("history-level-" + UUID.randomUUID());
      configuration.setDataSource(dataSource);
      configuration.setDatabaseType(databaseType);
      configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
      configuration.setJobExecutorActivate(false);
      configuration.setHistory(history);
      if (FullWithoutStepVariables.NAME.equals(history)) {
        configuration.getProcessEnginePlugins().add(new StepVariableHistoryPlugin());
      } // else: the engine as it was before the plugin
      ProcessEngine engine = configuration.buildProcessEngine();
      try {
        if (engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("HistoryLevelCheck")
            .count() == 0) {
          engine.getRepositoryService().createDeployment().addModelInstance("HistoryLevelCheck.bpmn",
              Bpmn.createExecutableProcess("HistoryLevelCheck").camundaHistoryTimeToLive(1)
                  .startEvent().userTask("Task_Check").camundaInputParameter("stage", "first")
                  .serviceTask("Task_Configured").camundaInputParameter("setting", "${decision}")
                  .camundaExpression("${execution.getVariableLocal('setting')}").endEvent().done()).deploy();
        }
        test.accept(engine);
      } finally {
        engine.close();
      }
    }
  }
}
