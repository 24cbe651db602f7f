package io.sopflow.sop.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.audit.AuditEntry;
import io.sopflow.audit.AuditTrail;
import io.sopflow.support.IntegrationTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code POST /api/sops/{key}/migrations} end to end: a dry run reports which running instances can move to the newer
 * version and why the others cannot, and changes nothing; a real run migrates them as a batch that the job executor
 * runs (Cockpit's Batches). Its own context: it deploys new versions of the incident SOP, which other tests should
 * not meet.
 */
@TestPropertySource(properties = "sopflow.sops.review.interval=P1Y")
class SopMigrationIntegrationTest extends IntegrationTestBase {

  static final String TRIAL = "MigrationTrialProcess";
  static final String INCIDENTS = "IncidentEscalationProcess";

  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired HistoryService historyService;
  @Autowired AuditTrail auditTrail;

  @Test
  void aDryRunReportsWhichInstancesCanMoveAndWhyOthersCannotThenTheBatchMovesThem() {
    int v1 = deployTrial(false);
    String waitingAtPrepare = runtimeService.startProcessInstanceByKey(TRIAL, "TRIAL-1").getId();
    String waitingAtCheck = runtimeService.startProcessInstanceByKey(TRIAL, "TRIAL-2").getId();
    taskService.complete(taskService.createTaskQuery().processInstanceId(waitingAtCheck).singleResult().getId());
    int v2 = deployTrial(true);
    assertThat(v2).isEqualTo(v1 + 1);

    JsonNode dry = migrate("owner", TRIAL, Map.of("fromVersion", v1, "toVersion", v2, "dryRun", true));
    assertThat(dry.path("dryRun").asBoolean()).isTrue();
    assertThat(dry.path("fromVersion").asInt()).isEqualTo(v1);
    assertThat(dry.path("toVersion").asInt()).isEqualTo(v2);
    assertThat(dry.path("instructions").findValuesAsText("sourceActivityId")).contains("Task_Prepare")
        .doesNotContain("Task_Check");
    assertThat(dry.path("unmappedActivities").toString()).contains("Task_Check");
    assertThat(dry.path("planErrors")).isEmpty();
    assertThat(dry.path("migratable")).hasSize(1);
    assertThat(dry.path("migratable").get(0).path("processInstanceId").asText()).isEqualTo(waitingAtPrepare);
    assertThat(dry.path("migratable").get(0).path("businessKey").asText()).isEqualTo("TRIAL-1");
    assertThat(dry.path("migratable").get(0).path("activities").toString()).isEqualTo("[\"Task_Prepare\"]");
    assertThat(dry.path("notMigratable")).hasSize(1);
    JsonNode refused = dry.path("notMigratable").get(0);
    assertThat(refused.path("processInstanceId").asText()).isEqualTo(waitingAtCheck);
    assertThat(refused.path("businessKey").asText()).isEqualTo("TRIAL-2");
    assertThat(refused.path("reason").asText()).startsWith("Task_Check: ").contains("no migration instruction");
    assertThat(dry.path("batchId").isMissingNode() || dry.path("batchId").isNull()).isTrue();
    // A dry run changes nothing.
    assertThat(definitionVersionOf(waitingAtPrepare)).isEqualTo(v1);
    assertThat(definitionVersionOf(waitingAtCheck)).isEqualTo(v1);

    JsonNode real = migrate("owner", TRIAL, Map.of("fromVersion", v1, "toVersion", v2, "dryRun", false));
    String batchId = real.path("batchId").asText();
    assertThat(batchId).isNotBlank();
    assertThat(real.path("migrating").asInt()).isEqualTo(1);
    awaitBatch(batchId);

    assertThat(definitionVersionOf(waitingAtPrepare)).isEqualTo(v2);
    assertThat(definitionVersionOf(waitingAtCheck)).isEqualTo(v1);
    // Cockpit's Batches: process owners (and admins) see the batch, others do not.
    for (String user : List.of("owner", "admin")) {
      assertThat(as(user).get().uri("/engine-rest/history/batch?batchId=" + batchId).retrieve().body(JsonNode.class))
          .as(user).hasSize(1);
    }
    assertThat(as("desk").get().uri("/engine-rest/history/batch?batchId=" + batchId).retrieve().body(JsonNode.class))
        .isEmpty();
    // On version 2 the instance goes on to the new step.
    taskService.complete(taskService.createTaskQuery().processInstanceId(waitingAtPrepare).singleResult().getId());
    assertThat(taskService.createTaskQuery().processInstanceId(waitingAtPrepare).singleResult().getTaskDefinitionKey())
        .isEqualTo("Task_Approve");
    assertThat(auditTrail.entriesFor(TRIAL)).extracting(AuditEntry::getAction)
        .containsSubsequence("MIGRATION_CHECKED", "MIGRATION_STARTED");
    assertThat(auditTrail.entriesFor(TRIAL)).extracting(AuditEntry::getActor).contains("owner");
  }

  @Test
  void aRunningIncidentMovesToTheNewVersionAndKeepsItsSlaTimers() throws IOException {
    JsonNode incident = as("desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Mail queue stuck", "description", "outbound mail waits", "impact", "LOW",
            "urgency", "LOW", "category", "email"))
        .retrieve().body(JsonNode.class);
    String instance = incident.path("processInstanceId").asText();
    int from = definitionVersionOf(instance);
    List<Date> timersBefore = timerDueDates(instance);
    assertThat(timersBefore).isNotEmpty();
    int to = deployIncidentRevision();

    JsonNode dry = migrate("admin", INCIDENTS, Map.of("fromVersion", from, "toVersion", to));
    assertThat(dry.path("dryRun").asBoolean()).as("a dry run unless dryRun is false").isTrue();
    assertThat(dry.path("migratable").findValuesAsText("businessKey")).contains(incident.path("number").asText());
    assertThat(dry.path("notMigratable")).isEmpty();

    // The revision is deployed but not in force until a second owner approves it: no instance moves onto it before.
    Map<String, Object> real = Map.of("fromVersion", from, "toVersion", to, "dryRun", false);
    assertThat(status("admin", INCIDENTS, real)).as("a real migration to a revision under review").isEqualTo(400);
    assertThat(definitionVersionOf(instance)).isEqualTo(from);
    approveRevision(INCIDENTS, to);

    String batchId = migrate("admin", INCIDENTS, real).path("batchId").asText();
    awaitBatch(batchId);

    assertThat(definitionVersionOf(instance)).isEqualTo(to);
    assertThat(timerDueDates(instance)).as("SLA timers keep their due dates").isEqualTo(timersBefore);
    assertThat(taskService.createTaskQuery().processInstanceId(instance).singleResult().getTaskDefinitionKey())
        .isEqualTo("Task_TriageIncident");
  }

  @Test
  void onlyProcessOwnersAndAdminsMigrateAndOnlyAdminsTheConfidentialSecurityIncidentSop() {
    Map<String, Object> sameVersion = Map.of("fromVersion", 1, "toVersion", 1, "dryRun", true);
    for (String user : List.of("desk", "manager", "incman", "secoff")) {
      assertThat(status(user, INCIDENTS, sameVersion)).as(user).isEqualTo(403);
    }
    assertThat(anonymous().post().uri("/api/sops/" + INCIDENTS + "/migrations")
        .contentType(MediaType.APPLICATION_JSON).body(sameVersion).retrieve().toEntity(String.class)
        .getStatusCode().value()).isEqualTo(401);
    // Past the groups, the request itself is checked.
    assertThat(status("owner", INCIDENTS, sameVersion)).isEqualTo(400);
    assertThat(status("owner", "SecurityIncidentProcess", sameVersion)).isEqualTo(403);
    assertThat(status("admin", "SecurityIncidentProcess", sameVersion)).isEqualTo(400);
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndChangesNothing() {
    int auditBefore = auditTrail.entriesFor(INCIDENTS).size();
    assertRefused(INCIDENTS, "{\"toVersion\":1}", "fromVersion");
    assertRefused(INCIDENTS, "{\"fromVersion\":1}", "toVersion");
    assertRefused(INCIDENTS, "{\"fromVersion\":\"one\",\"toVersion\":1}", "fromVersion");
    assertRefused(INCIDENTS, "{\"fromVersion\":1,\"toVersion\":1.5}", "toVersion");
    assertRefused(INCIDENTS, "{\"fromVersion\":0,\"toVersion\":1}", "fromVersion");
    assertRefused(INCIDENTS, "{\"fromVersion\":1,\"toVersion\":99}", "toVersion");
    assertRefused(INCIDENTS, "{\"fromVersion\":99,\"toVersion\":1}", "fromVersion");
    assertRefused(INCIDENTS, "{\"fromVersion\":1,\"toVersion\":1}", "toVersion");
    assertRefused(INCIDENTS, "{\"fromVersion\":1,\"toVersion\":1,\"dryRun\":\"maybe\"}", "dryRun");
    assertRefused(INCIDENTS, "{\"fromVersion\":1,\"toVersion\":1,\"force\":true}", "force");
    ResponseEntity<String> unknown = post("owner", "NoSuchProcess", "{\"fromVersion\":1,\"toVersion\":2}");
    assertThat(unknown.getStatusCode().value()).isEqualTo(404);
    assertThat(unknown.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(auditTrail.entriesFor(INCIDENTS)).hasSize(auditBefore);
  }

  @Test
  void aNewerVersionMigratesNotAnOlderOne() {
    int v1 = deployTrial(false);
    int v2 = deployTrial(true);
    assertRefused(TRIAL, "{\"fromVersion\":" + v2 + ",\"toVersion\":" + v1 + "}", "toVersion");
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private void assertRefused(String key, String body, String field) {
    ResponseEntity<String> response = post("owner", key, body);
    assertThat(response.getStatusCode().value()).as(body).isEqualTo(400);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(response.getBody()).as(body).contains("\"field\":\"" + field + "\"");
  }

  private JsonNode migrate(String user, String key, Map<String, Object> body) {
    ResponseEntity<JsonNode> response = as(user).post().uri("/api/sops/" + key + "/migrations")
        .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JsonNode.class);
    assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
    return response.getBody();
  }

  private int status(String user, String key, Map<String, Object> body) {
    return as(user).post().uri("/api/sops/" + key + "/migrations").contentType(MediaType.APPLICATION_JSON)
        .body(body).retrieve().toEntity(String.class).getStatusCode().value();
  }

  private ResponseEntity<String> post(String user, String key, String body) {
    return as(user).post().uri("/api/sops/" + key + "/migrations").contentType(MediaType.APPLICATION_JSON)
        .body(body).retrieve().toEntity(String.class);
  }

  /** The batch's jobs run on the job executor; the batch is gone from the runtime once all have run. */
  /** Its review (SopRevisionProcess) approved by {@code owner2}, as in Tasklist: the revision comes in force. */
  private void approveRevision(String key, int version) {
    String revision = "REV-" + key + "-" + version;
    await().atMost(Duration.ofSeconds(30)).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(revision).count() == 1);
    String taskId = taskService.createTaskQuery().processInstanceBusinessKey(revision).singleResult().getId();
    assertThat(as("owner2").post().uri("/engine-rest/task/" + taskId + "/complete")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", Map.of("revisionApproved", Map.of("value", true),
            "revisionNotes", Map.of("value", "Version tag only"))))
        .retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(204);
  }

  private void awaitBatch(String batchId) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> managementService.createBatchQuery().batchId(batchId).count() == 0);
    assertThat(historyService.createHistoricBatchQuery().batchId(batchId).singleResult().getEndTime()).isNotNull();
    assertThat(managementService.createJobQuery().withException().list()).as("failed batch jobs")
        .noneMatch(job -> batchId.equals(job.getJobDefinitionId()));
  }

  private int definitionVersionOf(String processInstanceId) {
    String definitionId = runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId)
        .singleResult().getProcessDefinitionId();
    return repositoryService.getProcessDefinition(definitionId).getVersion();
  }

  private List<Date> timerDueDates(String processInstanceId) {
    return managementService.createJobQuery().processInstanceId(processInstanceId).timers().orderByJobDuedate().asc()
        .list().stream().map(Job::getDuedate).toList();
  }

  /**
   * Version 1: prepare, then check. Version 2: prepare, then approve (the check is gone): an instance waiting at the
   * check has nowhere to go.
   */
  private int deployTrial(boolean second) {
    BpmnModelInstance model = Bpmn.createExecutableProcess(TRIAL).name("Migration trial").camundaHistoryTimeToLive(30)
        .startEvent("StartEvent_TrialStarted")
        .userTask("Task_Prepare").name("Prepare")
        .userTask(second ? "Task_Approve" : "Task_Check").name(second ? "Approve" : "Check")
        .endEvent("EndEvent_TrialDone").done();
    String definitionId = repositoryService.createDeployment().name("migration-trial")
        .addModelInstance(TRIAL + ".bpmn", model).deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    return repositoryService.getProcessDefinition(definitionId).getVersion();
  }

  /** The incident model as shipped, with another version tag, deployed with its forms as Modeler would. */
  private int deployIncidentRevision() throws IOException {
    var resolver = new PathMatchingResourcePatternResolver();
    DeploymentBuilder deployment = repositoryService.createDeployment().name("incident-revision");
    try (InputStream in = resolver.getResource("classpath:processes/" + INCIDENTS + ".bpmn").getInputStream()) {
      String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .replaceFirst("camunda:versionTag=\"[^\"]*\"", "camunda:versionTag=\"1.0.1-migration-test\"");
      deployment.addString(INCIDENTS + ".bpmn", xml);
    }
    for (Resource form : resolver.getResources("classpath*:forms/*.form")) {
      try (InputStream in = form.getInputStream()) {
        deployment.addInputStream(form.getFilename(), in);
      }
    }
    String definitionId = deployment.deployWithResult().getDeployedProcessDefinitions().stream()
        .filter(d -> d.getKey().equals(INCIDENTS)).findFirst().orElseThrow().getId();
    return repositoryService.getProcessDefinition(definitionId).getVersion();
  }
}
