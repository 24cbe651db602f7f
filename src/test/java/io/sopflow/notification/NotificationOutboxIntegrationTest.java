package io.sopflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox end to end, on H2 with a real SMTP server of this class's own (so that it can be taken down): a
 * notification is recorded in the business step's transaction and mailed once after its commit; an SMTP outage means
 * retries with backoff and delivery after recovery; dispatchers on several nodes never mail one row twice; the row of a
 * node that died holding it is mailed after the lease.
 */
class NotificationOutboxIntegrationTest extends IntegrationTestBase {

  private static final Duration LEASE = Duration.ofSeconds(3);
  /** The test JVM's SMTP server, taken down and brought back (same object, same port) by the outage tests. */
  private static final GreenMail smtp = greenMail;
  private static boolean smtpDown;

  @DynamicPropertySource
  static void outbox(DynamicPropertyRegistry registry) {
    registry.add("sopflow.notification.node-id", () -> "test-node");
    registry.add("sopflow.notification.lease", LEASE::toString);
    registry.add("sopflow.notification.initial-backoff", () -> "PT1S");
    registry.add("sopflow.notification.max-backoff", () -> "PT4S");
    registry.add("sopflow.notification.max-attempts", () -> "5");
  }

  @Autowired NotificationService notifications;
  @Autowired io.sopflow.access.AccountLocks accountLocks;
  @Autowired NotificationRepository repository;
  @Autowired NotificationOutbox outbox;
  @Autowired TaskLinks taskLinks;
  @Autowired Optional<JavaMailSender> mailSender;
  @Autowired MailProperties mailProperties;
  @Autowired NotificationProperties properties;
  @Autowired EntityManager entityManager;
  @Autowired PlatformTransactionManager transactionManager;

  private TransactionTemplate transaction;

  @BeforeEach
  void smtpUpAndEmpty() throws Exception {
    transaction = new TransactionTemplate(transactionManager);
    smtpUp();
    smtp.purgeEmailFromAllMailboxes();
  }

  @AfterAll
  static void smtpUpForTheNextTests() {
    smtpUp();
  }

  private static void smtpDown() {
    smtp.stop();
    smtpDown = true;
  }

  private static void smtpUp() {
    if (smtpDown) {
      smtp.start();
      smtpDown = false;
    }
  }

  // ------------------------------------------------------------------------------------------- business transaction

  @Test
  void aStepThatRollsBackLeavesNoNotificationAndMailsNothing() {
    String reference = reference();
    BpmnModelInstance model = Bpmn.createExecutableProcess("OutboxRollbackTest").camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("Task_Notify").camundaDelegateExpression("${sendNotificationDelegate}")
        .camundaInputParameter("template", "change-approval-reminder")
        .camundaInputParameter("recipientUsers", "desk")
        // The step goes wrong after the notification task: an expression naming no variable and no bean.
        .serviceTask("Task_Fail").camundaExpression("${noSuchVariableOrBeanInThisApplication}")
        .endEvent().done();
    deploy(model);

    assertThatThrownBy(() -> processEngine.getRuntimeService()
        .startProcessInstanceByKey("OutboxRollbackTest", reference)).isInstanceOf(RuntimeException.class);

    assertThat(notifications.forReference(reference)).as("rolled back with the step").isEmpty();
    sleep(Duration.ofSeconds(1)); // five dispatcher runs
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void aPersonNamedWhoLeftIsNotMailedAndTheRowSaysWhoWasLeftOutAndWhy() {
    String stays = personIn("ntfstay-" + UUID.randomUUID().toString().substring(0, 8));
    String left = personIn("ntfleft-" + UUID.randomUUID().toString().substring(0, 8));
    accountLocks.lock(left); // what POST /api/leavers does to the account
    String reference = reference();

    Notification both = record(new NotificationRequest(reference + ":both", "change-approval-reminder", reference,
        List.of(stays, left), List.of(), Map.of()));
    Notification leaverOnly = record(new NotificationRequest(reference + ":leaver", "change-approval-reminder",
        reference, List.of(left, "nobody-of-that-name"), List.of(), Map.of()));

    assertThat(both.getRecipients()).isEqualTo(stays + "@sopflow.local");
    assertThat(both.getStatus()).isEqualTo(Notification.Status.PENDING);
    assertThat(both.getLeftOut()).isEqualTo(left + ": account locked (left or contained)");
    assertThat(leaverOnly.getRecipients()).isEmpty();
    assertThat(leaverOnly.getStatus()).as("not sent: nobody to mail").isEqualTo(Notification.Status.RECORDED);
    assertThat(leaverOnly.getLeftOut()).isEqualTo(left + ": account locked (left or contained); "
        + "nobody-of-that-name: not a known user");
    JsonNode shown = as("admin").get().uri("/api/notifications?reference={r}", reference).retrieve()
        .body(JsonNode.class).path("content");
    assertThat(shown).extracting(n -> n.get("leftOut").asText())
        .containsExactly(left + ": account locked (left or contained)", leaverOnly.getLeftOut());
    await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(stays + "@sopflow.local").isEmpty());
    assertThat(mailsTo(left + "@sopflow.local")).isEmpty();
  }

