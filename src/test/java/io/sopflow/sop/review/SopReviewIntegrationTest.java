package io.sopflow.sop.review;

import io.sopflow.sop.SopModels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.audit.AuditEntry;
import io.sopflow.audit.AuditTrail;
import io.sopflow.platform.DeploymentProperties;
import io.sopflow.support.IntegrationTestBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The periodic review of the SOPs end to end, on the engine's clock moved by the test: the scheduler gives every SOP
 * a schedule, starts each due review once even with two nodes ticking at the same moment, the "Review SOP" task
 * reaches the SOP's owner group (the model's {@code ownerGroup}, else process owners), reminds them and escalates to
 * the managers by its SLA, and completing it records the outcome and sets the next due date. The schedule is driven
 * explicitly ({@code sopflow.sops.review.schedule-enabled=false} in the test profile).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = "sopflow.sops.review.interval=P1Y")
class SopReviewIntegrationTest extends IntegrationTestBase {

  static final String INCIDENTS = "IncidentEscalationProcess";
  static final String CHANGES = "ChangeApprovalProcess";

  @Autowired SopReviewService service;
  @Autowired SopReviewScheduler scheduler;
  @Autowired SopReviewProperties properties;
  @Autowired SopReviewScheduleRepository schedules;
  @Autowired SopModels models;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired RepositoryService repositoryService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired AuditTrail auditTrail;
  @Autowired DeploymentProperties deployment;

  private Instant dueTime;

  @AfterAll
  void resetClock() {
    ClockUtil.reset();
  }

  /**
   * The scheduler asks which SOPs exist every ten minutes: the versions are read without their models
   * ({@code ProcessVersions}, whose reading parses no model: PlatformIntegrationTest), and give the SOPs that a process
   * definition query per shipped deployment gave, which parsed every version's model.
   */
  @Test
  void theSopsAreTheProcessesOfTheShippedDeployments() {
    TreeSet<String> shipped = new TreeSet<>();
    repositoryService.createDeploymentQuery().deploymentSource(deployment.name()).list().forEach(d ->
        repositoryService.createProcessDefinitionQuery().deploymentId(d.getId()).list()
            .forEach(definition -> shipped.add(definition.getKey())));
    shipped.remove("SopReviewProcess");

    assertThat(models.sopKeys()).containsExactlyElementsOf(shipped);
  }

