package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.audit.AuditEntry;
import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail can be trusted: decisions appear in it, and an entry edited or deleted behind SOPFlow's back (plain
 * SQL, at the start, in the middle or at the end) is found by {@code GET /api/audit/verification}. Every test puts the
 * rows back as they were, so the shared chain is intact again afterwards.
 */
class AuditTrailIntegrationTest extends ReliabilityIntegrationTestBase {

  static final int THREADS = 8;
  static final int ENTRIES_PER_THREAD = 50;

  @Autowired AuditTrail auditTrail;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void reportingAnIncidentIsRecordedWithItsActorAndShownToManagersOnly() {
    JsonNode incident = as("desk").post().uri("/api/incidents").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Mail is down", "description", "Nobody receives mail", "impact", "HIGH",
            "urgency", "LOW", "category", "mail"))
        .retrieve().body(JsonNode.class);
    String number = incident.path("number").asText();
    assertThat(number).startsWith("INC-");
    // Written with the incident; chained by the sealer moments later (here: now).
    auditTrail.sealPending();

    JsonNode entries = as("manager").get().uri("/api/audit?subject={n}", number).retrieve().body(JsonNode.class)
        .path("content");
    assertThat(entries).isNotEmpty();
    assertThat(entries.get(0).path("action").asText()).isEqualTo("REPORTED");
    assertThat(entries.get(0).path("actor").asText()).isEqualTo("desk");
    assertThat(entries.get(0).path("sealed").asBoolean()).isTrue();
    assertThat(entries.get(0).path("hash").asText()).hasSize(64);
    assertThat(as("desk").get().uri("/api/audit?subject={n}", number).retrieve().toBodilessEntity()
        .getStatusCode().value()).isEqualTo(403);
    assertThat(verification().path("intact").asBoolean()).isTrue();
  }

  /**
   * {@code GET /api/audit} is a list of {@code /api}: a page at a time, oldest first, {@code size} 1 to 100 (more is
   * refused naming it). A subject can have many entries (every incident that joins a problem is one on the problem),
   * and none is answered all at once.
   */
  @Test
  void aSubjectsEntriesAreShownAPageAtATimeOldestFirst() {
    String subject = "PAGED-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    List<Long> seqs = record(subject, 25);

    JsonNode first = as("manager").get().uri("/api/audit?subject={s}", subject).retrieve().body(JsonNode.class);
    assertThat(first.path("content").findValues("seq")).extracting(JsonNode::asLong)
        .containsExactlyElementsOf(seqs.subList(0, 20));
    assertThat(first.path("totalElements").asLong()).isEqualTo(25);
    assertThat(first.path("totalPages").asInt()).isEqualTo(2);
    JsonNode last = as("manager").get().uri("/api/audit?subject={s}&page=1", subject).retrieve()
        .body(JsonNode.class);
    assertThat(last.path("content").findValues("seq")).extracting(JsonNode::asLong)
        .containsExactlyElementsOf(seqs.subList(20, 25));

    for (String size : List.of("0", "101")) {
      ResponseEntity<JsonNode> refused = as("manager").get().uri("/api/audit?subject={s}&size={n}", subject, size)
          .retrieve().toEntity(JsonNode.class);
      assertThat(refused.getStatusCode().value()).as(size).isEqualTo(400);
      assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
      assertThat(refused.getBody().path("field").asText()).isEqualTo("size");
    }
  }

  @Test
  void anEntryWhoseDetailsAreUpdatedWithPlainSqlIsReportedAsAltered() {
    List<Long> seqs = record(5, "update");
    long victim = seqs.get(2);
    String original = jdbc().queryForObject("select details from audit_entry where seq = ?", String.class, victim);
    try {
      jdbc().update("update audit_entry set details = ? where seq = ?", "approved by nobody", victim);
      JsonNode result = verification();
      assertThat(result.path("intact").asBoolean()).isFalse();
      assertThat(result.path("firstBadSeq").asLong()).isEqualTo(victim);
      assertThat(result.path("problem").asText()).contains("altered");
    } finally {
      jdbc().update("update audit_entry set details = ? where seq = ?", original, victim);
    }
    assertThat(verification().path("intact").asBoolean()).isTrue();
  }

  @Test
  void anEntryDeletedInTheMiddleBreaksTheChainAtItsPlace() {
    List<Long> seqs = record(5, "delete-middle");
    long victim = seqs.get(2);
    Map<String, Object> row = jdbc().queryForMap("select * from audit_entry where seq = ?", victim);
    try {
      jdbc().update("delete from audit_entry where seq = ?", victim);
      JsonNode result = verification();
      assertThat(result.path("intact").asBoolean()).isFalse();
      assertThat(result.path("firstBadSeq").asLong()).isEqualTo(victim);
      assertThat(result.path("problem").asText()).contains("missing");
    } finally {
      reinsert(row);
    }
    assertThat(verification().path("intact").asBoolean()).isTrue();
  }

  @Test
  void theLastEntryDeletedIsFoundThroughTheChainHead() {
    List<Long> seqs = record(3, "delete-last");
    long victim = seqs.get(seqs.size() - 1);
    Map<String, Object> row = jdbc().queryForMap("select * from audit_entry where seq = ?", victim);
    try {
      jdbc().update("delete from audit_entry where seq = ?", victim);
      JsonNode result = verification();
      assertThat(result.path("intact").asBoolean()).isFalse();
      assertThat(result.path("firstBadSeq").asLong()).isEqualTo(victim);
      assertThat(result.path("problem").asText()).contains("deleted");
    } finally {
      reinsert(row);
    }
    assertThat(verification().path("intact").asBoolean()).isTrue();
  }

  @Test
  void anEntryRewrittenWithAFreshlyComputedHashStillBreaksTheLinkToItsSuccessor() {
    List<Long> seqs = record(4, "rehash");
    long victim = seqs.get(1);
    Map<String, Object> row = jdbc().queryForMap("select * from audit_entry where seq = ?", victim);
    try {
      // A forger who edits an entry and recomputes its hash correctly: the entry itself checks out, its successor
      // still points at the old hash.
      assertThat(hashOf(row, (String) row.get("DETAILS"))).as("the test hashes like SOPFlow").isEqualTo(row.get("HASH"));
      String forgedDetails = "approved by nobody";
      String forgedHash = hashOf(row, forgedDetails);
      jdbc().update("update audit_entry set details = ?, hash = ? where seq = ?", forgedDetails, forgedHash, victim);
      JsonNode result = verification();
      assertThat(result.path("intact").asBoolean()).isFalse();
      assertThat(result.path("firstBadSeq").asLong()).isEqualTo(victim + 1);
      assertThat(result.path("problem").asText()).contains("does not follow");
    } finally {
      jdbc().update("update audit_entry set details = ?, hash = ? where seq = ?", row.get("DETAILS"), row.get("HASH"),
          victim);
    }
    assertThat(verification().path("intact").asBoolean()).isTrue();
  }

  /** The entry's hash as SOPFlow computes it (see AuditEntry), with other details. */
  private static String hashOf(Map<String, Object> row, String details) {
    Object recorded = row.get("RECORDED_AT");
    java.time.Instant at = recorded instanceof java.sql.Timestamp ts
        ? ts.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC)
        : ((java.time.LocalDateTime) recorded).toInstant(java.time.ZoneOffset.UTC);
    String canonical = String.join("\u001f", row.get("SEQ").toString(),
        Long.toString(at.toEpochMilli() * 1000 + (at.getNano() / 1000) % 1000), (String) row.get("ACTOR"),
        row.get("ON_BEHALF_OF") == null ? "" : (String) row.get("ON_BEHALF_OF"), (String) row.get("ACTION"),
        (String) row.get("SUBJECT_TYPE"), (String) row.get("SUBJECT_KEY"), details, (String) row.get("PREVIOUS_HASH"));
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void eightThreadsRecordingInParallelKeepTheChainLinearAndIntact() throws Exception {
    long before = jdbc().queryForObject("select count(*) from audit_entry", Long.class);
    List<Long> seqs = recordConcurrently(auditTrail, new TransactionTemplate(transactionManager), THREADS,
        ENTRIES_PER_THREAD);
    assertThat(seqs).hasSize(THREADS * ENTRIES_PER_THREAD).doesNotHaveDuplicates();
    assertThat(jdbc().queryForObject("select count(*) from audit_entry", Long.class))
        .isEqualTo(before + THREADS * ENTRIES_PER_THREAD);
    JsonNode result = verification();
    assertThat(result.path("intact").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("entriesChecked").asLong()).isEqualTo(before + THREADS * ENTRIES_PER_THREAD);
  }

  @Test
  void theSealerChainsACommittedEntryOnItsOwnWithinSeconds() {
    String subject = "SEALER-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    new TransactionTemplate(transactionManager).executeWithoutResult(status -> auditTrail.record(
        AuditEvent.of("secoff", "APPROVED", "Probe", subject, "waiting for its seal")));

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(auditTrail.entriesFor(subject)).singleElement()
            .satisfies(entry -> assertThat(entry.isSealed()).isTrue()));
    JsonNode result = verification();
    assertThat(result.path("intact").asBoolean()).as(result.toString()).isTrue();
  }

  @Test
  void entriesOfARolledBackTransactionNeverReachTheChainWhileAnInnerTransactionKeepsItsOwn() {
    String subject = "NESTED-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    TransactionTemplate outer = new TransactionTemplate(transactionManager);
    TransactionTemplate inner = new TransactionTemplate(transactionManager);
    inner.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);

    outer.executeWithoutResult(status -> {
      auditTrail.record(AuditEvent.of("secoff", "APPROVED", "Probe", subject, "outer, rolled back"));
      inner.executeWithoutResult(s -> auditTrail.record(AuditEvent.of("secoff", "APPROVED", "Probe", subject,
          "inner, committed")));
      status.setRollbackOnly();
    });

    assertThat(auditTrail.entriesFor(subject)).extracting(AuditEntry::getDetails).containsExactly("inner, committed");
    JsonNode result = verification();
    assertThat(result.path("intact").asBoolean()).as(result.toString()).isTrue();
  }

  /** Records {@code perThread} entries from each of {@code threads} threads at once; returns their sequence numbers. */
  static List<Long> recordConcurrently(AuditTrail trail, TransactionTemplate tx, int threads, int perThread)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      String run = java.util.UUID.randomUUID().toString().substring(0, 8);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<List<Long>> work = () -> {
          start.await();
          String subject = "CONC-" + run + "-" + thread;
          for (int i = 0; i < perThread; i++) {
            int n = i;
            tx.executeWithoutResult(status -> trail.record(AuditEvent.of("thread-" + thread, "CONCURRENT", "Probe",
                subject, "entry " + n)));
          }
          trail.sealPending();
          List<AuditEntry> mine = trail.entriesFor(subject);
          assertThat(mine).extracting(AuditEntry::getDetails).as("this thread's entries, in the order recorded")
              .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perThread).mapToObj(n -> "entry " + n)
                  .toList());
          assertThat(mine).allSatisfy(e -> assertThat(e.isSealed()).isTrue());
          return mine.stream().map(AuditEntry::getSeq).toList();
        };
        futures.add(pool.submit(work));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> future : futures) {
        all.addAll(future.get(120, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Long> record(int count, String what) {
    return record("TAMPER-" + what + "-" + java.util.UUID.randomUUID().toString().substring(0, 8), count);
  }

  /** {@code count} sealed entries about {@code subject}, one transaction each; their sequence numbers. */
  private List<Long> record(String subject, int count) {
    TransactionTemplate tx = new TransactionTemplate(transactionManager);
    for (int i = 0; i < count; i++) {
      int n = i;
      tx.executeWithoutResult(status -> auditTrail.record(AuditEvent.of("secoff", "APPROVED", "Probe", subject,
          "decision " + n)));
    }
    auditTrail.sealPending();
    List<Long> seqs = auditTrail.entriesFor(subject).stream().map(AuditEntry::getSeq).toList();
    assertThat(seqs).hasSize(count).doesNotContainNull();
    return seqs;
  }

  private void reinsert(Map<String, Object> row) {
    jdbc().update("insert into audit_entry (id, seq, recorded_at, actor, on_behalf_of, action, subject_type, "
            + "subject_key, details, previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row.get("ID"), row.get("SEQ"), row.get("RECORDED_AT"), row.get("ACTOR"), row.get("ON_BEHALF_OF"),
        row.get("ACTION"), row.get("SUBJECT_TYPE"), row.get("SUBJECT_KEY"), row.get("DETAILS"),
        row.get("PREVIOUS_HASH"), row.get("HASH"));
  }

  private JsonNode verification() {
    return as("manager").get().uri("/api/audit/verification").retrieve().body(JsonNode.class);
  }
}
