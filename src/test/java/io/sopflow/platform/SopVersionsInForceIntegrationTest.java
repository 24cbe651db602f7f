package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.platform.ClientAt.Answer;
import io.sopflow.support.IntegrationTestBase;
import io.sopflow.support.Models;
import io.sopflow.support.SopDeployments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Issue 22, the platform's side: a revision waiting for review is deployed but never offered or started. Tasklist's
 * start list offers the version in force, and a changed model of {@code processes/} found at start-up (the
 * {@link ModelDeployer} code path) is proposed, not in force.
 */
class SopVersionsInForceIntegrationTest extends IntegrationTestBase {

  private final ObjectMapper json = new ObjectMapper();

  @Autowired
  private DeploymentProperties deploymentProperties;

  @Test
  void tasklistsStartListOffersTheVersionInForceNotThePendingRevision() throws Exception {
    String key = "ServiceRequestProcess";
    SopDeployments.deploy(as("owner"), SopDeployments.changedModel(key,
        // whatever the model's tag is now: a revision is a model that differs
        model -> model.replaceFirst("camunda:versionTag=\"[^\"]*\"", "camunda:versionTag=\"9.9.9-in-force-test\"")));
    ProcessDefinition latest = processEngine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(key).latestVersion().singleResult();
    assertThat(latest.getVersion()).isEqualTo(2);

    ClientAt tasklist = ClientAt.signedInToTasklist(port, "desk", PASSWORD);
    // What Tasklist 7.24 asks for its "Start process" list, and its count.
    String query = "?latest=true&active=true&startableInTasklist=true&startablePermissionCheck=true"
        + "&firstResult=0&maxResults=15&sortBy=name&sortOrder=asc";
    Answer list = tasklist.get("/camunda/api/engine/engine/default/process-definition" + query,
        "X-XSRF-TOKEN", tasklist.cookie("XSRF-TOKEN"), "Accept", "application/json");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    JsonNode offered = json.readTree(list.body());
    List<JsonNode> serviceRequests = new java.util.ArrayList<>();
    offered.forEach(definition -> {
      if (key.equals(definition.path("key").asText())) {
        serviceRequests.add(definition);
      }
    });
    assertThat(serviceRequests).hasSize(1);
    assertThat(serviceRequests.get(0).path("version").asInt()).as("the version in force").isEqualTo(1);
    assertThat(offered.findValuesAsText("key")).as("what desk may start, as before")
        .contains("IncidentEscalationProcess").doesNotContain("ReleaseDeploymentProcess", "SopRevisionProcess");
    Answer count = tasklist.get("/camunda/api/engine/engine/default/process-definition/count" + query,
        "X-XSRF-TOKEN", tasklist.cookie("XSRF-TOKEN"), "Accept", "application/json");
    assertThat(json.readTree(count.body()).path("count").asInt()).isEqualTo(offered.size());
  }

  @Test
  void aChangedModelFoundAtStartUpIsProposedNotInForce() throws Exception {
    Path folder = Files.createTempDirectory("processes");
    Files.writeString(folder.resolve("SlaReportProcess.bpmn"), Files.readString(
        Models.PROCESSES.resolve("SlaReportProcess.bpmn")).replace("name=\"Review SLA report\"",
        "name=\"Review monthly SLA report\""));
    Files.copy(Models.FORMS.resolve("Form_ReviewSlaReport.form"), folder.resolve("Form_ReviewSlaReport.form"));

    new ModelDeployer(processEngine.getRepositoryService(), processEngine.getManagementService(),
        new DeploymentProperties(deploymentProperties.name(), List.of("file:" + folder + "/*"))).afterPropertiesSet();

    JsonNode sop = as("manager").get().uri("/api/sops/SlaReportProcess").retrieve().body(JsonNode.class);
    assertThat(sop.path("versionInForce").asInt()).isEqualTo(1);
    assertThat(sop.path("pendingRevision").path("version").asInt()).isEqualTo(2);
    assertThat(sop.path("pendingRevision").path("author").asText()).isEqualTo("system");
    await().atMost(Duration.ofSeconds(30)).until(() -> processEngine.getTaskService().createTaskQuery()
        .processInstanceBusinessKey("REV-SlaReportProcess-2").taskDefinitionKey("Task_ReviewRevision").count() == 1);

    // The report's own start (API and schedule alike go through ProcessStarts) uses the version in force.
    JsonNode run = as("manager").post().uri("/api/reports/sla/runs").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("month", "2026-10")).retrieve().body(JsonNode.class);
    String definitionId = processEngine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceBusinessKey(run.path("key").asText()).singleResult().getProcessDefinitionId();
    assertThat(processEngine.getRepositoryService().getProcessDefinition(definitionId).getVersion()).isEqualTo(1);
  }
}
