package io.sopflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.identity.Groups;
import io.sopflow.sla.SlaEscalations;
import io.sopflow.support.ExternalTool;
import io.sopflow.support.IntegrationTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SOPFlow's own meters on {@code /actuator/prometheus}, scraped over HTTP as Prometheus does, and checked by
 * {@code promtool check metrics} (Debian package {@code prometheus}; required in CI, skipped elsewhere without it).
 */
@AutoConfigureObservability(tracing = false) // Spring Boot's tests export no metrics unless asked to
class SopMetricsIntegrationTest extends IntegrationTestBase {

  @Autowired
  SlaEscalations escalations;

  @Autowired
  ClusterGauges openRecords;

  @Autowired
  PlatformTransactionManager transactionManager;

  @Test
  void theScrapeIsForManagersAdminsAndMetricsReadersOnly() {
    assertThat(anonymous().get().uri("/actuator/prometheus").retrieve().toEntity(String.class).getStatusCode().value())
        .isEqualTo(401);
    assertThat(as("desk").get().uri("/actuator/prometheus").retrieve().toEntity(String.class).getStatusCode().value())
        .isEqualTo(403);
    assertThat(scrape()).contains("sopflow_notifications_total{outcome=\"sent\"}");
  }

  @Test
  void aMonitoringAccountInMetricsReadersScrapesAndSeesNothingElse() {
    scraper();

    assertThat(as("scraper").get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN).retrieve()
        .toEntity(String.class).getBody()).contains("sopflow_notifications_total");
    for (String path : List.of("/actuator/metrics", "/api/audit?subject=INC-000001", "/api/notifications?reference=x")) {
      assertThat(as("scraper").get().uri(path).retrieve().toBodilessEntity().getStatusCode().value()).as(path)
          .isEqualTo(403);
    }
    reportIncident();
    assertThat(as("scraper").get().uri("/engine-rest/process-instance/count").retrieve().body(JsonNode.class)
        .path("count").asLong()).as("no process instance readable by a metrics reader").isZero();
    assertThat(as("scraper").get().uri("/actuator/health").retrieve().body(JsonNode.class).has("components"))
        .as("health details are for managers and admins").isFalse();
  }

  /**
   * A confidential SOP is not metered: a security incident that runs, has a task completed and breaches an SLA leaves
   * no series a metrics reader (or whoever reaches Prometheus) could watch rise after their own doing.
   */
  @Test
  void noSeriesOfASecurityIncidentReachesAMetricsReadersScrape() {
    String number = as("desk").post().uri("/api/security-incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Metrics probe", "description", "Counted nowhere", "category", "PHISHING",
            "detectedAt", OffsetDateTime.now().minusMinutes(5).withNano(0).toString(),
            "affectedAccounts", List.of(), "affectedAssets", List.of()))
        .retrieve().body(JsonNode.class).path("number").asText();
    var triage = await().atMost(Duration.ofSeconds(30)).until(() -> processEngine
        .getTaskService().createTaskQuery().processInstanceBusinessKey(number).singleResult(), t -> t != null);
    processEngine.getIdentityService().setAuthentication("secoff", List.of(Groups.SECURITY_OFFICERS));
    try {
      processEngine.getTaskService().complete(triage.getId(), Map.of("confirmed", false, "category", "PHISHING",
          "triageNotes", "a test mail"));
    } finally {
      processEngine.getIdentityService().clearAuthentication();
    }
    new TransactionTemplate(transactionManager).executeWithoutResult(status ->
        escalations.escalate("securityincident", number, "triage", null, 1, "managers"));
    String still = as("desk").post().uri("/api/security-incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Metrics probe", "description", "Still open", "category", "MALWARE",
            "detectedAt", OffsetDateTime.now().minusMinutes(5).withNano(0).toString()))
        .retrieve().body(JsonNode.class).path("status").asText();
    assertThat(still).isEqualTo("REPORTED");
    reportIncident();
    openRecords.computeIfClaimed(Instant.now().plusSeconds(10_800));
    openRecords.refreshGauges();

    String scrape = as(scraper()).get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN).retrieve()
        .body(String.class);
    assertThat(scrape).as("the other SOPs are counted").contains("sopflow_open_records{sop=\"incident\"");
    assertThat(scrape.lines().filter(line -> line.contains("securityincident") || line.contains("SecurityIncident")
        || line.contains("security-incidents")))
        .as("series of the security incident SOP").isEmpty();
  }

  @Test
  void aBreachIsCountedOnceItsTransactionCommitsAndNeverWhenItRollsBack() {
    double before = sample("sopflow_sla_breaches_total{priority=\"P2\",sop=\"incident\",target=\"metrics-probe\"}");
    double escalationsBefore = sample("sopflow_escalations_total{level=\"3\",sop=\"incident\"}");
    TransactionTemplate transaction = new TransactionTemplate(transactionManager);
    transaction.executeWithoutResult(status -> {
      escalations.escalate("incident", "INC-999001", "metrics-probe", "P2", 3, null);
      status.setRollbackOnly();
    });
    assertThat(sample("sopflow_sla_breaches_total{priority=\"P2\",sop=\"incident\",target=\"metrics-probe\"}"))
        .as("rolled back").isEqualTo(before);
    transaction.executeWithoutResult(status ->
        escalations.escalate("incident", "INC-999002", "metrics-probe", "P2", 3, "managers"));
    assertThat(sample("sopflow_sla_breaches_total{priority=\"P2\",sop=\"incident\",target=\"metrics-probe\"}"))
        .isEqualTo(before + 1);
    assertThat(sample("sopflow_escalations_total{level=\"3\",sop=\"incident\"}")).isEqualTo(escalationsBefore + 1);
  }

  @Test
  void openRecordsAreComputedByOneNodePerIntervalAndReadFromTheSharedTable() {
    String status = reportIncident();

    Instant now = Instant.now().plusSeconds(3600); // an interval no scheduled tick has claimed yet
    assertThat(openRecords.computeIfClaimed(now)).as("first claim of the interval").isTrue();
    assertThat(openRecords.computeIfClaimed(now)).as("the interval is claimed already (another node's turn)")
        .isFalse();
    openRecords.refreshGauges();
    assertThat(sample("sopflow_open_records{sop=\"incident\",status=\"" + status + "\"}")).isGreaterThanOrEqualTo(1);
    assertThat(sample("sopflow_metrics_snapshot_age_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(openRecords.queries()).extracting(ClusterGauges.SopQuery::sop)
        .contains("incident", "change", "access", "release", "closure", "backup")
        .doesNotContain("notification");
  }

  @Test
  void taskWaitingTimeIsRecordedPerSopWhenATaskIsCompleted() {
    var model = Bpmn.createExecutableProcess("MetricsProbeProcess").camundaHistoryTimeToLive(1)
        .startEvent().userTask("Task_Probe").endEvent().done();
    processEngine.getRepositoryService().createDeployment().addModelInstance("MetricsProbeProcess.bpmn", model)
        .deploy();
    double before = sample("sopflow_task_wait_seconds_count{sop=\"MetricsProbeProcess\"}");
    String instance = processEngine.getRuntimeService().startProcessInstanceByKey("MetricsProbeProcess").getId();
    var task = processEngine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult();
    processEngine.getTaskService().complete(task.getId());
    assertThat(sample("sopflow_task_wait_seconds_count{sop=\"MetricsProbeProcess\"}")).isEqualTo(before + 1);
  }

  @Test
  void sopflowFamiliesPassPromtoolCheckMetrics() throws Exception {
    ExternalTool.require("promtool", "promtool is not installed (apt-get install -y prometheus), so the metrics "
        + "cannot be checked");
    taskWaitingTimeIsRecordedPerSopWhenATaskIsCompleted(); // every family has a sample
    reportIncident();
    new TransactionTemplate(transactionManager).executeWithoutResult(status ->
        escalations.escalate("change", "CHG-999003", "review", null, 1, "managers"));
    openRecords.computeIfClaimed(Instant.now().plusSeconds(7200));
    openRecords.refreshGauges();
    String families = sopflowFamilies(scrape());
    assertThat(families).contains("# TYPE sopflow_sla_breaches_total counter", "# TYPE sopflow_notifications_total counter",
        "# TYPE sopflow_open_records gauge", "sopflow_task_wait_seconds_count",
        "# TYPE sopflow_metrics_snapshot_age_seconds gauge");
    ExternalTool.Result check = ExternalTool.run(List.of("promtool", "check", "metrics"), families, 60);
    assertThat(check.exitCode()).as("promtool check metrics:\n%s\non:\n%s", check.output(), families).isZero();
    assertThat(check.output()).as("promtool's lint findings").isBlank();
  }

  /** A monitoring account in {@code metrics-readers} and nothing else, created on first use; returns its id. */
  private String scraper() {
    IdentityService identity = processEngine.getIdentityService();
    if (identity.createUserQuery().userId("scraper").count() == 0) {
      User scraper = identity.newUser("scraper");
      scraper.setPassword(PASSWORD);
      scraper.setEmail("scraper@example.org");
      identity.saveUser(scraper);
      identity.createMembership("scraper", Groups.METRICS_READERS);
    }
    return "scraper";
  }

  /** Reports an incident (an open record of the incident SOP); returns its status. */
  private String reportIncident() {
    ResponseEntity<Map> created = as("desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Metrics probe", "description", "Counted as open", "impact", "LOW", "urgency", "LOW",
            "category", "network"))
        .retrieve().toEntity(Map.class);
    assertThat(created.getStatusCode().value()).isEqualTo(201);
    return String.valueOf(created.getBody().get("status"));
  }

  /** The families named sopflow_* of a scrape, with their HELP and TYPE lines. */
  static String sopflowFamilies(String scrape) {
    return scrape.lines().filter(line -> line.startsWith("sopflow_") || line.startsWith("# HELP sopflow_")
        || line.startsWith("# TYPE sopflow_")).collect(Collectors.joining("\n", "", "\n"));
  }

  private String scrape() {
    ResponseEntity<String> response = as("manager").get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN)
        .retrieve().toEntity(String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    return response.getBody();
  }

  /** The value of one sample (name with its labels in the order the registry writes them), 0 if absent. */
  private double sample(String series) {
    return scrape().lines().filter(line -> line.startsWith(series + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0])).orElse(0.0);
  }
}
