package io.sopflow.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.audit.AuditTrail;
import io.sopflow.backup.BackupApi.StartVerification;
import io.sopflow.backup.process.BackupVerificationProcess;
import io.sopflow.support.IntegrationTestBase;
import io.sopflow.support.MariaDbDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The backup SOP on a real MySQL-protocol server (MariaDB here, MySQL 8 in production): the 600-backup changeset, the
 * evidence with its named files, the incident link, and the unique constraint that lets one of two schedulers claim
 * a due time (on MySQL the loser's insert waits for the winner's transaction, then fails as a duplicate).
 *
 * <p>Every connection of this class waits {@value #LOCK_WAIT_SECONDS} s for a row lock
 * ({@code innodb_lock_wait_timeout}, the server's default is 50 s), so that the insert that gives up waiting can be
 * tested without a long wait. The races here end in far less: their winner's transaction is a few inserts and a
 * process start, with room for a slow commit while other test JVMs share the cores.
 */
@ActiveProfiles({"test", "mysql"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BackupVerificationMariaDbIntegrationTest extends IntegrationTestBase {

  /** Seconds an insert waits for another transaction's row lock here (a session setting; production keeps 50). */
  static final int LOCK_WAIT_SECONDS = 6;

  private static MariaDbDatabase database;
  private static Path root;

  @Autowired BackupProperties properties;
  @Autowired BackupVerificationService service;
  @Autowired ScheduledRunRepository runs;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired AuditTrail auditTrail;

  @DynamicPropertySource
  static void mariaDbAndSets(DynamicPropertyRegistry registry) throws Exception {
    database = MariaDbDatabase.create("sopflow_backup_it");
    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", () -> "root");
    registry.add("spring.datasource.password", () -> "");
    registry.add("spring.jpa.properties.hibernate.dialect", () -> "org.hibernate.dialect.MariaDBDialect");
    registry.add("spring.datasource.hikari.connection-init-sql",
        () -> "SET SESSION innodb_lock_wait_timeout = " + LOCK_WAIT_SECONDS);
    root = Files.createTempDirectory("sopflow-backup-mariadb");
    registry.add("sopflow.backup.scratch-directory", () -> root.resolve("scratch").toString());
    registry.add("sopflow.backup.scheduler-tick", () -> "PT1H");
    for (String set : List.of("good", "missing", "held")) {
      String prefix = "sopflow.backup.sets." + set + ".";
      Path folder = root.resolve("sets").resolve(set);
      write(folder, "a.txt", "alpha");
      write(folder, "b/c.txt", "charlie");
      Files.writeString(folder.resolve("MANIFEST.sha256"), line(folder, "a.txt") + line(folder, "b/c.txt"));
      registry.add(prefix + "backup", folder::toString);
      registry.add(prefix + "restore-command", () -> "cp -a {backup}/. {target}");
      registry.add(prefix + "max-age", () -> "P1D");
      registry.add(prefix + "rto", () -> "PT1M");
      registry.add(prefix + "owner-group", () -> "support-l3");
    }
    Files.delete(root.resolve("sets/missing/b/c.txt"));
    registry.add("sopflow.backup.sets.good.schedule", () -> "0 15 2 * * *");
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aGoodSetPassesAndTwoSchedulersClaimItsDueTimeOnce() throws Exception {
    Instant now = Instant.parse("2031-06-01T02:20:00Z");
    Clock fixed = Clock.fixed(now, ZoneOffset.UTC);
    List<BackupScheduler> nodes = List.of(
        new BackupScheduler(properties, service, runs, transactionManager, fixed, "node-a"),
        new BackupScheduler(properties, service, runs, transactionManager, fixed, "node-b"));
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<String> started = new ArrayList<>();
    try {
      List<Future<List<String>>> ticks = new ArrayList<>();
      for (BackupScheduler node : nodes) {
        Callable<List<String>> tick = () -> {
          together.await();
          return node.runDue(now);
        };
        ticks.add(pool.submit(tick));
      }
      for (Future<List<String>> tick : ticks) {
        started.addAll(tick.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(started).hasSize(1);
    assertThat(runs.findByBackupSetOrderByScheduledForAsc("good")).singleElement()
        .satisfies(run -> assertThat(run.getScheduledFor()).isEqualTo(Instant.parse("2031-06-01T02:15:00Z")));
    JsonNode done = awaitOutcome(started.get(0));
    assertThat(done.path("status").asText()).isEqualTo("PASSED");
    assertThat(done.path("filesChecked").asLong()).isEqualTo(2);
    assertThat(done.path("scheduledFor").asText()).isEqualTo("2031-06-01T02:15:00Z");
  }

  @Test
  void aMissingFileIsNamedAndItsIncidentLinkedOnMysql() {
    String key = as("l2").post().uri("/api/backup-verifications").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("backupSet", "missing")).retrieve().body(JsonNode.class).path("key").asText();

    JsonNode done = awaitOutcome(key);

    assertThat(done.path("status").asText()).isEqualTo("FAILED");
    assertThat(done.path("mismatches").get(0).path("kind").asText()).isEqualTo("MISSING");
    assertThat(done.path("mismatches").get(0).path("path").asText()).isEqualTo("b/c.txt");
    JsonNode incident = as("admin").get().uri("/api/incidents/" + done.path("incidentNumber").asText()).retrieve()
        .body(JsonNode.class);
    assertThat(incident.path("configurationItem").asText()).isEqualTo("missing");
    assertThat(incident.path("description").asText()).contains(key);
  }

  /**
   * Two ad-hoc requests for one set at once: on MySQL the loser's insert waits for the winner's transaction, then
   * fails on the unique index of the running ad-hoc verification's set, and the caller gets the check's 409.
   */
  @Test
  void twoAdHocRequestsForOneSetAtTheSameMomentStartOneVerificationOnMysql() throws Exception {
    long before = verificationsOf("missing");

    List<ResponseEntity<JsonNode>> answers = BackupVerificationIntegrationTest.startTogether(
        (user, set) -> as(user).post().uri("/api/backup-verifications").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("backupSet", set)).retrieve().toEntity(JsonNode.class), "l2", "l3", "missing");

    assertThat(answers).extracting(a -> a.getStatusCode().value()).containsExactlyInAnyOrder(201, 409);
    String key = answers.stream().filter(a -> a.getStatusCode().value() == 201).findFirst().orElseThrow().getBody()
        .path("key").asText();
    assertThat(answers).filteredOn(a -> a.getStatusCode().value() == 409).singleElement()
        .satisfies(a -> assertThat(a.getBody().path("detail").asText()).contains(key).contains("still running"));
    assertThat(verificationsOf("missing")).as("one verification started").isEqualTo(before + 1);
    assertThat(awaitOutcome(key).path("status").asText()).isEqualTo("FAILED");
  }

  /**
   * The other way two ad-hoc requests meet: the first one's transaction still holds the set (its insert is not
   * committed) when the second one's insert gives up waiting for it (the lock wait timeout, not the unique index).
   * The second gets the same 409 and stores nothing; it cannot name the first, which no other transaction can read
   * before it commits. Afterwards the first rolls back, and the set is free for the next request.
   */
  @Test
  void anAdHocRequestWhoseInsertTimesOutWaitingForAnotherTransactionGets409AndStoresNothing() throws Exception {
    long before = verificationsOf("held");
    long instancesBefore = verificationInstances();
    CountDownLatch inserted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService firstRequest = Executors.newSingleThreadExecutor();
    Future<String> first = firstRequest.submit(() -> {
      SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("l3",
          null, List.of(new SimpleGrantedAuthority("GROUP_support-l3"))));
      try {
        return new TransactionTemplate(transactionManager).execute(status -> {
          String key = service.start(new StartVerification("held")).key();
          inserted.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          status.setRollbackOnly();
          return key;
        });
      } finally {
        SecurityContextHolder.clearContext();
      }
    });
    ResponseEntity<JsonNode> refused;
    try {
      assertThat(inserted.await(60, TimeUnit.SECONDS)).as("the first request inserted its verification").isTrue();
      refused = as("l2").post().uri("/api/backup-verifications").contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("backupSet", "held")).retrieve().toEntity(JsonNode.class);
    } finally {
      release.countDown();
    }
    String firstKey = first.get(60, TimeUnit.SECONDS);
    firstRequest.shutdown();

    assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(409);
    assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(refused.getBody().path("detail").asText())
        .isEqualTo("Another verification of backup set held is still running; start another once it is judged");
    assertThat(verificationsOf("held")).as("nothing stored").isEqualTo(before);
    assertThat(verificationInstances()).as("no process started").isEqualTo(instancesBefore);
    assertThat(as("admin").get().uri("/api/backup-verifications/" + firstKey).retrieve().toBodilessEntity()
        .getStatusCode().value()).as("the first rolled back").isEqualTo(404);
    assertThat(auditTrail.entriesFor(firstKey)).isEmpty();

    ResponseEntity<JsonNode> next = as("l2").post().uri("/api/backup-verifications")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("backupSet", "held")).retrieve().toEntity(JsonNode.class);
    assertThat(next.getStatusCode().value()).as("the set is not held by the refused request").isEqualTo(201);
    assertThat(awaitOutcome(next.getBody().path("key").asText()).path("status").asText()).isEqualTo("PASSED");
  }

  private long verificationInstances() {
    return processEngine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(BackupVerificationProcess.PROCESS_KEY).count();
  }

  private long verificationsOf(String set) {
    return as("admin").get().uri("/api/backup-verifications?backupSet=" + set).retrieve().body(JsonNode.class)
        .path("totalElements").asLong();
  }

  private JsonNode awaitOutcome(String key) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      JsonNode v = as("admin").get().uri("/api/backup-verifications/" + key).retrieve().body(JsonNode.class);
      return !"RUNNING".equals(v.path("status").asText())
          && (!"FAILED".equals(v.path("status").asText()) || v.hasNonNull("incidentNumber"));
    });
    return as("admin").get().uri("/api/backup-verifications/" + key).retrieve().body(JsonNode.class);
  }

  private static String line(Path folder, String name) throws Exception {
    return ManifestVerifierTest.sha256(Files.readAllBytes(folder.resolve(name))) + "  " + name + "\n";
  }

  private static void write(Path folder, String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