  private Notification record(NotificationRequest request) {
    return transaction.execute(status -> notifications.send(request).orElseThrow());
  }

  @Test
  void aCommittedStepHasItsNotificationWhichIsMailedOnceAndLinksToTheTaskThatFollowedIt() throws Exception {
    String reference = reference();
    BpmnModelInstance model = Bpmn.createExecutableProcess("OutboxCommitTest").camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("Task_Notify").camundaDelegateExpression("${sendNotificationDelegate}")
        .camundaInputParameter("template", "change-approval-reminder")
        .camundaInputParameter("recipientUsers", "desk")
        .camundaInputParameter("taskDefinitionKey", "Task_Decide")
        .userTask("Task_Decide").name("Decide the test case")
        .endEvent().done();
    deploy(model);

    String instance = processEngine.getRuntimeService().startProcessInstanceByKey("OutboxCommitTest", reference).getId();

    // Recorded in the step's own transaction: there as soon as the start has returned, whatever the dispatcher does.
    List<Notification> recorded = notifications.forReference(reference);
    assertThat(recorded).hasSize(1);
    assertThat(recorded.get(0).getDedupeKey()).startsWith("activity:Task_Notify");
    Task task = processEngine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult();

    MimeMessage mail = awaitMail(recorded.get(0).getDedupeKey());
    assertThat(GreenMailUtil.getBody(mail)).contains("Task: Decide the test case")
        .contains("#/?task=" + task.getId()).doesNotContain("{{");
    assertThat(mail.getHeader("Message-ID")[0]).isEqualTo(NotificationService.messageId(recorded.get(0).getDedupeKey()));
    // Marked SENT in its own transaction right after the server accepted it: a moment after the mail arrived.
    Notification sent = await().atMost(Duration.ofSeconds(10))
        .until(() -> repository.findById(recorded.get(0).getId()).orElseThrow(),
            n -> n.getStatus() == Notification.Status.SENT);
    assertThat(sent.getAttempts()).isEqualTo(1);
    assertThat(sent.getBody()).as("what was mailed").contains("#/?task=" + task.getId());

    sleep(Duration.ofSeconds(1));
    assertThat(copiesOf(sent.getDedupeKey())).as("mailed once").isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------------- SMTP outage

  @Test
  void anSmtpOutageMeansRetriesWithGrowingWaitsAndOneMailAfterRecovery() throws Exception {
    smtpDown();
    Notification recorded = record(reference());

    // First attempt fails: PENDING, one attempt, error kept, next attempt initial-backoff (1 s) later.
    Notification afterFirst = awaitRow(recorded.getId(), n -> n.getAttempts() == 1);
    Notification afterSecond = awaitRow(recorded.getId(), n -> n.getAttempts() == 2);
    assertThat(afterFirst.getStatus()).isEqualTo(Notification.Status.PENDING);
    assertThat(afterFirst.getLastError()).contains("MailConnectException");
    // The second attempt came no earlier than the first wait allowed, and its own wait is twice as long (2 s).
    assertThat(afterSecond.getStatus()).isEqualTo(Notification.Status.PENDING);
    assertThat(Duration.between(afterFirst.getNextAttemptAt(), afterSecond.getNextAttemptAt()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

    smtpUp();
    MimeMessage mail = awaitMail(recorded.getDedupeKey());
    assertThat(mail.getSubject()).contains(recorded.getReference());
    Notification sent = awaitRow(recorded.getId(), n -> n.getStatus() == Notification.Status.SENT);
    assertThat(sent.getAttempts()).isGreaterThanOrEqualTo(3);
    // No task placeholders: marked SENT without writing its text again, which stays as recorded.
    assertThat(sent.getSentAt()).isNotNull();
    assertThat(sent.getSubject()).isEqualTo(recorded.getSubject());
    assertThat(sent.getBody()).isEqualTo(recorded.getBody()).doesNotContain("{{");
    sleep(Duration.ofSeconds(1));
    assertThat(copiesOf(recorded.getDedupeKey())).as("no duplicate").isEqualTo(1);
  }

  @Test
  void aNotificationThatNeverGetsThroughIsMarkedFailedAfterMaxAttemptsAndShownToManagers() throws Exception {
    smtpDown();
    Notification recorded = record(reference());

    // max-attempts 5 with waits 1, 2, 4, 4 s: FAILED about 11 s after the first attempt.
    Notification failed = awaitRow(recorded.getId(), n -> n.getStatus() == Notification.Status.FAILED,
        Duration.ofSeconds(40));
    assertThat(failed.getAttempts()).isEqualTo(5);
    assertThat(failed.getLastError()).isNotBlank();

    JsonNode shown = as("manager").get().uri("/api/notifications?reference={r}", recorded.getReference())
        .retrieve().body(JsonNode.class).path("content");
    assertThat(shown.get(0).path("status").asText()).isEqualTo("FAILED");
    assertThat(shown.get(0).path("attempts").asInt()).isEqualTo(5);
    assertThat(shown.get(0).path("lastError").asText()).contains("MailConnectException");
    assertThat(shown.get(0).has("claimedBy")).as("the outbox's bookkeeping is not shown").isFalse();
    assertThat(shown.get(0).has("dedupeKey")).isFalse();
    assertThat(shown.get(0).has("attachmentContent")).isFalse();

    smtpUp();
    sleep(Duration.ofSeconds(1));
    assertThat(copiesOf(recorded.getDedupeKey())).as("given up, not retried behind anyone's back").isZero();
  }

  /**
   * {@code GET /api/notifications} is a list of {@code /api}: a page at a time, oldest first, {@code size} 1 to 100
   * (more is refused naming it), so that a record with many notifications is never answered all at once.
   */
  @Test
  void aRecordsNotificationsAreShownAPageAtATimeOldestFirst() {
    String reference = reference();
    List<Long> ids = List.of(record(reference).getId(), record(reference).getId(), record(reference).getId());

    JsonNode first = as("manager").get().uri("/api/notifications?reference={r}&size=2", reference).retrieve()
        .body(JsonNode.class);
    assertThat(first.path("content").findValues("id")).extracting(JsonNode::asLong)
        .containsExactly(ids.get(0), ids.get(1));
    assertThat(first.path("totalElements").asLong()).isEqualTo(3);
    assertThat(first.path("totalPages").asInt()).isEqualTo(2);
    JsonNode second = as("manager").get().uri("/api/notifications?reference={r}&page=1&size=2", reference)
        .retrieve().body(JsonNode.class);
    assertThat(second.path("content").findValues("id")).extracting(JsonNode::asLong).containsExactly(ids.get(2));

    for (String size : List.of("0", "101")) {
      ResponseEntity<JsonNode> refused = as("manager").get()
          .uri("/api/notifications?reference={r}&size={s}", reference, size).retrieve().toEntity(JsonNode.class);
      assertThat(refused.getStatusCode().value()).as(size).isEqualTo(400);
      assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
      assertThat(refused.getBody().path("field").asText()).isEqualTo("size");
    }
  }

  // ------------------------------------------------------------------------------------------------- several nodes

  @Test
  void twoClaimersRacingForTheSameRowsNeverGetTheSameRow() throws Exception {
    // Rows due only in the claimers' future, so that this node's scheduled dispatcher leaves them alone.
    Instant future = Instant.now().plus(Duration.ofDays(1));
    List<Long> ids = recordMany(60, future);
    Instant claimTime = future.plusSeconds(1);

    List<Long> claimedByA = Collections.synchronizedList(new ArrayList<>());
    List<Long> claimedByB = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (List<Long> mine : List.of(claimedByA, claimedByB)) {
        String node = mine == claimedByA ? "node-a" : "node-b";
        running.add(nodes.submit(() -> {
          together.await();
          for (int round = 0; round < 100; round++) {
            List<Notification> rows = outbox.claim(node, 7, claimTime, LEASE).rows();
            rows.forEach(row -> mine.add(row.getId()));
            if (rows.isEmpty() && mine.size() + otherSize(claimedByA, claimedByB, mine) >= ids.size()) {
              break;
            }
          }
          return null;
        }));
      }
      for (Future<?> future1 : running) {
        future1.get(60, TimeUnit.SECONDS);
      }
    } finally {
      nodes.shutdownNow();
      delete(ids);
    }
    // Which claimer wins each round is the database's business (both select the same oldest rows, one conditional
    // update takes them): one of them may win every round, which is correct, so only the outcome is asserted.
    assertThat(claimedByA.size() + claimedByB.size()).as("rows claimed in all").isEqualTo(ids.size());
    // All of the rows, each exactly once: no row went to both claimers, none to one claimer twice. (Written without
    // doesNotContainAnyElementsOf, which refuses an empty list, and one claimer winning every round is legitimate.)
    List<Long> all = new ArrayList<>(claimedByA);
    all.addAll(claimedByB);
    assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void twoDispatchersMailingTheSameOutboxAtOnceMailEachNotificationOnce() throws Exception {
    Instant future = Instant.now().plus(Duration.ofDays(1));
    List<Long> ids = recordMany(40, future);
    List<String> keys = ids.stream().map(id -> repository.findById(id).orElseThrow().getDedupeKey()).toList();
    // Two more "nodes", living a day ahead so that only they see these rows, with small batches to interleave.
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofDays(1).plusSeconds(1));
    List<NotificationDispatcher> dispatchers = List.of(dispatcher("node-a", ahead), dispatcher("node-b", ahead));
    AtomicInteger handled = new AtomicInteger();
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (NotificationDispatcher dispatcher : dispatchers) {
        running.add(nodes.submit(() -> {
          together.await();
          for (int round = 0; round < 200 && handled.get() < ids.size(); round++) {
            handled.addAndGet(dispatcher.dispatch());
          }
          return null;
        }));
      }
      for (Future<?> node : running) {
        node.get(60, TimeUnit.SECONDS);
      }
    } finally {
      nodes.shutdownNow();
    }
    assertThat(handled.get()).as("rows claimed in all").isGreaterThanOrEqualTo(ids.size());
    await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length >= ids.size());
    sleep(Duration.ofMillis(500));
    for (String key : keys) {
      assertThat(copiesOf(key)).as("copies of %s", key).isEqualTo(1);
    }
    assertThat(ids).allSatisfy(id -> assertThat(repository.findById(id).orElseThrow().getStatus())
        .isEqualTo(Notification.Status.SENT));
    Set<String> senders = new HashSet<>();
    ids.forEach(id -> senders.add(repository.findById(id).orElseThrow().getClaimedBy().split(":")[0]));
    assertThat(senders).as("both nodes mailed").containsExactlyInAnyOrder("node-a", "node-b");
  }

