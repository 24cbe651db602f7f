package io.sopflow.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.SopFlowApplication;
import io.sopflow.support.MariaDbDatabase;
import io.sopflow.support.TestSmtpServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestClient;

/**
 * Exactly one proposal per configuration item and window, also when the incidents that reach the threshold arrive at
 * the same moment on two nodes (two Spring contexts, one MariaDB database): three incidents on one item are reported
 * in parallel, two on one node and one on the other, in several rounds; each item gets one problem holding all three,
 * and a later incident joins it. What makes it hold is the per-item row lock of {@code problem_recurrence_item}
 * (docs/problems.md), which an incident on an item with an open problem does not need.
 */
class ProblemRecurrenceMariaDbIntegrationTest {

  static final int ROUNDS = 4;

  static MariaDbDatabase database;
  static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
  static JdbcTemplate jdbc;

  @BeforeAll
  static void startTwoNodes() {
    database = MariaDbDatabase.create("sopflow_problem_it");
    jdbc = new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(), "root", ""));
    // One after the other: this test races incidents, not start-ups (TwoNodeClusterTest races those).
    for (int node = 0; node < 2; node++) {
      nodes.add(new SpringApplicationBuilder(SopFlowApplication.class).profiles("test", "mysql").run(
          "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=root",
          "--spring.datasource.password=",
          "--spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.MariaDBDialect",
          "--server.port=0", "--camunda.bpm.generate-unique-process-engine-name=true",
          "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestSmtpServer.port(),
          "--spring.main.banner-mode=off", "--logging.level.root=warn"));
    }
  }

  @AfterAll
  static void stopNodesAndDropDatabase() {
    for (ConfigurableApplicationContext node : nodes) {
      node.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void threeIncidentsReportedAtTheSameMomentOnTwoNodesProposeExactlyOneProblem() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String item = newItem();
        CyclicBarrier sameMoment = new CyclicBarrier(3);
        List<Future<String>> reports = new ArrayList<>();
        for (int reporter = 0; reporter < 3; reporter++) {
          RestClient node = client(reporter == 1 ? 1 : 0, "desk");
          Callable<String> report = () -> {
            sameMoment.await(30, TimeUnit.SECONDS);
            return report(node, item);
          };
          reports.add(pool.submit(report));
        }
        List<String> incidents = new ArrayList<>();
        for (Future<String> report : reports) {
          incidents.add(report.get(120, TimeUnit.SECONDS));
        }

        assertThat(problemsOn(item)).as("problems proposed for %s in round %d", item, round).isEqualTo(1);
        JsonNode problems = client(1, "probman").get().uri("/api/problems?configurationItem={i}", item).retrieve()
            .body(JsonNode.class).get("content");
        assertThat(problems).hasSize(1);
        JsonNode problem = problems.get(0);
        assertThat(problem.get("status").asText()).isEqualTo("PROPOSED");
        assertThat(numbers(problem)).containsExactlyInAnyOrderElementsOf(incidents);
        assertThat(jdbc.queryForObject("select count(*) from ACT_RU_TASK t join ACT_RU_EXECUTION e on "
            + "t.PROC_INST_ID_ = e.ID_ where e.BUSINESS_KEY_ = ? and t.TASK_DEF_KEY_ = 'Task_ReviewProposal'",
            Integer.class, problem.get("number").asText())).isEqualTo(1);

        String later = report(client(0, "l2"), item);
        JsonNode joined = client(0, "probman").get().uri("/api/problems/{n}", problem.get("number").asText())
            .retrieve().body(JsonNode.class);
        assertThat(numbers(joined)).contains(later).hasSize(4);
        assertThat(problemsOn(item)).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Once an item has an open problem, an incident on it joins the problem without the item's lock: during an outage
   * the reports on the failing item do not queue behind each other (issue #24 step 13). Proven by holding the lock
   * row in another transaction while incidents are reported on both nodes: they are created and joined while it is
   * held (with the lock they would wait for it, then fail when MariaDB's lock wait timed out).
   */
  @Test
  void incidentsOnAnItemWithAnOpenProblemJoinItWithoutWaitingForTheItemsLock() throws Exception {
    String item = newItem();
    String problemNumber = proposeProblemOn(item);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (var holder = jdbc.getDataSource().getConnection()) {
      holdItemLock(holder, item);
      List<Future<String>> reports = new ArrayList<>();
      for (int reporter = 0; reporter < 4; reporter++) {
        RestClient node = client(reporter % 2, "desk");
        reports.add(pool.submit(() -> report(node, item)));
      }
      List<String> joined = new ArrayList<>();
      for (Future<String> report : reports) {
        joined.add(report.get(40, TimeUnit.SECONDS));
      }
      // Still held: nothing above waited for it.
      assertThat(holder.isClosed()).isFalse();
      holder.rollback();
      JsonNode problem = client(0, "probman").get().uri("/api/problems/{n}", problemNumber).retrieve()
          .body(JsonNode.class);
      assertThat(numbers(problem)).containsAll(joined).hasSize(7);
      assertThat(problemsOn(item)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A report that waited for the item's lock looks for an open problem again: here a problem manager raises one on
   * the item while the report waits, and the report joins it instead of counting towards a second one.
   */
  @Test
  void aReportThatWaitedForTheItemsLockJoinsAProblemRaisedMeanwhile() throws Exception {
    String item = newItem();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (var holder = jdbc.getDataSource().getConnection()) {
      report(client(0, "desk"), item); // creates the item's lock row; one incident, no problem yet
      holdItemLock(holder, item);
      Future<String> waiting = pool.submit(() -> report(client(1, "desk"), item));
      awaitLockWait();
      String raised = client(0, "probman").post().uri("/api/problems").contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("title", "VPN gateway drops sessions", "description", "Raised by hand",
              "configurationItem", item)).retrieve().body(JsonNode.class).get("number").asText();
      holder.rollback();
      String joined = waiting.get(40, TimeUnit.SECONDS);

      JsonNode problem = client(0, "probman").get().uri("/api/problems/{n}", raised).retrieve().body(JsonNode.class);
      assertThat(numbers(problem)).containsExactly(joined);
      assertThat(problemsOn(item)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * An incident joins an open problem and checks it again, holding it, just before its commit; if the problem was
   * rejected meanwhile (here: by another transaction that held it and committed the rejection while the report was
   * under way; on MariaDB the report waits at its link's foreign-key check), the report is refused with 409 and
   * nothing of it is stored.
   */
  @Test
  void aReportWhoseProblemIsRejectedWhileItJoinsIsRefusedAndStoresNothing() throws Exception {
    String item = newItem();
    String problemNumber = proposeProblemOn(item);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (var manager = jdbc.getDataSource().getConnection()) {
      manager.setAutoCommit(false);
      execute(manager, "select id from problem where problem_number = ? for update", problemNumber);
      Future<ResponseEntity<JsonNode>> joining = pool.submit(() -> client(1, "desk").post().uri("/api/incidents")
          .contentType(MediaType.APPLICATION_JSON).body(incident(item)).exchange((request, answer) ->
              ResponseEntity.status(answer.getStatusCode()).body(answer.bodyTo(JsonNode.class))));
      awaitLockWait();
      execute(manager, "update problem set status = 'REJECTED' where problem_number = ?", problemNumber);
      manager.commit();
      ResponseEntity<JsonNode> refused = joining.get(40, TimeUnit.SECONDS);
      assertThat(refused.getStatusCode().value()).isEqualTo(409);
      assertThat(refused.getBody().get("detail").asText())
          .contains(problemNumber, "rejected", "report the incident again");
    } finally {
      pool.shutdownNow();
    }
    assertThat(jdbc.queryForObject("select count(*) from incident where configuration_item = ?", Integer.class, item))
        .isEqualTo(3);
    assertThat(jdbc.queryForObject("select count(*) from problem_incident l join problem p on p.id = l.problem_id"
        + " where p.problem_number = ?", Integer.class, problemNumber)).isEqualTo(3);
  }

  /**
   * Closing a problem holds it before reading its links: an incident joining it at that moment (here another
   * transaction that holds the problem shared and links an incident in progress, as a report just before its commit
   * does) commits first, and the close resolves that incident too instead of leaving it linked to a closed problem.
   */
  @Test
  void closingAProblemWaitsForAnIncidentJoiningItAndResolvesItToo() throws Exception {
    String item = newItem();
    String problemNumber = proposeProblemOn(item);
    JsonNode joining = client(0, "desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(incident(newItem())).retrieve().body(JsonNode.class);
    triage(joining.get("processInstanceId").asText());
    assertThat(jdbc.queryForObject("select status from incident where incident_number = ?", String.class,
        joining.get("number").asText())).isEqualTo("IN_PROGRESS");
    jdbc.update("update problem set status = 'VERIFYING', fix_verified_by = 'probman' where problem_number = ?",
        problemNumber);
    ProblemService service = nodes.get(0).getBean(ProblemService.class);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (var joiner = jdbc.getDataSource().getConnection()) {
      joiner.setAutoCommit(false);
      execute(joiner, "select id from problem where problem_number = ? lock in share mode", problemNumber);
      try (var link = joiner.prepareStatement("insert into problem_incident (problem_id, incident_number)"
          + " select id, ? from problem where problem_number = ?")) {
        link.setString(1, joining.get("number").asText());
        link.setString(2, problemNumber);
        assertThat(link.executeUpdate()).isEqualTo(1);
      }
      Future<List<String>> closing = pool.submit(() -> service.close(problemNumber));
      awaitLockWait();
      joiner.commit();
      assertThat(closing.get(40, TimeUnit.SECONDS)).containsExactly(joining.get("number").asText());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Major incidents reported at the same moment on both nodes, on an item whose problem is P4, raise it to P1 once:
   * every report goes through (the raise holds the problem before the report's link holds it shared, so two raising
   * reports never wait for each other's shared hold), one of them raises and audits it, the others find it raised.
   */
  @Test
  void majorIncidentsReportedAtTheSameMomentOnTwoNodesRaiseTheProblemOnce() throws Exception {
    String item = newItem();
    String problemNumber = proposeProblemOn(item);
    assertThat(jdbc.queryForObject("select priority from problem where problem_number = ?", String.class,
        problemNumber)).isEqualTo("P4");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CyclicBarrier sameMoment = new CyclicBarrier(4);
      List<Future<String>> reports = new ArrayList<>();
      for (int reporter = 0; reporter < 4; reporter++) {
        RestClient node = client(reporter % 2, "desk");
        reports.add(pool.submit(() -> {
          sameMoment.await(30, TimeUnit.SECONDS);
          return report(node, item, "HIGH", "HIGH");
        }));
      }
      List<String> joined = new ArrayList<>();
      for (Future<String> report : reports) {
        joined.add(report.get(120, TimeUnit.SECONDS));
      }

      JsonNode problem = client(0, "probman").get().uri("/api/problems/{n}", problemNumber).retrieve()
          .body(JsonNode.class);
      assertThat(problem.get("priority").asText()).isEqualTo("P1");
      assertThat(numbers(problem)).containsAll(joined).hasSize(7);
      assertThat(jdbc.queryForList("select details from audit_entry where subject_key = ? and action = ?",
          String.class, problemNumber, "PRIORITY_RAISED")).singleElement().asString().startsWith("from P4 to P1: ");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Locks the item's recurrence row in {@code holder}'s own transaction, as a report deciding on it would. */
  private static void holdItemLock(Connection holder, String item) throws SQLException {
    holder.setAutoCommit(false);
    try (var lock = holder.prepareStatement(
        "select configuration_item from problem_recurrence_item where configuration_item = ? for update")) {
      lock.setString(1, item);
      try (var row = lock.executeQuery()) {
        assertThat(row.next()).as("the lock row of %s", item).isTrue();
      }
    }
  }

  private static int problemsOn(String item) {
    return jdbc.queryForObject("select count(*) from problem where configuration_item = ?", Integer.class, item);
  }

  private static List<String> numbers(JsonNode problem) {
    List<String> numbers = new ArrayList<>();
    problem.get("incidentNumbers").forEach(n -> numbers.add(n.asText()));
    return numbers;
  }

  private static String report(RestClient node, String item) {
    return report(node, item, "MEDIUM", "LOW");
  }

  private static String report(RestClient node, String item, String impact, String urgency) {
    return node.post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(incident(item, impact, urgency)).retrieve().body(JsonNode.class).get("number").asText();
  }

  private static Map<String, String> incident(String item) {
    return incident(item, "MEDIUM", "LOW");
  }

  private static Map<String, String> incident(String item, String impact, String urgency) {
    return Map.of("title", "VPN session dropped", "description", "Dropped again", "impact", impact, "urgency",
        urgency, "category", "network", "configurationItem", item);
  }

  /** The service desk triages to support-l2, as in Tasklist (through the node's engine: no default engine here). */
  private static void triage(String processInstanceId) {
    ProcessEngine engine = nodes.get(0).getBean(ProcessEngine.class);
    Task triage = engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey("Task_TriageIncident").singleResult();
    engine.getIdentityService().setAuthentication("desk", List.of("service-desk"));
    try {
      engine.getTaskService().complete(triage.getId(), Map.of("resolverGroup", "support-l2", "triageNotes",
          "L2 to check"));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  private static String newItem() {
    return "vpn-gw-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Three incidents on {@code item}, on both nodes: the recurrence check proposes a problem; its number. */
  private static String proposeProblemOn(String item) {
    for (int i = 0; i < 3; i++) {
      report(client(i % 2, "desk"), item);
    }
    return jdbc.queryForObject("select problem_number from problem where configuration_item = ?", String.class, item);
  }

  /**
   * Waits until a statement on the problem tables waits for a row lock (MariaDB's own view of it; the nodes' audit
   * sealers wait for each other's chain head now and then, which does not count).
   */
  private static void awaitLockWait() {
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from"
        + " information_schema.innodb_trx where trx_state = 'LOCK WAIT' and trx_query like '%problem%'",
        Integer.class) > 0);
  }

  private static void execute(Connection connection, String sql, String parameter) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      statement.execute();
    }
  }

  private static RestClient client(int node, String user) {
    int port = ((WebServerApplicationContext) nodes.get(node)).getWebServer().getPort();
    return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
        .defaultHeaders(h -> h.setBasicAuth(user, "demo")).build();
  }
}
