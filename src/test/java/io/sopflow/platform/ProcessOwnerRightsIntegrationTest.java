package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.identity.Groups;
import io.sopflow.support.IntegrationTestBase;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What process owners may do past {@code /api} (IdentitySetup): deploy, read definitions, watch the SOPs run in
 * Cockpit, retry failed jobs; never read a security incident (its variables, either way, nor the history of its
 * severity decision), never delete, suspend or migrate instances, definitions or deployments through
 * {@code /engine-rest} (migrations go through {@code POST /api/sops/{key}/migrations}, to the version in force).
 * Each destructive call is aimed at a probe SOP of its own, so a call that is wrongly allowed harms no other test.
 */
class ProcessOwnerRightsIntegrationTest extends IntegrationTestBase {

  @Autowired RepositoryService repositoryService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;

  // ---- confidentiality of security incidents -------------------------------------------------------------------

  @Test
  void processOwnersReadNoneOfASecurityIncidentWhileItsReadersStillDo() {
    JsonNode reported = as("desk").post().uri("/api/security-incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Owner rights: laptop stolen", "description", "left on the train", "category",
            "DATA_BREACH", "detectedAt", OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString(),
            "personalDataInvolved", true, "affectedAccounts", List.of(), "affectedAssets", List.of()))
        .retrieve().body(JsonNode.class);
    String number = reported.path("number").asText();
    String instance = reported.path("processInstanceId").asText();
    assertThat(instance).as(reported.toString()).isNotBlank();

    // The owner: no variable by either door, no decision history of the severity table, not even the instance.
    assertThat(get("owner", "/engine-rest/variable-instance?processInstanceIdIn=" + instance).getBody())
        .as("variable-instance as owner").isEqualTo("[]");
    assertThat(status(get("owner", "/engine-rest/process-instance/" + instance + "/variables")))
        .as("process-instance/{id}/variables as owner").isEqualTo(403);
    assertThat(get("owner", "/engine-rest/history/decision-instance?decisionDefinitionKey=SecuritySeverity"
        + "&includeInputs=true&includeOutputs=true").getBody()).as("decision history as owner").isEqualTo("[]");
    assertThat(get("owner", "/engine-rest/process-instance?businessKey=" + number).getBody())
        .as("process-instance list as owner").isEqualTo("[]");
    assertThat(get("owner", "/engine-rest/history/variable-instance?processInstanceId=" + instance).getBody())
        .as("historic variables as owner").isEqualTo("[]");

