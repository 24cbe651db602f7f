package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sopflow.identity.Directory;
import io.sopflow.support.IntegrationTestBase;
import io.sopflow.support.MariaDbDatabase;
import io.sopflow.support.Models;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SOPFlow on a real MySQL-protocol server (the MariaDB at 127.0.0.1:3306 here, MySQL 8 in production) with the
 * {@code mysql} profile: Connector/J, Camunda's required settings, the Liquibase migrations, every model deployed. The
 * database is made as an operator who does not read docs/operations.md makes it, with a collation that compares text
 * without case (like MySQL 8's default, {@code utf8mb4_0900_ai_ci}); the migrations make SOPFlow's tables binary.
 */
@ActiveProfiles({"test", "mysql"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MariaDbIntegrationTest extends IntegrationTestBase {

  private static MariaDbDatabase database;

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    database = MariaDbDatabase.create("sopflow_it", "utf8mb4_unicode_ci");
    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", () -> "root");
    registry.add("spring.datasource.password", () -> "");
    registry.add("spring.jpa.properties.hibernate.dialect", () -> "org.hibernate.dialect.MariaDBDialect");
  }

  @Autowired DataSource dataSource;
  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired Directory directory;

  /** Runs before Spring closes the (dirtied) context: dropping needs no lock an idle pool holds. */
  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void runsOnConnectorJWithReadCommittedAndCamundasMysqlSettings() throws Exception {
    try (var connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getURL()).contains("sendFractionalSeconds=false");
      assertThat(connection.getMetaData().getDriverName()).contains("MySQL Connector/J");
      assertThat(connection.getTransactionIsolation()).isEqualTo(java.sql.Connection.TRANSACTION_READ_COMMITTED);
      // Issue #24: JDBC batches (Camunda's flush, Hibernate's updates) go as one round trip each.
      var driver = connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getPropertySet();
      assertThat(driver.getBooleanProperty(com.mysql.cj.conf.PropertyKey.rewriteBatchedStatements).getValue()).isTrue();
      // ... and a statement's SQL is parsed once per connection, not at every prepare.
      assertThat(driver.getBooleanProperty(com.mysql.cj.conf.PropertyKey.cachePrepStmts).getValue()).isTrue();
      assertThat(driver.getIntegerProperty(com.mysql.cj.conf.PropertyKey.prepStmtCacheSize).getValue()).isEqualTo(500);
      assertThat(driver.getIntegerProperty(com.mysql.cj.conf.PropertyKey.prepStmtCacheSqlLimit).getValue())
          .isEqualTo(4096);
    }
    assertThat(processEngine.getProcessEngineConfiguration().getDatabaseType()).isEqualTo("mysql");
  }

  @Test
  void migrationsCreatedEngineAndDomainTables() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<String> tables = jdbc.queryForList("select lower(table_name) from information_schema.tables "
        + "where table_schema = database()", String.class);
    assertThat(tables).contains("act_ru_execution", "act_hi_procinst", "act_id_user", "act_re_deployment",
        "audit_entry", "notification", "databasechangelog");
    assertThat(jdbc.queryForObject("select count(*) from DATABASECHANGELOG where id = '7.16.0-baseline'", Integer.class))
        .isEqualTo(1);
  }

  @Test
  void theEnginesSubtaskLookupAndJobAcquisitionCanReadIndexes() {
    // Issue #24 (880-engine-indexes.xml); on a near-empty table the optimiser may still prefer a scan, so this checks
    // that the index is a candidate for the engine's statement.
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    assertThat(jdbc.queryForList("explain select * from ACT_RU_TASK where PARENT_TASK_ID_ = 'x'"))
        .singleElement().satisfies(row ->
            assertThat(String.valueOf(row.get("possible_keys"))).contains("SOPFLOW_IDX_TASK_PARENT"));
    assertThat(jdbc.queryForList(PlatformIntegrationTest.ACQUISITION))
        .singleElement().satisfies(row ->
            assertThat(String.valueOf(row.get("possible_keys"))).contains("SOPFLOW_IDX_JOB_DUEDATE"));
  }

  @Test
  void deploysEveryModel() {
    List<String> keys = repositoryService.createProcessDefinitionQuery().latestVersion().list().stream()
        .map(ProcessDefinition::getKey).toList();
    assertThat(keys).containsAll(Models.files(Models.PROCESSES, ".bpmn").stream()
        .map(p -> p.getFileName().toString().replace(".bpmn", "")).toList());
  }

  /**
   * MariaDB's (and MySQL's) binary collations ignore trailing spaces: "desk " finds the user desk. Signed in as
   * "desk ", a person was someone else to every four-eyes rule (ids compared as Java strings). No way in takes such a
   * name, and the directory knows no such user or group.
   */
  @Test
  void aUserIdWithTrailingSpacesIsNobody() throws Exception {
    assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM ACT_ID_USER WHERE ID_ = 'desk '", Integer.class))
        .as("the database's own comparison, which the rules must not inherit").isEqualTo(1);

    assertThat(as("desk ").get().uri("/api/incidents?size=1").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(401);
    assertThat(as("desk ").get().uri("/engine-rest/task").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(401);
    assertThat(new ClientAt("127.0.0.1", port).signIn("desk ", PASSWORD).status()).as("Tasklist").isEqualTo(401);
    assertThat(new ClientAt("127.0.0.1", port).signIn("desk", PASSWORD).status()).as("the real name")
        .isEqualTo(200);

    assertThat(directory.userExists("desk ")).isFalse();
    assertThat(directory.userExists("desk")).isTrue();
    assertThat(directory.groupExists("managers ")).isFalse();
    assertThat(directory.groupExists("managers")).isTrue();
  }

  /**
   * The engine's tables name their collation ({@code utf8_bin}); SOPFlow's took the database's, so on a database that
   * compares text without case "carol" and "Carol", two users to the engine, were one reporter to SOPFlow: each saw
   * the other's incidents. 899-binary-text.xml converts every such table and makes the database's default binary.
   */
  @Test
  void everyTableComparesTextExactlyOnADatabaseMadeWithoutCase() {
    personIn("carol");
    personIn("Carol");
    String number = as("carol").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Laptop will not boot", "description", "Black screen since this morning",
            "impact", "LOW", "urgency", "LOW", "category", "hardware"))
        .retrieve().body(JsonNode.class).get("number").asText();

    assertThat(as("carol").get().uri("/api/incidents/" + number).retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(200);
    assertThat(as("Carol").get().uri("/api/incidents/" + number).retrieve().toBodilessEntity().getStatusCode().value())
        .as("another person's incident").isEqualTo(404);
    assertThat(as("Carol").get().uri("/api/incidents").retrieve().body(JsonNode.class).toString())
        .doesNotContain(number);

    assertThat(jdbc().queryForList("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
        + " AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COLLATION NOT LIKE '%\\_bin'", String.class)).isEmpty();
    assertThat(jdbc().queryForObject("SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
        + " WHERE SCHEMA_NAME = DATABASE()", String.class)).as("for later tables").isEqualTo("utf8mb4_bin");
    assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
        + " AND TABLE_NAME = 'incident' AND COLLATION_NAME = 'utf8mb4_bin'", Integer.class)).isPositive();
  }

  private JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  @Test
  void takesAnIncidentThroughTheApiAndTasklistsRestCallsToItsClose() {
    JsonNode incident = as("desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Printer on fire", "description", "Smoke from floor 3", "impact", "LOW",
            "urgency", "LOW", "category", "hardware"))
        .retrieve().body(JsonNode.class);
    String number = incident.get("number").asText();
    assertThat(number).matches("INC-\\d{6}");
    assertThat(incident.get("priority").asText()).isEqualTo("P4");

    complete("desk", number, "Task_TriageIncident", Map.of("resolverGroup", "support-l2", "triageNotes", "to L2"));
    complete("l2", number, "Task_ResolveIncident", Map.of("resolutionOutcome", "RESOLVED",
        "resolutionNotes", "Replaced the fuser"));
    complete("desk", number, "Task_ConfirmResolution", Map.of("confirmation", "CONFIRM"));

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
        as("desk").get().uri("/api/incidents/" + number).retrieve().body(JsonNode.class).get("status").asText())
        .as("status; jobs: %s", jobsOf(number)).isEqualTo("CLOSED"));
    await().atMost(Duration.ofSeconds(60)).until(() -> historyService.createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(number).completed().count() == 1);
  }

  private String jobsOf(String number) {
    var management = processEngine.getManagementService();
    var instance = processEngine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(number).singleResult();
    return management.createJobQuery().processInstanceId(instance.getId()).list().stream()
        .map(job -> job.getId() + " retries=" + job.getRetries() + " due=" + job.getDuedate() + " error="
            + job.getExceptionMessage())
        .toList() + " tasks=" + processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .list().stream().map(t -> t.getTaskDefinitionKey()).toList();
  }

  /** Waits for the task and completes it through /engine-rest as the given user, as Tasklist would. */
  private void complete(String user, String number, String taskKey, Map<String, Object> variables) {
    await().atMost(Duration.ofSeconds(60)).until(() -> !tasks(user, number, taskKey).isEmpty());
    String taskId = tasks(user, number, taskKey).get(0).get("id").asText();
    Map<String, Object> body = Map.of("variables", variables.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> Map.of("value", e.getValue()))));
    var response = as(user).post().uri("/engine-rest/task/" + taskId + "/complete")
        .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toBodilessEntity();
    assertThat(response.getStatusCode().value()).as("completing %s as %s", taskKey, user).isEqualTo(204);
  }

  private List<JsonNode> tasks(String user, String number, String taskKey) {
    JsonNode tasks = as(user).get().uri("/engine-rest/task?processInstanceBusinessKey=" + number
        + "&taskDefinitionKey=" + taskKey).retrieve().body(JsonNode.class);
    assertThat(tasks.isArray()).as("task query as %s: %s", user, tasks).isTrue();
    List<JsonNode> result = new java.util.ArrayList<>();
    tasks.forEach(result::add);
    return result;
  }

  @Test
  void runsAProcessWithAUserTaskToItsEnd() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("Process_MariaDbProbe").camundaHistoryTimeToLive(1)
        .startEvent().userTask("Task_Probe").camundaCandidateGroups("service-desk").endEvent().done();
    repositoryService.createDeployment().addModelInstance("probe.bpmn", model).deploy();

    var instance = runtimeService.startProcessInstanceByKey("Process_MariaDbProbe", "PROBE-1");
    var task = taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(task.getTaskDefinitionKey()).isEqualTo("Task_Probe");
    taskService.complete(task.getId());

    var history = historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(history.getState()).isEqualTo("COMPLETED");
    assertThat(history.getBusinessKey()).isEqualTo("PROBE-1");
  }
}
