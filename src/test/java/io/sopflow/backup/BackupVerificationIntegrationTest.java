package io.sopflow.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.camunda.bpm.engine.TaskService;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Real restore tests end to end: real files with a real {@code sha256sum}-format manifest, restored with a real
 * {@code cp -a} into scratch folders, judged, with incidents opened through the incident SOP, and the scheduler
 * claiming due times on one database.
 */
class BackupVerificationIntegrationTest extends IntegrationTestBase {

  private static final Path ROOT = tempRoot();
  private static final Path SETS = ROOT.resolve("sets");
  private static final Path SCRATCH = ROOT.resolve("scratch");
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String OWNERS_MAIL = "l3@sopflow.local";

  @Autowired BackupProperties properties;
  @Autowired BackupVerificationService service;
  @Autowired ScheduledRunRepository runs;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired TaskService taskService;
  @Autowired EntityManagerFactory entityManagerFactory;
  @Autowired DataSource dataSource;

  @DynamicPropertySource
  static void backupSets(DynamicPropertyRegistry registry) {
    registry.add("sopflow.backup.scratch-directory", SCRATCH::toString);
    // The real tick does not run during the test: the schedulers are driven with a chosen "now".
    registry.add("sopflow.backup.scheduler-tick", () -> "PT1H");
    for (String name : List.of("good", "corrupted", "missing", "extra", "stale", "scheduled")) {
      copySet(registry, name);
    }
    command(registry, "failing", "sh", "-c", "echo restore broke: repository locked >&2; exit 3", "{target}");
    // A set of another group: finance owns it, so finance investigates its failures.
    ownedCommand(registry, "payroll", "finance", "sh", "-c", "echo payroll archive unreadable >&2; exit 4",
        "{target}");
    command(registry, "hanging", "sh", "-c", "echo starting restore; sleep 60", "{target}");
    registry.add("sopflow.backup.sets.hanging.timeout", () -> "PT2S");
    registry.add("sopflow.backup.sets.scheduled.schedule", () -> "0 0 3 * * *");
    // Not the node's zone (UTC on our machines): every node reads the schedules in the configured one.
    registry.add("sopflow.backup.zone", () -> "Asia/Tokyo");
    seed();
  }

  private static void copySet(DynamicPropertyRegistry registry, String name) {
    command(registry, name, "cp", "-a", "{backup}/.", "{target}");
  }

  private static void command(DynamicPropertyRegistry registry, String name, String... argv) {
    ownedCommand(registry, name, "support-l3", argv);
  }

  private static void ownedCommand(DynamicPropertyRegistry registry, String name, String ownerGroup,
      String... argv) {
    String prefix = "sopflow.backup.sets." + name + ".";
    registry.add(prefix + "backup", () -> SETS.resolve(name).toString());
    for (int i = 0; i < argv.length; i++) {
      String word = argv[i];
      registry.add(prefix + "restore-command[" + i + "]", () -> word);
    }
    registry.add(prefix + "max-age", () -> "P1D");
    registry.add(prefix + "rto", () -> "PT1M");
    registry.add(prefix + "owner-group", () -> ownerGroup);
  }