    // Managers and admins read all of it, also a manager who is a process owner too: the owners' REVOKE on the
    // instance, its definition and the severity table takes nothing from what their other group may see.
    twoGroupPeople();
    for (String reader : List.of("manager", "admin", MANAGER_AND_OWNER)) {
      assertThat(get(reader, "/engine-rest/variable-instance?processInstanceIdIn=" + instance).getBody())
          .as("variable-instance as " + reader).contains("\"reporter\"").contains("\"personalDataInvolved\"");
      assertThat(get(reader, "/engine-rest/process-instance/" + instance + "/variables").getBody())
          .as("variables as " + reader).contains("\"reporter\"").contains("desk");
      assertThat(get(reader, "/engine-rest/history/decision-instance?decisionDefinitionKey=SecuritySeverity"
          + "&includeInputs=true&includeOutputs=true").getBody()).as("decision history as " + reader)
          .contains("\"inputs\"").contains("DATA_BREACH");
      assertThat(get(reader, "/engine-rest/process-instance?businessKey=" + number).getBody())
          .as("process-instance list as " + reader).contains(instance);
      assertThat(get(reader, "/engine-rest/history/process-instance?processInstanceBusinessKey=" + number).getBody())
          .as("historic process instances as " + reader).contains(instance);
      assertThat(get(reader, "/engine-rest/history/variable-instance?processInstanceId=" + instance).getBody())
          .as("historic variables as " + reader).contains("\"reporter\"");
      assertThat(get(reader, "/engine-rest/process-instance/" + instance + "/activity-instances").getBody())
          .as("activity instances (Cockpit's diagram) as " + reader).contains("Task_");
      assertThat(get(reader, "/engine-rest/task?processInstanceBusinessKey=" + number).getBody())
          .as("tasks as " + reader).contains(instance);
    }
    // Security officers work it through its task (Tasklist): its form variables are theirs, process owners or not.
    Task triage = taskService.createTaskQuery().processInstanceId(instance).singleResult();
    for (String officer : List.of("secoff", OFFICER_AND_OWNER)) {
      assertThat(get(officer, "/engine-rest/task?processInstanceBusinessKey=" + number).getBody())
          .as("tasks as " + officer).contains(triage.getId());
      assertThat(get(officer, "/engine-rest/task/" + triage.getId() + "/variables").getBody())
          .as("task variables as " + officer).contains("\"reporter\"");
      assertThat(get(officer, "/engine-rest/task/" + triage.getId() + "/form-variables").getBody())
          .as("form variables as " + officer).contains("\"reporter\"");
    }
    assertThat(status(get("owner", "/engine-rest/task/" + triage.getId() + "/variables")))
        .as("task variables as owner").isIn(403, 404);
  }

  /**
   * The readers' grants on a security incident are their groups', not a person's: someone who becomes a manager after
   * the incident started sees it from then on, and no longer once they leave {@code managers}; nothing is rewritten
   * when a membership changes.
   */
  @Test
  void aProcessOwnerSeesASecurityIncidentOnlyWhileTheyAreAlsoAManager() {
    String person = personIn("owner" + System.nanoTime() % 100000, Groups.PROCESS_OWNERS);
    JsonNode reported = as("desk").post().uri("/api/security-incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Owner rights: odd log-ins", "description", "from two countries", "category",
            "UNAUTHORIZED_ACCESS", "detectedAt", OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS)
                .toString()))
        .retrieve().body(JsonNode.class);
    String number = reported.path("number").asText();
    String instance = reported.path("processInstanceId").asText();
    var identity = processEngine.getIdentityService();

    assertSeesSecurityIncident(person, number, instance, false);
    identity.createMembership(person, Groups.MANAGERS);
    assertSeesSecurityIncident(person, number, instance, true);
    assertThat(get(person, "/api/security-incidents/" + number).getStatusCode().value()).isEqualTo(200);
    identity.deleteMembership(person, Groups.MANAGERS);
    assertSeesSecurityIncident(person, number, instance, false);
    assertThat(get(person, "/api/security-incidents/" + number).getStatusCode().value()).isEqualTo(404);
  }

  private void assertSeesSecurityIncident(String user, String number, String instance, boolean sees) {
    String why = user + (sees ? " (a manager)" : " (a process owner only)");
    assertThat(get(user, "/engine-rest/process-instance?businessKey=" + number).getBody().contains(instance))
        .as("process-instance list as " + why).isEqualTo(sees);
    assertThat(status(get(user, "/engine-rest/process-instance/" + instance + "/variables")))
        .as("variables as " + why).isEqualTo(sees ? 200 : 403);
    assertThat(get(user, "/engine-rest/history/process-instance?processInstanceBusinessKey=" + number).getBody()
        .contains(instance)).as("historic process instances as " + why).isEqualTo(sees);
  }

  // ---- destructive rights ------------------------------------------------------------------------------------------

  @Test
  void processOwnersCannotDeleteADeploymentWithItsInstances() {
    Probe probe = probe("Process_OwnerRightsDelete");
    assertThat(status(delete("owner", "/engine-rest/deployment/" + probe.deploymentId() + "?cascade=true")))
        .isEqualTo(403);
    assertThat(status(delete("owner", "/engine-rest/deployment/" + probe.deploymentId()))).isEqualTo(403);
    assertThat(status(delete("owner", "/engine-rest/process-definition/" + probe.definitionId() + "?cascade=true")))
        .isEqualTo(403);
    assertThat(repositoryService.createDeploymentQuery().deploymentId(probe.deploymentId()).count()).isEqualTo(1);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(probe.instanceId()).count()).isEqualTo(1);
  }

  @Test
  void processOwnersCannotDeleteOrSuspendInstances() {
    Probe probe = probe("Process_OwnerRightsInstance");
    assertThat(status(delete("owner", "/engine-rest/process-instance/" + probe.instanceId()
        + "?skipCustomListeners=true"))).isEqualTo(403);
    assertThat(status(put("owner", "/engine-rest/process-instance/" + probe.instanceId() + "/suspended",
        Map.of("suspended", true)))).isEqualTo(403);
    assertThat(status(put("owner", "/engine-rest/process-definition/" + probe.definitionId() + "/suspended",
        Map.of("suspended", true, "includeProcessInstances", true)))).isEqualTo(403);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(probe.instanceId()).active().count())
        .isEqualTo(1);
    // A security incident's instance (the owner cannot even see it now).
    String sec = as("desk").post().uri("/api/security-incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Owner rights: odd mail", "description", "a link", "category", "PHISHING",
            "detectedAt", OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString()))
        .retrieve().body(JsonNode.class).path("processInstanceId").asText();
    assertThat(status(delete("owner", "/engine-rest/process-instance/" + sec + "?skipCustomListeners=true")))
        .isEqualTo(403);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(sec).count()).isEqualTo(1);
  }

  @Test
  void processOwnersCannotSilenceTimers() {
    Probe probe = probe("Process_OwnerRightsTimer");
    String jobDefinition = processEngine.getManagementService().createJobDefinitionQuery()
        .processDefinitionId(probe.definitionId()).singleResult().getId();
    assertThat(status(put("owner", "/engine-rest/job-definition/" + jobDefinition + "/suspended",
        Map.of("suspended", true, "includeJobs", true)))).isEqualTo(403);
    // Without its jobs: the timers created from now on would start suspended.
    assertThat(status(put("owner", "/engine-rest/job-definition/" + jobDefinition + "/suspended",
        Map.of("suspended", true, "includeJobs", false)))).isEqualTo(403);
    assertThat(processEngine.getManagementService().createJobDefinitionQuery().jobDefinitionId(jobDefinition)
        .suspended().count()).isZero();
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(probe.instanceId())
        .suspended().count()).isZero();
  }

  @Test
  void processOwnersMigrateOnlyThroughTheApi() {
    Probe probe = probe("Process_OwnerRightsMigration");
    ProcessDefinition next = deploy(model("Process_OwnerRightsMigration", "Task_Work2"));
    Map<String, Object> plan = Map.of("sourceProcessDefinitionId", probe.definitionId(),
        "targetProcessDefinitionId", next.getId(),
        "instructions", List.of(Map.of("sourceActivityIds", List.of("Task_Work"),
            "targetActivityIds", List.of("Task_Work"))));
    ResponseEntity<String> engine = post("owner", "/engine-rest/migration/execute",
        Map.of("migrationPlan", plan, "processInstanceIds", List.of(probe.instanceId()), "skipCustomListeners", true));
    assertThat(status(engine)).as(engine.getBody()).isEqualTo(403);
    assertThat(status(post("owner", "/engine-rest/migration/executeAsync",
        Map.of("migrationPlan", plan, "processInstanceIds", List.of(probe.instanceId()))))).isEqualTo(403);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(probe.instanceId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(probe.definitionId());
    // Through /api it works for them (the service runs it without their engine rights; its rule "only to the version
    // in force" is SopMigrationIntegrationTest's: this probe is no SOP of processes/, so every version is in force).
    ResponseEntity<String> api = post("owner", "/api/sops/Process_OwnerRightsMigration/migrations",
        Map.of("fromVersion", 1, "toVersion", 2, "dryRun", false));
    assertThat(status(api)).as(api.getBody()).isEqualTo(200);
    assertThat(api.getBody()).contains("\"migrating\":1");
  }

  @Test
  void processOwnersStillWatchTheSopsAndRetryFailedJobs() {
    Probe probe = probe("Process_OwnerRightsWatch");
    assertThat(get("owner", "/engine-rest/process-instance?processDefinitionId=" + probe.definitionId()).getBody())
        .contains(probe.instanceId());
    assertThat(get("owner", "/engine-rest/history/process-instance?processInstanceId=" + probe.instanceId())
        .getBody()).contains(probe.instanceId());
    assertThat(get("owner", "/engine-rest/variable-instance?processInstanceIdIn=" + probe.instanceId()).getBody())
        .contains("\"probe\"");
    assertThat(status(get("owner", "/engine-rest/process-instance/" + probe.instanceId() + "/activity-instances")))
        .isEqualTo(200);
    assertThat(get("owner", "/engine-rest/job?processInstanceId=" + probe.instanceId()).getBody())
        .contains(probe.instanceId());
    assertThat(status(get("owner", "/engine-rest/process-definition/" + probe.definitionId() + "/xml")))
        .isEqualTo(200);
    assertThat(status(get("owner", "/engine-rest/deployment/" + probe.deploymentId()))).isEqualTo(200);
    String job = processEngine.getManagementService().createJobQuery().processInstanceId(probe.instanceId())
        .singleResult().getId();
    assertThat(status(put("owner", "/engine-rest/job/" + job + "/retries", Map.of("retries", 3)))).isEqualTo(204);
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  record Probe(String deploymentId, String definitionId, String instanceId) {
  }

  /** A probe SOP, deployed and started by the system: a task behind a one-hour timer. */
  private Probe probe(String key) {
    ProcessDefinition definition = deploy(model(key, "Task_Work"));
    String instance = runtimeService.startProcessInstanceById(definition.getId(), key + "-1",
        Map.of("probe", "owner rights")).getId();
    return new Probe(definition.getDeploymentId(), definition.getId(), instance);
  }

  private static BpmnModelInstance model(String key, String taskName) {
    return Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1).name("Owner rights probe")
        .startEvent("StartEvent_Probe")
        .userTask("Task_Work").name(taskName).camundaCandidateGroups("service-desk")
        .boundaryEvent("Timer_Sla").timerWithDuration("PT1H")
        .endEvent("EndEvent_Late")
        .moveToActivity("Task_Work").endEvent("EndEvent_Done")
        .done();
  }

  private ProcessDefinition deploy(BpmnModelInstance model) {
    String key = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).iterator().next()
        .getId();
    String deploymentId = repositoryService.createDeployment().name(key).addModelInstance(key + ".bpmn", model)
        .deploy().getId();
    return repositoryService.createProcessDefinitionQuery().deploymentId(deploymentId).singleResult();
  }

  private ResponseEntity<String> get(String user, String path) {
    return as(user).get().uri(path).retrieve().toEntity(String.class);
  }

  private ResponseEntity<String> delete(String user, String path) {
    return as(user).delete().uri(path).retrieve().toEntity(String.class);
  }

  private ResponseEntity<String> put(String user, String path, Object body) {
    return as(user).put().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(String.class);
  }

  private ResponseEntity<String> post(String user, String path, Object body) {
    return as(user).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(String.class);
  }

  private static int status(ResponseEntity<?> response) {
    return response.getStatusCode().value();
  }
}