  @Test
  @Order(1)
  void everySopGetsAScheduleAYearAfterItsDeploymentAndTwoNodesStartEachDueReviewOnce() throws Exception {
    assertThat(models.sopKeys()).contains(INCIDENTS, CHANGES, "SecurityIncidentProcess")
        .doesNotContain("SopReviewProcess");
    Instant now = ClockUtil.now().toInstant();
    assertThat(scheduler.runDue(now)).as("nothing is due a moment after the deployment").isEmpty();
    for (String key : models.sopKeys()) {
      assertThat(service.nextReviewDue(key)).as(key)
          .contains(ReviewIntervals.after(models.inForce(key).orElseThrow().deployedAt(), Period.ofYears(1)));
    }
    assertThat(service.nextReviewDue("NoSuchProcess")).isEmpty();

    dueTime = service.nextReviewDue(INCIDENTS).orElseThrow().plus(Duration.ofHours(1));
    for (String key : models.sopKeys()) {
      assertThat(service.nextReviewDue(key).orElseThrow()).as(key).isBefore(dueTime);
    }
    ClockUtil.setCurrentTime(Date.from(dueTime));
    List<SopReviewScheduler> nodes = List.of(node("node-a"), node("node-b"));
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<String> started = new ArrayList<>();
    try {
      List<Future<List<String>>> ticks = new ArrayList<>();
      for (SopReviewScheduler node : nodes) {
        Callable<List<String>> tick = () -> {
          together.await();
          return node.runDue(dueTime);
        };
        ticks.add(pool.submit(tick));
      }
      for (Future<List<String>> tick : ticks) {
        started.addAll(tick.get());
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> expected = models.sopKeys().stream()
        .map(key -> SopReview.keyOf(key, service.nextReviewDue(key).orElseThrow())).toList();
    assertThat(started).as("each due review started once across both nodes")
        .containsExactlyInAnyOrderElementsOf(expected);
    for (String key : expected) {
      assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(key).count())
          .as(key).isEqualTo(1);
    }
    assertThat(nodes.get(0).runDue(dueTime.plusSeconds(30))).as("an open review is not started again").isEmpty();
    assertThat(scheduler.runDue(dueTime.plus(Duration.ofDays(3)))).isEmpty();
  }

  @Test
  @Order(2)
  void theReviewReachesProcessOwnersAndItsOutcomeSetsTheNextDueDate() {
    String key = reviewKey(INCIDENTS);
    Task task = reviewTask(key);
    assertThat(task.getName()).isEqualTo("Review SOP");
    assertThat(taskService.getIdentityLinksForTask(task.getId())).anySatisfy(link ->
        assertThat(link.getGroupId()).isEqualTo("process-owners"));
    assertThat(taskService.getVariablesLocal(task.getId())).containsEntry("sopName", models.inForce(INCIDENTS)
        .orElseThrow().name()).containsEntry("lastReviewed", "never").containsEntry("reviewInterval", "P1Y");
    assertThat(taskCount("owner", key)).as("process owners see it in Tasklist").isEqualTo(1);
    assertThat(taskCount("desk", key)).as("others do not").isEqualTo(0);

    ResponseEntity<JsonNode> planned = complete("owner", task.getId(), Map.of("outcome",
        Map.of("value", "REVISION_PLANNED")));
    assertThat(planned.getStatusCode().value()).isEqualTo(400);
    assertThat(planned.getBody().path("field").asText()).isEqualTo("comment");
    assertThat(complete("owner", task.getId(), Map.of("outcome", Map.of("value", "NO_CHANGE_NEEDED"),
        "comment", Map.of("value", "Still matches how the desk works"))).getStatusCode().value()).isEqualTo(204);

    Instant reviewedAt = ClockUtil.now().toInstant();
    Instant nextDue = ReviewIntervals.after(reviewedAt, Period.ofYears(1));
    assertThat(service.nextReviewDue(INCIDENTS)).contains(nextDue);
    JsonNode history = as("owner").get().uri("/api/sops/" + INCIDENTS + "/reviews").retrieve().body(JsonNode.class);
    assertThat(history.path("nextReviewDue").asText()).isEqualTo(nextDue.toString());
    assertThat(history.path("reviewInterval").asText()).isEqualTo("P1Y");
    JsonNode review = history.path("reviews").get(0);
    assertThat(review.path("key").asText()).isEqualTo(key);
    assertThat(review.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(review.path("outcome").asText()).isEqualTo("NO_CHANGE_NEEDED");
    assertThat(review.path("comment").asText()).isEqualTo("Still matches how the desk works");
    assertThat(review.path("reviewedBy").asText()).isEqualTo("owner");
    assertThat(auditTrail.entriesFor(key)).extracting(AuditEntry::getAction).containsSubsequence("REVIEW_DUE",
        "REVIEWED");
    assertThat(as("desk").get().uri("/api/sops/" + INCIDENTS + "/reviews").retrieve().toEntity(String.class)
        .getStatusCode().value()).isEqualTo(403);
    assertThat(as("manager").get().uri("/api/sops/" + INCIDENTS + "/reviews").retrieve().toEntity(String.class)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(as("owner").get().uri("/api/sops/NoSuchProcess/reviews").retrieve().toEntity(String.class)
        .getStatusCode().value()).isEqualTo(404);
    // The next review is a year away: the scheduler starts none now, and the one due then.
    assertThat(scheduler.runDue(reviewedAt.plus(Duration.ofDays(30)))).doesNotContain(
        SopReview.keyOf(INCIDENTS, nextDue));
    assertThat(scheduler.runDue(nextDue.plusSeconds(1))).contains(SopReview.keyOf(INCIDENTS, nextDue));
  }

  @Test
  @Order(3)
  void anUnrecordedReviewRemindsTheOwnerGroupThenEscalatesToTheManagers() {
    String key = reviewKey(CHANGES);
    Task task = reviewTask(key);
    ClockUtil.setCurrentTime(new Date(task.getFollowUpDate().getTime() + 60_000));
    awaitPassed(key, "Task_RemindOwnerGroup");
    assertThat(awaitMailAbout("owner@sopflow.local", key, 1, Duration.ofSeconds(30))).isNotEmpty();

    ClockUtil.setCurrentTime(new Date(task.getDueDate().getTime() + 60_000));
    awaitPassed(key, "Task_NotifyManagers");
    assertThat(awaitMailAbout("manager@sopflow.local", key, 1, Duration.ofSeconds(30))).isNotEmpty();
    assertThat(auditTrail.entriesFor(key)).extracting(AuditEntry::getAction).contains("ESCALATED");
    assertThat(reviewTask(key).getId()).as("the review stays with the owner group").isEqualTo(task.getId());
  }

  @Test
  @Order(4)
  void aModelsOwnerGroupAndReviewIntervalDecideWhoReviewsItAndHowOften() {
    String processKey = "ReviewTrialProcess";
    BpmnModelInstance model = Bpmn.createExecutableProcess(processKey).name("Review trial")
        .camundaHistoryTimeToLive(30)
        .startEvent("StartEvent_TrialStarted").userTask("Task_Work").endEvent("EndEvent_TrialDone").done();
    withProperties(model, processKey, Map.of("ownerGroup", "change-managers", "reviewInterval", "P6M"));
    repositoryService.createDeployment().name(deployment.name()).source(deployment.name())
        .addModelInstance(processKey + ".bpmn", model).deploy();
    Instant now = ClockUtil.now().toInstant();
    assertThat(scheduler.runDue(now)).doesNotContain(SopReview.keyOf(processKey, now));
    Instant due = service.nextReviewDue(processKey).orElseThrow();
    assertThat(due).isEqualTo(ReviewIntervals.after(models.inForce(processKey).orElseThrow().deployedAt(),
        Period.ofMonths(6)));

    ClockUtil.setCurrentTime(Date.from(due.plusSeconds(60)));
    String key = SopReview.keyOf(processKey, due);
    assertThat(scheduler.runDue(due.plusSeconds(60))).contains(key);
    Task task = reviewTask(key);
    assertThat(taskService.getIdentityLinksForTask(task.getId())).anySatisfy(link ->
        assertThat(link.getGroupId()).isEqualTo("change-managers"));
    assertThat(taskCount("chgman", key)).isEqualTo(1);
    assertThat(complete("chgman", task.getId(), Map.of("outcome", Map.of("value", "REVISION_PLANNED"),
        "comment", Map.of("value", "Add the CAB quorum"))).getStatusCode().value()).isEqualTo(204);
    Instant nextDue = ReviewIntervals.after(ClockUtil.now().toInstant(), Period.ofMonths(6));
    assertThat(service.nextReviewDue(processKey)).contains(nextDue);
    JsonNode history = as("chgman").get().uri("/api/sops/" + processKey + "/reviews").retrieve()
        .body(JsonNode.class);
    assertThat(history.path("reviews").get(0).path("outcome").asText()).isEqualTo("REVISION_PLANNED");
    assertThat(history.path("reviews").get(0).path("reviewedBy").asText()).isEqualTo("chgman");

    // A revision in force restarts the interval from its effective date.
    Instant effective = ClockUtil.now().toInstant().plus(Duration.ofDays(10));
    inTransaction(() -> service.revisionInForce(processKey, effective));
    assertThat(service.nextReviewDue(processKey)).contains(ReviewIntervals.after(effective, Period.ofMonths(6)));
    assertThat(auditTrail.entriesFor(processKey)).extracting(AuditEntry::getAction)
        .contains("REVIEW_SCHEDULED", "REVIEW_RESCHEDULED");
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  /** The process properties a process owner sets in Modeler (General, Extension properties). */
  private static void withProperties(BpmnModelInstance model, String processKey, Map<String, String> values) {
    org.camunda.bpm.model.bpmn.instance.Process process = model.getModelElementById(processKey);
    var extensions = model.newInstance(org.camunda.bpm.model.bpmn.instance.ExtensionElements.class);
    process.setExtensionElements(extensions);
    var properties = extensions.addExtensionElement(
        org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties.class);
    values.forEach((name, value) -> {
      var property = model.newInstance(org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty.class);
      property.setCamundaName(name);
      property.setCamundaValue(value);
      properties.getCamundaProperties().add(property);
    });
  }

  private SopReviewScheduler node(String name) {
    return new SopReviewScheduler(properties, service, schedules, models, transactionManager,
        Clock.fixed(dueTime, ZoneOffset.UTC), name);
  }

  private void inTransaction(Runnable work) {
    new org.springframework.transaction.support.TransactionTemplate(transactionManager).executeWithoutResult(
        status -> work.run());
  }

  private String reviewKey(String processKey) {
    return historyService.createHistoricProcessInstanceQuery().processDefinitionKey("SopReviewProcess").list()
        .stream().map(p -> p.getBusinessKey()).filter(k -> k.startsWith("RVW-" + processKey + "-")).sorted()
        .findFirst().orElseThrow();
  }

  private Task reviewTask(String key) {
    return taskService.createTaskQuery().processInstanceBusinessKey(key).taskDefinitionKey("Task_ReviewSop")
        .singleResult();
  }

  private void awaitPassed(String key, String activityId) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
        historyService.createHistoricActivityInstanceQuery().activityId(activityId).finished().list().stream()
            .anyMatch(a -> key.equals(historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(a.getProcessInstanceId()).singleResult().getBusinessKey())));
  }

  private int taskCount(String user, String key) {
    return as(user).get().uri("/engine-rest/task/count?processInstanceBusinessKey=" + key).retrieve()
        .body(JsonNode.class).path("count").asInt();
  }

  private ResponseEntity<JsonNode> complete(String user, String taskId, Map<String, Object> variables) {
    return as(user).post().uri("/engine-rest/task/" + taskId + "/complete").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", variables)).retrieve().toEntity(JsonNode.class);
  }
}
