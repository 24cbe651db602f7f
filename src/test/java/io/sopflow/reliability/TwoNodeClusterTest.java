package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.sopflow.SopFlowApplication;
import io.sopflow.audit.AuditTrail;
import io.sopflow.support.MariaDbDatabase;
import io.sopflow.support.TestSmtpServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * Scale-out on Camunda's own clustering: two SOPFlow nodes (two Spring contexts, each with its own engine, job executor
 * and HTTP port) on one MariaDB database, started at the same moment on an empty database. Nothing node-local matters:
 * every model is deployed once, identities and filters exist once, business numbers are unique across nodes, timer
 * jobs of one node's incidents run on either node exactly once, and the audit chain stays linear under concurrent
 * appends from both nodes.
 */
class TwoNodeClusterTest {

  static final int THREADS_PER_NODE = 2;
  static final int INCIDENTS_PER_THREAD = 5;
  static final int INCIDENTS = 2 * THREADS_PER_NODE * INCIDENTS_PER_THREAD;

  static MariaDbDatabase database;
  static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
  static JdbcTemplate jdbc;

  @BeforeAll
  static void startTwoNodesAtTheSameMoment() throws Exception {
    database = MariaDbDatabase.create("sopflow_cluster");
    // Two nodes in one JVM: Liquibase's default scope manager is JVM-wide; separate JVMs (production) need nothing.
    liquibase.Scope.setScopeManager(new liquibase.ThreadLocalScopeManager());
    jdbc = new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(), "root", ""));
    CyclicBarrier sameMoment = new CyclicBarrier(2);
    ExecutorService starters = Executors.newFixedThreadPool(2);
    try {
      List<Future<ConfigurableApplicationContext>> started = new ArrayList<>();
      for (int node = 1; node <= 2; node++) {
        String[] args = nodeArguments(database.jdbcUrl());
        started.add(starters.submit(() -> {
          sameMoment.await();
          return new SpringApplicationBuilder(SopFlowApplication.class).profiles("test", "mysql")
              .listeners(new OneLoggingInitAtATime(true), new OneLoggingInitAtATime(false)).run(args);
        }));
      }
      for (Future<ConfigurableApplicationContext> node : started) {
        nodes.add(node.get(180, TimeUnit.SECONDS));
      }
    } finally {
      starters.shutdownNow();
    }
  }

  /**
   * Two applications in one JVM must not (re)initialize the JVM-wide logging system at the same moment: Logback's
   * reconfiguration is not thread-safe (seen: ConcurrentModificationException in LoggingApplicationListener). This pair
   * of listeners holds a lock around Spring Boot's logging initialization only; everything after it, start-up lock,
   * migration and deployment included, still races as two separate JVMs would.
   */
  private static final class OneLoggingInitAtATime
      implements org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent>,
      org.springframework.core.Ordered {

    private static final java.util.concurrent.locks.ReentrantLock LOCK = new java.util.concurrent.locks.ReentrantLock();
    private final boolean before;

    OneLoggingInitAtATime(boolean before) {
      this.before = before;
    }

    @Override
    public void onApplicationEvent(org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent event) {
      if (before) {
        LOCK.lock();
      } else if (LOCK.isHeldByCurrentThread()) {
        LOCK.unlock();
      }
    }

    @Override
    public int getOrder() {
      return before ? HIGHEST_PRECEDENCE : LOWEST_PRECEDENCE;
    }
  }

  static String[] nodeArguments(String jdbcUrl) {
    return new String[] {
        "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=root", "--spring.datasource.password=",
        "--spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.MariaDBDialect",
        "--server.port=0", "--camunda.bpm.generate-unique-process-engine-name=true",
        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestSmtpServer.port(),
        // P3 incidents breach their response target after 4 s at every tier: a steady stream of timer jobs.
        "--sopflow.sla.incident.p3.response=PT4S", "--sopflow.sla.incident.p3.calendar=24x7",
        "--spring.main.banner-mode=off", "--logging.level.root=warn"};
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
  void nodesStartedTogetherOnAnEmptyDatabaseDeployEachModelAndCreateEachIdentityOnce() {
    assertThat(nodes).hasSize(2);
    assertThat(engine(0).getName()).isNotEqualTo(engine(1).getName());
    assertThat(jdbc.queryForList("select KEY_ from ACT_RE_PROCDEF group by KEY_ having count(*) > 1", String.class))
        .as("process definitions deployed twice").isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from ACT_RE_PROCDEF where KEY_ = 'IncidentEscalationProcess'",
        Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForList("select KEY_ from ACT_RE_DECISION_DEF group by KEY_ having count(*) > 1",
        String.class)).as("decisions deployed twice").isEmpty();
    // One deployment per process with the forms it names (ModelDeployer), one for the decisions: each once.
    assertThat(jdbc.queryForObject("select count(*) from ACT_RE_DEPLOYMENT where NAME_ = 'sopflow'", Integer.class))
        .isEqualTo(jdbc.queryForObject("select count(*) from ACT_RE_PROCDEF", Integer.class) + 1);
    assertThat(jdbc.queryForList("select ID_ from ACT_ID_GROUP", String.class))
        .containsAll(io.sopflow.identity.Groups.ALL);
    assertThat(jdbc.queryForObject("select count(*) from ACT_ID_USER", Integer.class)).isEqualTo(18);
    assertThat(jdbc.queryForList("select NAME_ from ACT_RU_FILTER group by NAME_ having count(*) > 1", String.class))
        .as("filters created twice").isEmpty();
    assertThat(jdbc.queryForList("select concat(GROUP_ID_, '/', RESOURCE_TYPE_, '/', RESOURCE_ID_) from "
        + "ACT_RU_AUTHORIZATION where GROUP_ID_ is not null group by GROUP_ID_, RESOURCE_TYPE_, RESOURCE_ID_, TYPE_ "
        + "having count(*) > 1", String.class)).as("authorizations granted twice").isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from DATABASECHANGELOGLOCK where LOCKED = 1", Integer.class))
        .isZero();
    for (int node = 0; node < 2; node++) {
      assertThat(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine(node).getProcessEngineConfiguration())
          .getJobExecutor().isActive()).isTrue();
    }
  }

  @Test
  void incidentsReportedOnBothNodesAtOnceGetUniqueNumbersAndTheirTimersRunExactlyOnceOnEitherNode() throws Exception {
    GreenMail smtp = TestSmtpServer.get();
    ExecutorService callers = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);
    List<String> numbers = new ArrayList<>();
    try {
      CyclicBarrier go = new CyclicBarrier(2 * THREADS_PER_NODE);
      List<Future<List<String>>> work = new ArrayList<>();
      for (int node = 0; node < 2; node++) {
        RestClient client = client(node);
        for (int t = 0; t < THREADS_PER_NODE; t++) {
          work.add(callers.submit(() -> {
            go.await();
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < INCIDENTS_PER_THREAD; i++) {
              JsonNode incident = client.post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
                  .body(Map.of("title", "Cluster probe " + i, "description", "two nodes", "impact", "MEDIUM",
                      "urgency", "MEDIUM", "category", "probe"))
                  .retrieve().body(JsonNode.class);
              mine.add(incident.path("number").asText());
            }
            return mine;
          }));
        }
      }
      for (Future<List<String>> future : work) {
        numbers.addAll(future.get(120, TimeUnit.SECONDS));
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(numbers).hasSize(INCIDENTS).doesNotHaveDuplicates().allMatch(n -> n.matches("INC-\\d{6}"));
    assertThat(jdbc.queryForObject("select count(*) from incident i join ACT_HI_PROCINST p "
        + "on p.ID_ = i.process_instance_id and p.BUSINESS_KEY_ = i.incident_number", Integer.class))
        .isEqualTo(INCIDENTS);

    // Every incident escalates three times (L2, L3, incident managers), 4 s apart; both job executors take part.
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
        jdbc.queryForObject("select count(*) from incident_escalation", Integer.class) == 3 * INCIDENTS
            && jdbc.queryForObject("select count(*) from ACT_RU_JOB", Integer.class) == 0
            // Mail leaves through the outbox moments after the step that recorded it.
            && jdbc.queryForObject("select count(*) from notification where status = 'PENDING'", Integer.class) == 0);
    assertThat(jdbc.queryForList("select incident_id from incident_escalation group by incident_id, to_level "
        + "having count(*) > 1", Long.class)).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from ACT_RU_INCIDENT", Integer.class)).isZero();
    Set<String> hosts = new HashSet<>(jdbc.queryForList("select distinct HOSTNAME_ from ACT_HI_JOB_LOG "
        + "where JOB_DEF_TYPE_ = 'timer-transition' or JOB_DEF_TYPE_ = 'async-continuation'", String.class));
    assertThat(hosts).as("both job executors ran jobs").hasSize(2);
    assertThat(jdbc.queryForList("select JOB_ID_ from ACT_HI_JOB_LOG where JOB_STATE_ = 2 group by JOB_ID_ "
        + "having count(*) > 1", String.class)).as("jobs completed twice").isEmpty();

    // One mail per notification, whichever node sent it (the stable Message-ID is the notification's dedupe key).
    List<String> dedupeKeys = jdbc.queryForList("select dedupe_key from notification where reference in ("
        + String.join(",", numbers.stream().map(n -> "'" + n + "'").toList()) + ")", String.class);
    // Per incident: the acknowledgement to the reporter, and per escalation (3) a warning to the group, a notice to
    // the next group and a notice to the reporter.
    Map<String, Long> perTemplate = new java.util.HashMap<>();
    jdbc.queryForList("select template, count(*) as n from notification where reference in ("
        + String.join(",", numbers.stream().map(n -> "'" + n + "'").toList()) + ") group by template")
        .forEach(row -> perTemplate.put((String) row.get("template"), ((Number) row.get("n")).longValue()));
    assertThat(perTemplate).containsExactlyInAnyOrderEntriesOf(Map.of("incident-acknowledged", (long) INCIDENTS,
        "incident-response-warning", 3L * INCIDENTS, "incident-escalated", 3L * INCIDENTS,
        "incident-escalation-notice", 3L * INCIDENTS));
    assertThat(dedupeKeys).hasSize(10 * INCIDENTS);
    Set<String> expected = new HashSet<>();
    for (String key : dedupeKeys) {
      expected.add("<" + key.replaceAll("[^A-Za-z0-9.-]", "-") + "@sopflow>");
    }
    // GreenMail keeps one copy per recipient: a message sent once is there once per address it was sent to.
    Map<String, List<MimeMessage>> received = Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> expected.contains(messageId(m)))
        .collect(java.util.stream.Collectors.groupingBy(TwoNodeClusterTest::messageId));
    assertThat(received.keySet()).as("every notification mailed").containsExactlyInAnyOrderElementsOf(expected);
    assertThat(received).allSatisfy((id, copies) -> assertThat(copies).as("copies of %s", id)
        .hasSize(recipients(copies.get(0))));
  }

  @Test
  void auditAppendsFromBothNodesAtOnceKeepOneIntactChain() throws Exception {
    List<Long> seqs = new ArrayList<>();
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<Long>>> runs = new ArrayList<>();
      CyclicBarrier go = new CyclicBarrier(2);
      for (int node = 0; node < 2; node++) {
        AuditTrail trail = nodes.get(node).getBean(AuditTrail.class);
        TransactionTemplate tx = new TransactionTemplate(nodes.get(node).getBean(PlatformTransactionManager.class));
        runs.add(both.submit(() -> {
          go.await();
          return AuditTrailIntegrationTest.recordConcurrently(trail, tx, 4, 50);
        }));
      }
      for (Future<List<Long>> run : runs) {
        seqs.addAll(run.get(180, TimeUnit.SECONDS));
      }
    } finally {
      both.shutdownNow();
    }
    assertThat(seqs).hasSize(400).doesNotHaveDuplicates().doesNotContainNull();
    var verification = nodes.get(1).getBean(AuditTrail.class).verify();
    assertThat(verification.intact()).as(String.valueOf(verification)).isTrue();
  }

  private static ProcessEngine engine(int node) {
    return nodes.get(node).getBean(ProcessEngine.class);
  }

  private static RestClient client(int node) {
    int port = ((WebServerApplicationContext) nodes.get(node)).getWebServer().getPort();
    return RestClient.builder().baseUrl("http://127.0.0.1:" + port).defaultHeaders(h -> h.setBasicAuth("desk", "demo"))
        .build();
  }

  private static int recipients(MimeMessage message) {
    try {
      return message.getAllRecipients().length;
    } catch (jakarta.mail.MessagingException e) {
      return -1;
    }
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }
}