  @Test
  void aRowClaimedByANodeThatDiedIsMailedOnceItsLeaseHasExpired() throws Exception {
    String reference = reference();
    Instant claimedAt = Instant.now();
    // Recorded and, in the same transaction, claimed by a node that then dies without a word.
    Notification recorded = transaction.execute(tx -> {
      Notification row = notifications.send(request(reference)).orElseThrow();
      entityManager.createQuery("update Notification n set n.claimedBy = :claim, n.claimedUntil = :until"
              + " where n.id = :id")
          .setParameter("claim", "dead-node:1").setParameter("until", claimedAt.plus(LEASE))
          .setParameter("id", row.getId()).executeUpdate();
      return row;
    });

    sleep(Duration.ofMillis(2000));
    assertThat(copiesOf(recorded.getDedupeKey())).as("not while the dead node's lease runs").isZero();

    awaitMail(recorded.getDedupeKey());
    Instant mailedAt = Instant.now();
    assertThat(mailedAt).isAfterOrEqualTo(claimedAt.plus(LEASE));
    Notification sent = awaitRow(recorded.getId(), n -> n.getStatus() == Notification.Status.SENT);
    assertThat(sent.getClaimedBy()).startsWith("test-node:");
    assertThat(sent.getAttempts()).isEqualTo(1);
    sleep(Duration.ofSeconds(1));
    assertThat(copiesOf(recorded.getDedupeKey())).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------------- helpers

  private NotificationDispatcher dispatcher(String node, Clock wallClock) {
    NotificationProperties nodeProperties = new NotificationProperties(properties.dispatchInterval(), 3,
        properties.lease(), properties.initialBackoff(), properties.maxBackoff(), properties.maxAttempts(), node);
    return new NotificationDispatcher(outbox, taskLinks, mailSender, mailProperties, nodeProperties, notifications,
        "127.0.0.1", Clock.systemUTC(), wallClock);
  }

  private static int otherSize(List<Long> a, List<Long> b, List<Long> mine) {
    return mine == a ? b.size() : a.size();
  }

  private NotificationRequest request(String reference) {
    return new NotificationRequest("test:" + UUID.randomUUID(), "change-approval-reminder", reference,
        List.of("desk"), List.of(), Map.of());
  }

  private Notification record(String reference) {
    return transaction.execute(tx -> notifications.send(request(reference)).orElseThrow());
  }

  /** Records {@code count} notifications in one transaction, not due before {@code dueAt}. */
  private List<Long> recordMany(int count, Instant dueAt) {
    return transaction.execute(tx -> {
      List<Long> ids = new ArrayList<>();
      String reference = reference();
      for (int i = 0; i < count; i++) {
        ids.add(notifications.send(request(reference)).orElseThrow().getId());
      }
      entityManager.createQuery("update Notification n set n.nextAttemptAt = :due where n.id in :ids")
          .setParameter("due", dueAt).setParameter("ids", ids).executeUpdate();
      return ids;
    });
  }

  private void delete(List<Long> ids) {
    transaction.executeWithoutResult(tx -> entityManager.createQuery("delete from Notification n where n.id in :ids")
        .setParameter("ids", ids).executeUpdate());
  }

  private void deploy(BpmnModelInstance model) {
    processEngine.getRepositoryService().createDeployment().name("outbox-test")
        .addModelInstance(model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
            .iterator().next().getId() + ".bpmn", model).deploy();
  }

  private Notification awaitRow(Long id, java.util.function.Predicate<Notification> condition) {
    return awaitRow(id, condition, Duration.ofSeconds(20));
  }

  private Notification awaitRow(Long id, java.util.function.Predicate<Notification> condition, Duration timeout) {
    Notification[] found = new Notification[1];
    await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
      found[0] = repository.findById(id).orElseThrow();
      return condition.test(found[0]);
    });
    return found[0];
  }

  private MimeMessage awaitMail(String dedupeKey) {
    String messageId = NotificationService.messageId(dedupeKey);
    MimeMessage[] found = new MimeMessage[1];
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
      found[0] = smtpDown ? null : Arrays.stream(smtp.getReceivedMessages())
          .filter(m -> messageId.equals(messageId(m))).findFirst().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  private long copiesOf(String dedupeKey) {
    String messageId = NotificationService.messageId(dedupeKey);
    return smtpDown ? 0 : Arrays.stream(smtp.getReceivedMessages()).filter(m -> messageId.equals(messageId(m)))
        .count();
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String reference() {
    return "TST-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
