package io.sopflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.Level;
import io.sopflow.support.HeldTransaction;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The SLA report end to end: a known set of incidents on a controlled clock ({@link KnownIncidents}: pauses, a
 * reopening, breaches, 24x7 and business hours), the exact figures in JSON and CSV, who may read them, and the monthly
 * report SOP from the API to the managers' mail (HTML with inline SVG charts, the CSV attached). The job executor is
 * off: the incidents' timers must not move their figures while the clock is set; jobs are run explicitly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "camunda.bpm.job-execution.enabled=false")
@Import(SlaReportIntegrationTest.HoldNextRun.class)
class SlaReportIntegrationTest extends IntegrationTestBase {

  @Autowired
  IncidentService incidentService;

  @Autowired
  SlaReportService reportService;

  @Autowired
  SlaReportRepository runs;

  @Autowired
  PlatformTransactionManager transactionManager;

  @Autowired
  HoldNextRun hold;

  @Autowired
  DataSource dataSource;

  @BeforeAll
  void knownIncidents() {
    KnownIncidents.create(incidentService);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void computesExactMttaMttrAndCompliancePerPriorityInTheirCalendarsWithPausesExcluded() {
    JsonNode report = get("manager", "/api/reports/sla?sop=incident&from=2026-10-01&to=2026-10-31&groupBy=priority")
        .getBody();
    assertThat(report.path("sop").asText()).isEqualTo("incident");
    assertThat(report.path("from").asText()).isEqualTo("2026-10-01");
    assertThat(report.path("groupBy").asText()).isEqualTo("priority");
    JsonNode rows = report.path("rows");
    assertThat(rows).hasSize(3);
    assertRow(rows.get(0), "P1", 2, 2, 2, 25.0, 135.0, 1, 0, 50.0, 100.0);
    assertThat(rows.get(0).path("reopened").asLong()).isEqualTo(1);
    assertThat(rows.get(0).path("reopenRatePercent").asDouble()).isEqualTo(50.0);
    assertRow(rows.get(1), "P3", 2, 1, 1, 120.0, 300.0, 1, 0, 50.0, 100.0);
    assertRow(rows.get(2), "P4", 1, 1, 1, 30.0, 180.0, 0, 1, 100.0, 0.0);
    assertThat(rows.get(2).path("escalatedToManagers").asLong()).isEqualTo(1);
    // D is still open (P3, reported on 5 October): in the backlog of P3.
    JsonNode p3Backlog = findKey(report.path("backlog"), "priority", "P3");
    assertThat(p3Backlog.path("open").asLong()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void groupsByMonthAndBySupportGroup() {
    JsonNode byMonth = get("incman", "/api/reports/sla?sop=incident&from=2026-09-01&to=2026-10-31&groupBy=month")
        .getBody().path("rows");
    assertThat(byMonth).hasSize(1);
    assertRow(byMonth.get(0), "2026-10", 5, 4, 4, 50.0, 187.5, 2, 1, 60.0, 75.0);
    JsonNode byGroup = get("admin", "/api/reports/sla?sop=incident&from=2026-10-01&to=2026-10-31&groupBy=group")
        .getBody().path("rows");
    assertThat(findKey(byGroup, "key", "support-l2").path("count").asLong()).isEqualTo(4);
    assertThat(findKey(byGroup, "key", "service-desk").path("count").asLong()).isEqualTo(1);
  }

  @Test
  void answersCsvWithAHeaderAndOneLinePerRow() {
    ResponseEntity<String> csv = as("manager").get()
        .uri("/api/reports/sla?sop=incident&from=2026-10-01&to=2026-10-31&groupBy=priority")
        .accept(MediaType.parseMediaType("text/csv")).retrieve().toEntity(String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getHeaders().getFirst("Content-Disposition"))
        .isEqualTo("attachment; filename=\"sla-incident-2026-10-01-2026-10-31-priority.csv\"");
    assertThat(csv.getBody()).isEqualTo(KnownIncidents.CSV);
  }

  @Test
  void onlyManagersIncidentManagersAndAdminsMayReadIt() {
    String uri = "/api/reports/sla?sop=incident&from=2026-10-01&to=2026-10-31&groupBy=priority";
    for (String user : List.of("manager", "incman", "admin")) {
      assertThat(get(user, uri).getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
    }
    for (String user : List.of("desk", "l2", "l3", "owner", "chgman", "fin")) {
      assertThat(get(user, uri).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(anonymous().get().uri(uri).retrieve().toBodilessEntity().getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(post("desk", Map.of("month", "2026-09")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void badParametersAreRefusedNamingTheParameter() {
    assertRefused("sop=backup&from=2026-10-01&to=2026-10-31", "sop");
    assertRefused("from=2026-10-01&to=2026-10-31", "sop");
    assertRefused("sop=incident&from=2026-10-01&to=2026-10-31&groupBy=colour", "groupBy");
    assertRefused("sop=incident&from=2026-11-01&to=2026-10-31", "from");
    assertRefused("sop=incident&from=2025-01-01&to=2026-01-02", "to");
    assertRefused("sop=incident&from=2026-13-01&to=2026-12-31", "from");
    assertRefused("sop=incident&from=2026-10-01T00:00:00Z&to=2026-10-31", "from");
    assertRefused("sop=incident&from=2026-10-01", "to");
    assertRefused("sop=incident&from=2026-02-30&to=2026-03-01", "from");
  }

  @Test
  void theMonthlyReportIsCompiledReviewedAndMailedToManagersWithChartsAndTheCsv() throws Exception {
    KnownIncidents.at("2026-11-02T06:00:00Z");
    ResponseEntity<JsonNode> started = post("incman", Map.of("month", "2026-10"));
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(started.getBody().path("key").asText()).isEqualTo("SLA-2026-10");
    assertThat(started.getBody().path("status").asText()).isEqualTo("COMPILING");
    String instance = started.getBody().path("processInstanceId").asText();

    assertThat(post("manager", Map.of("month", "2026-10")).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    var management = processEngine.getManagementService();
    management.executeJob(management.createJobQuery().processInstanceId(instance).activityId("Task_CompileSlaReport")
        .singleResult().getId());
    JsonNode compiled = get("manager", "/api/reports/sla/runs/SLA-2026-10").getBody();
    assertThat(compiled.path("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(compiled.path("summary").asText()).startsWith("5 incidents reported from 2026-10-01 to 2026-10-31")
        .contains("P1: response 50.0 %, resolution 100.0 %, MTTA 25.0 min, MTTR 135.0 min");

    Task review = processEngine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult();
    assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_ReviewSlaReport");
    assertThat(processEngine.getTaskService().createTaskQuery().taskId(review.getId())
        .taskCandidateGroup("incident-managers").count()).isEqualTo(1);
    assertThat(review.getDueDate()).isNotNull();
    ResponseEntity<String> noCommentary = as("incman").post().uri("/engine-rest/task/" + review.getId() + "/complete")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", Map.of())).retrieve().toEntity(String.class);
    assertThat(noCommentary.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noCommentary.getBody()).contains("commentary");
    ResponseEntity<String> done = as("incman").post().uri("/engine-rest/task/" + review.getId() + "/complete")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", Map.of(
            "commentary", Map.of("value", "P4 resolution slipped once; P1 reopened after a restart."),
            "actions", Map.of("value", "l2 | 2026-11-30 | Check the VPN restart runbook"))))
        .retrieve().toEntity(String.class);
    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(HttpStatus.NO_CONTENT);

    MimeMessage mail = awaitMailAbout("manager@sopflow.local", "SLA-2026-10", 1, Duration.ofSeconds(30)).get(0);
    assertThat(mail.getSubject()).isEqualTo("[SOPFlow] SLA-2026-10: SLA report 2026-10");
    List<Part> parts = new ArrayList<>();
    flatten(mail, parts);
    String text = parts.stream().filter(p -> isType(p, "text/plain") && !isAttachment(p)).map(SlaReportIntegrationTest::content)
        .findFirst().orElseThrow();
    assertThat(text).contains("reviewed by incman").contains("P4 resolution slipped once")
        .contains("MTTA 25.0 min, MTTR 135.0 min");
    String html = parts.stream().filter(p -> isType(p, "text/html")).map(SlaReportIntegrationTest::content)
        .findFirst().orElseThrow();
    assertThat(html).contains("<svg").contains("<td>P1</td><td>2</td><td>2</td><td>2</td><td>25.0</td><td>135.0</td>")
        .contains("Check the VPN restart runbook");
    Part csv = parts.stream().filter(SlaReportIntegrationTest::isAttachment).findFirst().orElseThrow();
    assertThat(csv.getFileName()).isEqualTo("sla-report-2026-10.csv");
    assertThat(csv.getContentType()).startsWith("text/csv");
    assertThat(content(csv)).isEqualTo(KnownIncidents.CSV);
  }

  @Test
  void aRunNeedsAMonthThatHasEnded() {
    KnownIncidents.at("2026-11-02T06:00:00Z");
    assertRun(Map.of("month", "2026-11"), "month");
    assertRun(Map.of("month", "2026-13"), "month");
    assertRun(Map.of("month", "Oct 2026"), "month");
    assertRun(Map.of("month", ""), "month");
    assertRun(Map.of(), "month");
  }

  @Test
  void twoSchedulersOnOneDatabaseStartTheMonthlyReportOnce() throws Exception {
    // The 1st of September 2026, an hour after the default schedule: the report of August is due.
    KnownIncidents.at("2026-09-01T07:00:00Z");
    Instant now = Instant.parse("2026-09-01T07:00:00Z");
    SlaReportProperties schedule = new SlaReportProperties("0 0 6 1 * *", ZoneOffset.UTC, null, null);
    List<SlaReportScheduler> nodes = List.of(
        new SlaReportScheduler(schedule, reportService, runs, transactionManager, Clock.fixed(now, ZoneOffset.UTC)),
        new SlaReportScheduler(schedule, reportService, runs, transactionManager, Clock.fixed(now, ZoneOffset.UTC)));
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Optional<String>>> ticks = new ArrayList<>();
      for (SlaReportScheduler node : nodes) {
        Callable<Optional<String>> tick = () -> {
          together.await();
          return node.runDue(now);
        };
        ticks.add(pool.submit(tick));
      }
      List<String> started = new ArrayList<>();
      for (Future<Optional<String>> tick : ticks) {
        tick.get().ifPresent(started::add);
      }
      assertThat(started).containsExactly("SLA-2026-08");
      assertThat(nodes.get(0).runDue(now.plusSeconds(30))).isEmpty();
      assertThat(nodes.get(1).runDue(now.plusSeconds(60))).isEmpty();
      assertThat(runs.findByKey("SLA-2026-08")).hasValueSatisfying(run -> {
        assertThat(run.getTrigger()).isEqualTo("SCHEDULE");
        assertThat(run.getProcessInstanceId()).isNotNull();
      });
      assertThat(processEngine.getRuntimeService().createProcessInstanceQuery()
          .processInstanceBusinessKey("SLA-2026-08").count()).isEqualTo(1);
      // A day later nothing is due any more (a node that was down catches up within a day only).
      assertThat(nodes.get(0).runDue(now.plus(Duration.ofDays(2)))).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A report's month is the UTC month (docs/sla.md), whatever zone its schedule runs in: an incident reported at 23:30
   * UTC on the last day of February, already 1 March in Berlin, counts in February. The schedule's run for February,
   * due at 00:15 on 1 March in Berlin (23:15 UTC), waits until February has ended in UTC, instead of compiling it with
   * minutes of it still to come, and starts at the next tick after.
   */
  @Test
  void aMonthIsTheUtcMonthAndAScheduleInAnotherZoneStartsItsRunOnceItHasEnded() {
    KnownIncidents.at("2026-02-28T23:30:00Z");
    KnownIncidents.report(incidentService, Level.LOW, Level.LOW, "late February");
    SlaReportProperties berlin = new SlaReportProperties("0 15 0 1 * *", ZoneId.of("Europe/Berlin"), null, null);
    Instant beforeTheEnd = Instant.parse("2026-02-28T23:40:00Z");
    Instant afterTheEnd = Instant.parse("2026-03-01T00:00:30Z");
    SlaReportScheduler node = new SlaReportScheduler(berlin, reportService, runs, transactionManager,
        Clock.fixed(beforeTheEnd, ZoneOffset.UTC));

    KnownIncidents.at("2026-02-28T23:40:00Z");
    assertThat(node.runDue(beforeTheEnd)).as("due in Berlin, but February has not ended in UTC").isEmpty();
    assertThat(runs.findByKey("SLA-2026-02")).isEmpty();

    KnownIncidents.at("2026-03-01T00:00:30Z");
    assertThat(node.runDue(afterTheEnd)).contains("SLA-2026-02");
    String instance = runs.findByKey("SLA-2026-02").orElseThrow().getProcessInstanceId();
    var management = processEngine.getManagementService();
    management.executeJob(management.createJobQuery().processInstanceId(instance).activityId("Task_CompileSlaReport")
        .singleResult().getId());
    assertThat(runs.findByKey("SLA-2026-02").orElseThrow().getSummary())
        .startsWith("1 incidents reported from 2026-02-01 to 2026-02-28");
    assertThat(get("manager", "/api/reports/sla?sop=incident&from=2026-03-01&to=2026-03-31&groupBy=month").getBody()
        .path("rows")).as("not in March").isEmpty();
  }

  /**
   * Two runs for one month requested at the same moment (two managers, or a double submit): the first request has
   * written its run and is still in its transaction when the second one checks, which sees committed runs only, so
   * the second's insert meets the first's key in the unique index. Exactly one run starts; the other request gets the
   * 409 of a month already reported, not a 500.
   */
  @Test
  void twoRunsForOneMonthRequestedAtTheSameMomentStartOneAndTheOtherGets409() throws Exception {
    KnownIncidents.at("2026-12-02T06:00:00Z");

    List<ResponseEntity<JsonNode>> answers = requestedAtTheSameMoment(hold, dataSource,
        () -> post("manager", Map.of("month", "2026-11")));

    assertOneRunStarted(answers, "SLA-2026-11");
    assertThat(runs.findByKey("SLA-2026-11")).hasValueSatisfying(run ->
        assertThat(run.getProcessInstanceId()).isNotNull());
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceBusinessKey("SLA-2026-11").count()).isEqualTo(1);
  }

  /**
   * Sends {@code request} twice: the first is held in its transaction once it has written its run, the second is sent
   * then; the first commits once the second waits for it (or has answered). Both answers, first one first.
   */
  static List<ResponseEntity<JsonNode>> requestedAtTheSameMoment(HoldNextRun hold, DataSource dataSource,
      Callable<ResponseEntity<JsonNode>> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      hold.arm();
      Future<ResponseEntity<JsonNode>> first = pool.submit(request);
      hold.awaitWritten();
      Future<ResponseEntity<JsonNode>> second = pool.submit(request);
      HeldTransaction.awaitWaitingOrAnswered(dataSource, "insert into sla_report%", second);
      hold.release();
      return List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
    } finally {
      hold.release();
      pool.shutdownNow();
    }
  }

  static void assertOneRunStarted(List<ResponseEntity<JsonNode>> answers, String key) {
    assertThat(answers).extracting(a -> a.getStatusCode().value()).as("%s", answers).containsExactly(201, 409);
    assertThat(answers.get(0).getBody().path("key").asText()).isEqualTo(key);
    ResponseEntity<JsonNode> refused = answers.get(1);
    assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(refused.getBody().path("detail").asText()).contains(key);
  }

  /**
   * Holds the next SLA report run requested in its transaction right after its row is written (at the event that
   * starts its process, inside that transaction), until released: a request that has written and not committed.
   */
  static class HoldNextRun {

    private volatile CountDownLatch written = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);
    private final AtomicBoolean armed = new AtomicBoolean();

    void arm() {
      written = new CountDownLatch(1);
      release = new CountDownLatch(1);
      armed.set(true);
    }

    void awaitWritten() throws InterruptedException {
      assertThat(written.await(60, TimeUnit.SECONDS)).as("the first request wrote its run").isTrue();
    }

    void release() {
      release.countDown();
    }

    @EventListener
    void hold(SlaReportRequested requested) throws InterruptedException {
      if (armed.compareAndSet(true, false)) {
        written.countDown();
        release.await(60, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void eachSupportGroupHasAnAtRiskFilterOfItsTasksDueWithinTheHour() {
    var filters = processEngine.getFilterService();
    for (String group : List.of("service-desk", "support-l2", "support-l3")) {
      assertThat(filters.createFilterQuery().filterName("At risk: " + group).count()).as(group).isEqualTo(1);
    }
    // The known incidents' triage tasks were due in October: overdue now, so at risk for the service desk.
    var atRisk = filters.createFilterQuery().filterName("At risk: service-desk").singleResult();
    List<Task> tasks = filters.list(atRisk.getId());
    assertThat(tasks).isNotEmpty().allSatisfy(task -> assertThat(task.getDueDate()).isBefore(
        java.util.Date.from(Instant.now().plus(Duration.ofHours(1)))));
    assertThat(tasks).extracting(Task::getTaskDefinitionKey).contains("Task_TriageIncident");
    // Nothing of another group's: support-l3 has no task at all here.
    var l3 = filters.createFilterQuery().filterName("At risk: support-l3").singleResult();
    assertThat(filters.list(l3.getId())).isEmpty();
    var authorizations = processEngine.getAuthorizationService();
    assertThat(authorizations.createAuthorizationQuery().resourceId(atRisk.getId()).groupIdIn("service-desk").count())
        .isEqualTo(1);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private ResponseEntity<JsonNode> get(String user, String uri) {
    return as(user).get().uri(uri).retrieve().toEntity(JsonNode.class);
  }

  ResponseEntity<JsonNode> post(String user, Object body) {
    return as(user).post().uri("/api/reports/sla/runs").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class);
  }

  private void assertRefused(String query, String field) {
    ResponseEntity<JsonNode> answer = get("manager", "/api/reports/sla?" + query);
    assertThat(answer.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody().toString()).as(query).contains("\"" + field + "\"");
  }

  private void assertRun(Object body, String field) {
    ResponseEntity<JsonNode> answer = post("manager", body);
    assertThat(answer.getStatusCode()).as(body.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody().toString()).as(body.toString()).contains("\"" + field + "\"");
  }

  private static void assertRow(JsonNode row, String key, long count, long responded, long resolved, double mtta,
      double mttr, long responseBreaches, long resolutionBreaches, double responseCompliance,
      double resolutionCompliance) {
    assertThat(row.path("key").asText()).isEqualTo(key);
    assertThat(row.path("count").asLong()).as(key + " count").isEqualTo(count);
    assertThat(row.path("responded").asLong()).as(key + " responded").isEqualTo(responded);
    assertThat(row.path("resolved").asLong()).as(key + " resolved").isEqualTo(resolved);
    assertThat(row.path("mttaMinutes").asDouble()).as(key + " MTTA").isEqualTo(mtta);
    assertThat(row.path("mttrMinutes").asDouble()).as(key + " MTTR").isEqualTo(mttr);
    assertThat(row.path("responseBreaches").asLong()).as(key + " response breaches").isEqualTo(responseBreaches);
    assertThat(row.path("resolutionBreaches").asLong()).as(key + " resolution breaches").isEqualTo(resolutionBreaches);
    assertThat(row.path("responseCompliancePercent").asDouble()).as(key + " response %").isEqualTo(responseCompliance);
    assertThat(row.path("resolutionCompliancePercent").asDouble()).as(key + " resolution %")
        .isEqualTo(resolutionCompliance);
  }

  private static JsonNode findKey(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (node.path(field).asText().equals(value)) {
        return node;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + array);
  }

  private static void flatten(Part part, List<Part> into) throws Exception {
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        flatten(body, into);
      }
    } else {
      into.add(part);
    }
  }

  private static boolean isType(Part part, String type) {
    try {
      return part.isMimeType(type);
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean isAttachment(Part part) {
    try {
      return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    } catch (Exception e) {
      return false;
    }
  }

  private static String content(Part part) {
    try (var in = part.getInputStream(); var out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