  /** Each set: three files and a manifest written by sha256sum's rules, then the damage the test is about. */
  private static void seed() {
    try {
      for (String name : List.of("good", "corrupted", "missing", "extra", "stale", "scheduled", "failing", "hanging",
          "payroll")) {
        Path set = SETS.resolve(name);
        write(set, "ledger.csv", "2026-12-01;100\n2026-12-02;250\n");
        write(set, "reports/q4.txt", "quarter four");
        write(set, "reports/board.pdf", "%PDF-1.7 not really");
        Files.writeString(set.resolve("MANIFEST.sha256"), manifestLine(set, "ledger.csv")
            + manifestLine(set, "reports/q4.txt") + manifestLine(set, "reports/board.pdf"));
      }
      write(SETS.resolve("corrupted"), "reports/q4.txt", "quarter f0ur");
      Files.delete(SETS.resolve("missing").resolve("reports/board.pdf"));
      write(SETS.resolve("extra"), "reports/stray.tmp", "left behind");
      Files.setLastModifiedTime(SETS.resolve("stale").resolve("MANIFEST.sha256"),
          FileTime.from(Instant.now().minus(3, ChronoUnit.DAYS)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void everyScratchFolderIsGone() throws IOException {
    await().atMost(WAIT).until(() -> runningCount() == 0);
    try (Stream<Path> left = Files.list(SCRATCH)) {
      assertThat(left.toList()).as("scratch folders left behind").isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------- outcomes

  @Test
  void aGoodSetPassesWithItsEvidenceAndMailsTheOwnerGroup() throws Exception {
    ResponseEntity<JsonNode> started = start("l3", "good");
    assertThat(started.getStatusCode().value()).isEqualTo(201);
    String key = started.getBody().path("key").asText();
    assertThat(key).matches("BKP-\\d{6}");
    assertThat(started.getBody().path("status").asText()).isEqualTo("RUNNING");
    assertThat(started.getBody().path("processInstanceId").asText()).isNotBlank();

    JsonNode done = awaitOutcome(key);

    assertThat(done.path("status").asText()).isEqualTo("PASSED");
    assertThat(done.path("filesChecked").asLong()).isEqualTo(3);
    assertThat(done.path("bytesChecked").asLong()).isEqualTo(30 + 12 + 19);
    assertThat(done.path("mismatches")).isEmpty();
    assertThat(done.path("manifestSha256").asText()).isEqualTo(ManifestVerifierTest.sha256(
        Files.readAllBytes(SETS.resolve("good/MANIFEST.sha256"))));
    assertThat(done.path("restoreSeconds").asDouble()).isGreaterThanOrEqualTo(0).isLessThan(60);
    assertThat(done.path("backupAgeHours").asDouble()).isLessThan(1);
    assertThat(done.path("restoreCommand").asText()).startsWith("cp -a " + SETS.resolve("good") + "/. " + SCRATCH);
    assertThat(done.has("incidentNumber")).isFalse();
    List<MimeMessage> mails = awaitMailAbout(OWNERS_MAIL, key, 1, WAIT);
    assertThat(mails).anySatisfy(m -> assertThat(m.getSubject()).contains(key).contains("passed"));
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource({"corrupted, CHANGED, reports/q4.txt", "missing, MISSING, reports/board.pdf",
      "extra, EXTRA, reports/stray.tmp"})
  void aDamagedSetFailsNamingTheFileAndOpensALinkedIncident(String set, String kind, String file) throws Exception {
    String key = start("l2", set).getBody().path("key").asText();

    JsonNode done = awaitOutcome(key);

    assertThat(done.path("status").asText()).isEqualTo("FAILED");
    assertThat(done.path("mismatchCount").asLong()).isEqualTo(1);
    assertThat(done.path("mismatches").get(0).path("kind").asText()).isEqualTo(kind);
    assertThat(done.path("mismatches").get(0).path("path").asText()).isEqualTo(file);
    assertThat(done.path("failureReason").asText()).contains(file);
    assertIncidentLinked(done, set);
    Task investigation = investigation(done);
    assertThat(taskService.getIdentityLinksForTask(investigation.getId()))
        .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("support-l3"));
    assertThat(investigation.getDueDate()).isAfter(java.util.Date.from(Instant.now()));
    assertThat(awaitMailAbout(OWNERS_MAIL, key, 1, WAIT)).anySatisfy(m -> assertThat(m.getContent().toString())
        .contains(file));
  }

  @Test
  void aFailingRestoreCommandFailsWithItsOutputAsEvidence() {
    String key = start("l3", "failing").getBody().path("key").asText();

    JsonNode done = awaitOutcome(key);

    assertThat(done.path("status").asText()).isEqualTo("FAILED");
    assertThat(done.path("restoreOutcome").asText()).isEqualTo("FAILED");
    assertThat(done.path("restoreExitCode").asInt()).isEqualTo(3);
    assertThat(done.path("restoreOutput").asText()).contains("restore broke: repository locked");
    assertThat(done.path("failureReason").asText()).contains("exit code 3");
    assertIncidentLinked(done, "failing");
  }

  @Test
  void aHangingRestoreCommandIsKilledAtItsTimeoutAndFailsCleanly() {
    long began = System.nanoTime();
    String key = start("l3", "hanging").getBody().path("key").asText();
    // One restore of a set at a time: a second request while it runs is refused, naming the one that runs.
    ResponseEntity<JsonNode> again = start("l2", "hanging");
    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(again.getBody().path("detail").asText()).contains(key).contains("still running");
    assertThat(listed("admin", "/api/backup-verifications?backupSet=hanging&size=100").path("totalElements")
        .asLong()).as("nothing more started").isOne();

    JsonNode done = awaitOutcome(key);

    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
    assertThat(done.path("status").asText()).isEqualTo("FAILED");
    assertThat(done.path("restoreOutcome").asText()).isEqualTo("TIMED_OUT");
    assertThat(done.path("restoreOutput").asText()).contains("starting restore").contains("killed");
    assertIncidentLinked(done, "hanging");
  }

  /**
   * Two ad-hoc requests for one set at the same moment both pass the service's check (neither sees the other's
   * uncommitted verification); the database lets one of them hold the set, and the other is refused like the check
   * refuses, naming the one that runs.
   */
  @Test
  void twoAdHocRequestsForOneSetAtTheSameMomentStartOneVerification() throws Exception {
    long before = listed("admin", "/api/backup-verifications?backupSet=good").path("totalElements").asLong();

    List<ResponseEntity<JsonNode>> answers = startTogether(this::start, "l2", "l3", "good");

    assertThat(answers).extracting(a -> a.getStatusCode().value()).containsExactlyInAnyOrder(201, 409);
    String key = answers.stream().filter(a -> a.getStatusCode().value() == 201).findFirst().orElseThrow().getBody()
        .path("key").asText();
    ResponseEntity<JsonNode> refused = answers.stream().filter(a -> a.getStatusCode().value() == 409).findFirst()
        .orElseThrow();
    assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(refused.getBody().path("detail").asText()).contains(key).contains("still running");
    assertThat(listed("admin", "/api/backup-verifications?backupSet=good").path("totalElements").asLong())
        .as("one verification started").isEqualTo(before + 1);
    assertThat(awaitOutcome(key).path("status").asText()).isEqualTo("PASSED");
  }

  @Test
  void aFinishedVerificationThatStillHoldsItsSetLetsGoWhenTheNextIsAskedFor() {
    String first = start("l3", "good").getBody().path("key").asText();
    assertThat(awaitOutcome(first).path("status").asText()).isEqualTo("PASSED");
    // Judged by a node of the previous release during a rolling upgrade: its mapping has no ad_hoc_running_set, so
    // the hold stays although the verification is over.
    assertThat(new JdbcTemplate(dataSource).update(
        "UPDATE backup_verification SET ad_hoc_running_set = 'good' WHERE verification_key = ?", first)).isEqualTo(1);

    ResponseEntity<JsonNode> next = start("l2", "good");

    assertThat(next.getStatusCode().value()).as(next.getBody().toString()).isEqualTo(201);
    assertThat(awaitOutcome(next.getBody().path("key").asText()).path("status").asText()).isEqualTo("PASSED");
  }

  /** Starts one ad-hoc verification of {@code set} as each user, all at the same moment; their answers. */
  static List<ResponseEntity<JsonNode>> startTogether(
      BiFunction<String, String, ResponseEntity<JsonNode>> start, String userA, String userB,
      String set) throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ResponseEntity<JsonNode>>> requests = new ArrayList<>();
      for (String user : List.of(userA, userB)) {
        requests.add(pool.submit(() -> {
          together.await();
          return start.apply(user, set);
        }));
      }
      List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
      for (Future<ResponseEntity<JsonNode>> request : requests) {
        answers.add(request.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBackupOlderThanItsRecoveryPointObjectiveFails() {
    String key = start("l3", "stale").getBody().path("key").asText();

    JsonNode done = awaitOutcome(key);

    assertThat(done.path("status").asText()).isEqualTo("FAILED");
    assertThat(done.path("mismatchCount").asLong()).isZero();
    assertThat(done.path("backupAgeHours").asDouble()).isGreaterThanOrEqualTo(71.9);
    assertThat(done.path("failureReason").asText()).contains("RPO");
    assertIncidentLinked(done, "stale");
  }

  // ---------------------------------------------------------------------------------------------- scheduling

  @Test
  void twoSchedulersOnOneDatabaseRunAScheduledVerificationOnce() throws Exception {
    Instant now = Instant.parse("2030-01-01T05:00:00Z");
    Instant due = Instant.parse("2029-12-31T18:00:00Z"); // 03:00 in Tokyo (UTC+9)
    Clock fixed = Clock.fixed(now, ZoneOffset.UTC);
    BackupScheduler nodeA = new BackupScheduler(properties, service, runs, transactionManager, fixed, "node-a");
    BackupScheduler nodeB = new BackupScheduler(properties, service, runs, transactionManager, fixed, "node-b");
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<String>>> ticks = new ArrayList<>();
      for (BackupScheduler node : List.of(nodeA, nodeB)) {
        Callable<List<String>> tick = () -> {
          together.await();
          return node.runDue(now);
        };
        ticks.add(pool.submit(tick));
      }
      List<String> started = new ArrayList<>();
      for (Future<List<String>> tick : ticks) {
        started.addAll(tick.get());
      }

      assertThat(started).hasSize(1);
      assertThat(runs.findByBackupSetOrderByScheduledForAsc("scheduled"))
          .singleElement().satisfies(run -> {
            assertThat(run.getScheduledFor()).isEqualTo(due);
            assertThat(run.getVerificationKey()).isEqualTo(started.get(0));
          });
      // Later ticks of either node find the due time claimed.
      assertThat(nodeA.runDue(now.plusSeconds(30))).isEmpty();
      assertThat(nodeB.runDue(now.plusSeconds(60))).isEmpty();
      JsonNode done = awaitOutcome(started.get(0));
      assertThat(done.path("trigger").asText()).isEqualTo("SCHEDULED");
      assertThat(done.path("scheduledFor").asText()).isEqualTo(due.toString());
      assertThat(done.path("status").asText()).isEqualTo("PASSED");
      assertThat(listed("admin", "/api/backup-verifications?backupSet=scheduled").path("totalElements").asLong())
          .isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------- access and input

  @Test
  void onlySupportTiersTwoAndThreeAndAdminsMayStartOne() {
    assertThat(start("desk", "good").getStatusCode().value()).isEqualTo(403);
    assertThat(start("manager", "good").getStatusCode().value()).isEqualTo(403);
    assertThat(start("l2", "no-such-set").getStatusCode().value()).isEqualTo(400);
    assertThat(start("desk", "no-such-set").getStatusCode().value()).as("nothing said about sets to others")
        .isEqualTo(403);
    assertThat(anonymous().post().uri("/api/backup-verifications").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("backupSet", "good")).retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    for (Object body : List.of(Map.of("backupSet", "no-such-set"), Map.of("backupSet", "../../etc/passwd"),
        Map.of("backupSet", "good; rm -rf /"), Map.of("backupSet", " "), Map.of())) {
      ResponseEntity<JsonNode> refused = post("l2", body);
      assertThat(refused.getStatusCode().value()).as("%s", body).isEqualTo(400);
      assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
      assertThat(refused.getBody().path("field").asText()).as("%s", body).isEqualTo("backupSet");
    }
    ResponseEntity<JsonNode> unknownField = post("l2", Map.of("backupSet", "good", "restoreCommand", "sh"));
    assertThat(unknownField.getStatusCode().value()).isEqualTo(400);
    assertThat(unknownField.getBody().path("field").asText()).isEqualTo("restoreCommand");
    assertThat(listed("admin", "/api/backup-verifications?backupSet=no-such-set").path("totalElements").asLong())
        .isZero();
  }

  @Test
  void theListPagesFiltersAndShowsOnlyWhatTheCallerMaySee() {
    String key = start("l3", "good").getBody().path("key").asText();
    awaitOutcome(key);

    JsonNode passed = listed("l2", "/api/backup-verifications?backupSet=good&status=PASSED&size=100");
    assertThat(passed.path("content").findValuesAsText("key")).contains(key);
    assertThat(passed.path("content").findValuesAsText("backupSet")).containsOnly("good");
    assertThat(listed("l2", "/api/backup-verifications?backupSet=good&status=FAILED").path("content")
        .findValuesAsText("key")).doesNotContain(key);
    assertThat(listed("manager", "/api/backup-verifications?size=1").path("content")).hasSize(1);
    assertThat(listed("fin", "/api/backup-verifications?backupSet=good").path("totalElements").asLong()).isZero();
    assertThat(get("fin", "/api/backup-verifications/" + key).getStatusCode().value()).isEqualTo(404);
    assertThat(get("desk", "/api/backup-verifications/" + key).getStatusCode().value()).isEqualTo(200);
    assertThat(get("manager", "/api/backup-verifications/" + key).getStatusCode().value()).isEqualTo(200);
    ResponseEntity<JsonNode> tooBig = get("l2", "/api/backup-verifications?size=101");
    assertThat(tooBig.getStatusCode().value()).isEqualTo(400);
    assertThat(tooBig.getBody().path("field").asText()).isEqualTo("size");
    ResponseEntity<JsonNode> badStatus = get("l2", "/api/backup-verifications?status=BROKEN");
    assertThat(badStatus.getStatusCode().value()).isEqualTo(400);
    assertThat(badStatus.getBody().path("field").asText()).isEqualTo("status");
  }

  @Test
  void theOwnerGroupOfASetSeesItsVerificationsAndInvestigatesThemWhileOthersStillGet404() {
    JsonNode failed = awaitOutcome(start("l3", "payroll").getBody().path("key").asText());
    String key = failed.path("key").asText();
    assertThat(failed.path("ownerGroup").asText()).isEqualTo("finance");
    Task task = investigation(failed);
    assertThat(taskService.getIdentityLinksForTask(task.getId()))
        .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("finance"));

    // fin is in finance only: no backup group, not the requester, yet its group owns the set.
    ResponseEntity<JsonNode> read = get("fin", "/api/backup-verifications/" + key);
    assertThat(read.getStatusCode().value()).as("%s", read.getBody()).isEqualTo(200);
    assertThat(read.getBody().path("failureReason").asText()).contains("exit code 4");
    JsonNode finsList = listed("fin", "/api/backup-verifications?status=FAILED&size=100");
    assertThat(finsList.path("content").findValuesAsText("key")).contains(key);
    assertThat(finsList.path("content").findValuesAsText("backupSet")).as("only the sets finance owns")
        .containsOnly("payroll");
    assertThat(get("l3", "/api/backup-verifications/" + key).getStatusCode().value()).isEqualTo(200);

    // pm is in project-managers: neither a backup group nor the owner group, nor the requester.
    assertThat(get("pm", "/api/backup-verifications/" + key).getStatusCode().value()).isEqualTo(404);
    assertThat(listed("pm", "/api/backup-verifications?backupSet=payroll").path("totalElements").asLong()).isZero();

    ResponseEntity<String> done = as("fin").post().uri("/engine-rest/task/" + task.getId() + "/complete")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", Map.of("findings", Map.of("value",
            "Archive share renamed by the payroll vendor; backup path corrected", "type", "String"))))
        .retrieve().toEntity(String.class);
    assertThat(done.getStatusCode().value()).as(done.getBody()).isEqualTo(204);
    JsonNode investigated = get("fin", "/api/backup-verifications/" + key).getBody();
    assertThat(investigated.path("investigatedBy").asText()).isEqualTo("fin");
    assertThat(investigated.path("findings").asText()).startsWith("Archive share renamed");
  }

  // ---------------------------------------------------------------------------------------------- loading by key

  @Test
  void aVerificationIsLoadedByItsKeyAsNaturalIdAtMostOncePerTransaction() {
    Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
    statistics.setStatisticsEnabled(true);
    try {
      TransactionTemplate transaction = new TransactionTemplate(transactionManager);
      statistics.clear();
      String key = transaction.execute(status -> {
        // The key is assigned after the insert; the process start attaches its instance to the record by that key.
        String started = service.startScheduled("good", Instant.parse("2031-01-01T03:00:00Z")).key();
        assertThat(service.taskDetails(started).backupSet()).isEqualTo("good");
        assertThat(naturalIdSelects(statistics)).as("verification rows selected by key while creating").isZero();
        return started;
      });
      assertThat(awaitOutcome(key).path("processInstanceId").asText()).isNotBlank();

      statistics.clear();
      transaction.executeWithoutResult(status -> {
        assertThat(service.taskDetails(key).key()).isEqualTo(key);
        assertThat(service.model(key)).containsEntry("backupSet", "good").containsEntry("status", "PASSED");
      });
      assertThat(naturalIdSelects(statistics)).as("verification rows selected by key in two steps of one transaction")
          .isEqualTo(1);
      assertThat(statistics.getQueries()).as("no JPQL query by key").noneMatch(q -> q.contains("verificationKey"));
    } finally {
      statistics.setStatisticsEnabled(false);
    }
  }

  // ---------------------------------------------------------------------------------------------- the investigation

  @Test
  void theInvestigationIsCompletedOnlyByAPersonWithFindings() {
    JsonNode failed = awaitOutcome(start("l3", "failing").getBody().path("key").asText());
    Task task = investigation(failed);

    assertThatThrownBy(() -> taskService.complete(task.getId(), Map.of("findings", "fine")))
        .hasRootCauseInstanceOf(ForbiddenException.class);

    ResponseEntity<JsonNode> missing = as("l3").post().uri("/engine-rest/task/" + task.getId() + "/complete")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", Map.of())).retrieve()
        .toEntity(JsonNode.class);
    assertThat(missing.getStatusCode().value()).isEqualTo(400);
    assertThat(missing.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(missing.getBody().path("field").asText()).isEqualTo("findings");

    ResponseEntity<String> done = as("l3").post().uri("/engine-rest/task/" + task.getId() + "/complete")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", Map.of("findings", Map.of("value",
            "Repository lock left by a crashed backup job; removed, restore re-tested", "type", "String"))))
        .retrieve().toEntity(String.class);
    assertThat(done.getStatusCode().value()).isEqualTo(204);
    JsonNode investigated = get("l3", "/api/backup-verifications/" + failed.path("key").asText()).getBody();
    assertThat(investigated.path("investigatedBy").asText()).isEqualTo("l3");
    assertThat(investigated.path("findings").asText()).startsWith("Repository lock");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static long naturalIdSelects(Statistics statistics) {
    return statistics.getNaturalIdStatistics(BackupVerification.class.getName()).getExecutionCount();
  }

  private void assertIncidentLinked(JsonNode verification, String set) {
    String key = verification.path("key").asText();
    String number = verification.path("incidentNumber").asText();
    assertThat(number).as("incident of %s", key).matches("INC-\\d{6}");
    JsonNode incident = get("admin", "/api/incidents/" + number).getBody();
    assertThat(incident.path("category").asText()).isEqualTo("backup");
    assertThat(incident.path("configurationItem").asText()).isEqualTo(set);
    assertThat(incident.path("description").asText()).contains(key);
  }

  private Task investigation(JsonNode verification) {
    String instance = verification.path("processInstanceId").asText();
    await().atMost(WAIT).until(() -> taskService.createTaskQuery().processInstanceId(instance).count() == 1);
    return taskService.createTaskQuery().processInstanceId(instance).singleResult();
  }

  private JsonNode awaitOutcome(String key) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      JsonNode v = get("admin", "/api/backup-verifications/" + key).getBody();
      return !"RUNNING".equals(v.path("status").asText())
          && (!"FAILED".equals(v.path("status").asText()) || v.hasNonNull("incidentNumber"));
    });
    return get("admin", "/api/backup-verifications/" + key).getBody();
  }

  private long runningCount() {
    return listed("admin", "/api/backup-verifications?status=RUNNING").path("totalElements").asLong();
  }

  private ResponseEntity<JsonNode> start(String user, String set) {
    return post(user, Map.of("backupSet", set));
  }

  private ResponseEntity<JsonNode> post(String user, Object body) {
    return as(user).post().uri("/api/backup-verifications").contentType(MediaType.APPLICATION_JSON).body(body)
        .retrieve().toEntity(JsonNode.class);
  }

  private ResponseEntity<JsonNode> get(String user, String path) {
    return as(user).get().uri(path).retrieve().toEntity(JsonNode.class);
  }

  private JsonNode listed(String user, String path) {
    ResponseEntity<JsonNode> response = get(user, path);
    assertThat(response.getStatusCode().value()).as("GET %s as %s: %s", path, user, response.getBody())
        .isEqualTo(200);
    return response.getBody();
  }

  private static String manifestLine(Path set, String name) throws Exception {
    return ManifestVerifierTest.sha256(Files.readAllBytes(set.resolve(name))) + "  " + name + "\n";
  }

  private static void write(Path set, String name, String content) throws IOException {
    Path file = set.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static Path tempRoot() {
    try {
      Path root = Files.createTempDirectory("sopflow-backup-it");
      Files.createDirectories(root.resolve("scratch"));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
