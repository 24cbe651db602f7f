package io.sopflow.sop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.support.IntegrationTestBase;
import io.sopflow.support.SopDeployments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 22 end to end: a process owner deploys a changed SOP from Modeler (through {@code /engine-rest}); it is
 * deployed but not in force until a second process owner approves it in its review; the history shows who did what.
 */
class SopGovernanceIntegrationTest extends IntegrationTestBase {

  private static final String INCIDENT = "IncidentEscalationProcess";
  /** The tag of the revision the owner deploys: any tag other than the one in force (the model's own). */
  private static final String REVISED_TAG = "99.0.0-revision";

  @Autowired
  SopRevisionRepository revisions;

  @Autowired
  PlatformTransactionManager transactionManager;

  @Test
  void aRevisionDeployedByOwnerIsInForceOnlyOnceOwner2ApprovesIt() {
    ResponseEntity<JsonNode> deployed = SopDeployments.deploy(as("owner"), SopDeployments.changedModel(INCIDENT,
        model -> model.replace("name=\"Triage incident ${incidentNumber}\"",
            "name=\"Triage reported incident ${incidentNumber}\"").replaceFirst("camunda:versionTag=\"[^\"]*\"",
            "camunda:versionTag=\"" + REVISED_TAG + "\"")));
    assertThat(deployed.getStatusCode().value()).as(String.valueOf(deployed.getBody())).isEqualTo(200);
    String revision = "REV-" + INCIDENT + "-2";

    JsonNode sop = as("desk").get().uri("/api/sops/" + INCIDENT).retrieve().body(JsonNode.class);
    assertThat(sop.path("versionInForce").asInt()).isEqualTo(1);
    assertThat(sop.path("pendingRevision").path("key").asText()).isEqualTo(revision);
    assertThat(sop.path("pendingRevision").path("author").asText()).isEqualTo("owner");
    assertThat(sop.path("ownerGroup").asText()).isEqualTo("process-owners");
    assertThat(sop.path("purpose").asText()).startsWith("Reference SOP.");
    assertThat(versionOf(reportIncident())).as("a new incident starts the version in force").isEqualTo(1);

    Task review = awaitReview(revision);
    assertThat(review.getName()).isEqualTo("Review SOP revision");
    assertThat(tasksOf("owner", revision)).as("never offered to its author").isEmpty();
    assertThat(tasksOf("owner2", revision)).hasSize(1);
    assertThat(processEngine.getTaskService().getVariableLocal(review.getId(), "changeSummary").toString())
        .contains("Renamed: Task_TriageIncident \"Triage incident ${incidentNumber}\" -> "
            + "\"Triage reported incident ${incidentNumber}\"");
    assertThat(processEngine.getTaskService().getVariable(review.getId(), "checks").toString())
        .as("the reviewer reads every rule the revision passed")
        .isEqualTo("Passed: " + String.join(", ", io.sopflow.platform.ModelConventions.RULES) + ".")
        .contains("forms bound to their deployment", "only what a model may hold");

    ResponseEntity<JsonNode> byAuthor = complete("owner", review.getId(), true, "I approve my own change");
    assertThat(byAuthor.getStatusCode().value()).isEqualTo(403);
    assertThat(byAuthor.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(byAuthor.getBody().path("detail").asText()).contains("four-eyes");
    assertThat(versionOf(reportIncident())).isEqualTo(1);

    assertThat(complete("owner2", review.getId(), true, "Triage names the reported incident").getStatusCode().value())
        .isEqualTo(204);

    sop = as("desk").get().uri("/api/sops/" + INCIDENT).retrieve().body(JsonNode.class);
    assertThat(sop.path("versionInForce").asInt()).isEqualTo(2);
    assertThat(sop.path("versionTag").asText()).isEqualTo(REVISED_TAG);
    assertThat(sop.path("pendingRevision").isMissingNode() || sop.path("pendingRevision").isNull()).isTrue();
    assertThat(versionOf(reportIncident())).as("new incidents use the approved version").isEqualTo(2);

    JsonNode history = as("desk").get().uri("/api/sops/" + INCIDENT + "/revisions").retrieve().body(JsonNode.class);
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("version").asInt()).isEqualTo(2);
    assertThat(history.get(0).path("status").asText()).isEqualTo("IN_FORCE");
    assertThat(history.get(0).path("author").asText()).isEqualTo("owner");
    assertThat(history.get(0).path("approver").asText()).isEqualTo("owner2");
    assertThat(history.get(0).path("notes").asText()).isEqualTo("Triage names the reported incident");
    assertThat(history.get(0).path("effectiveFrom").asText()).isNotBlank();
    assertThat(history.get(1).path("version").asInt()).isEqualTo(1);
    assertThat(history.get(1).path("status").asText()).isEqualTo("SUPERSEDED");
    assertThat(history.get(1).path("author").asText()).isEqualTo("system");

    JsonNode audit = as("admin").get().uri("/api/audit?subject=" + revision).retrieve().body(JsonNode.class);
    assertThat(audit.findValuesAsText("action")).contains("PROPOSED", "APPROVED");
    // Distribution: the SOP's groups (its owner group and the groups its tasks name) get the revision notes.
    assertThat(awaitMailAbout("incman@sopflow.local", revision, 1, Duration.ofSeconds(30))).isNotEmpty();
    assertThat(awaitMailAbout("owner2@sopflow.local", revision, 1, Duration.ofSeconds(30))).isNotEmpty();
  }

  @Test
  void aRejectedRevisionStaysOutOfForceAndNothingStartsIt() {
    String key = "ProjectClosureProcess";
    SopDeployments.deploy(as("owner"), SopDeployments.changedModel(key,
        model -> model.replace("name=\"Send sign-off reminder\"", "name=\"Remind sponsor of sign-off\"")));
    String revision = "REV-" + key + "-2";
    Task review = awaitReview(revision);
    // Offered by an admin to desk, who is no process owner: the review is still the owner group's (403).
    assertThat(as("admin").post().uri("/engine-rest/task/" + review.getId() + "/identity-links")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("userId", "desk", "type", "candidate")).retrieve()
        .toEntity(JsonNode.class).getStatusCode().value()).isEqualTo(204);
    ResponseEntity<JsonNode> byOutsider = complete("desk", review.getId(), true, "Looks fine to me");
    assertThat(byOutsider.getStatusCode().value()).as(String.valueOf(byOutsider.getBody())).isEqualTo(403);
    assertThat(byOutsider.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(byOutsider.getBody().path("detail").asText()).contains("process-owners");

    assertThat(complete("owner2", review.getId(), false, "Keep the wording of the seed").getStatusCode().value())
        .isEqualTo(204);

    JsonNode history = as("pm").get().uri("/api/sops/" + key + "/revisions").retrieve().body(JsonNode.class);
    assertThat(history.get(0).path("status").asText()).isEqualTo("REJECTED");
    assertThat(history.get(0).path("approver").asText()).isEqualTo("owner2");
    assertThat(history.get(1).path("status").asText()).isEqualTo("IN_FORCE");
    assertThat(as("pm").get().uri("/api/sops/" + key).retrieve().body(JsonNode.class).path("versionInForce").asInt())
        .isEqualTo(1);
    String rejected = processEngine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key)
        .processDefinitionVersion(2).singleResult().getId();
    for (String start : List.of("/engine-rest/process-definition/" + rejected + "/start",
        "/engine-rest/process-definition/key/" + key + "/start")) {
      ResponseEntity<JsonNode> refused = as("admin").post().uri(start).contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("businessKey", "PRJ-REJECTED")).retrieve().toEntity(JsonNode.class);
      assertThat(refused.getStatusCode().value()).as(start).isEqualTo(409);
      assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
      assertThat(refused.getBody().path("detail").asText()).contains("not in force");
    }
  }

  @Test
  void theCatalogueListsEverySopForEverySignedInUserAndUnknownKeysAre404() {
    JsonNode sops = as("desk").get().uri("/api/sops").retrieve().body(JsonNode.class);
    assertThat(sops.findValuesAsText("key")).contains(INCIDENT, "SecurityIncidentProcess", "SopRevisionProcess");
    for (JsonNode sop : sops) {
      if ("SecurityIncidentProcess".equals(sop.path("key").asText())) {
        assertThat(sop.path("ownerGroup").asText()).isEqualTo("security-officers");
      }
    }
    assertThat(as("desk").get().uri("/api/sops/NoSuchProcess").retrieve().toEntity(JsonNode.class)
        .getStatusCode().value()).isEqualTo(404);
    assertThat(anonymous().get().uri("/api/sops").retrieve().toEntity(String.class).getStatusCode().value())
        .isEqualTo(401);
  }

  @Test
  void theRevisionInForceIsOneOfThemWhenSeveralAreMarkedInForce() {
    new TransactionTemplate(transactionManager).executeWithoutResult(transaction -> {
      for (int version = 1; version <= 2; version++) {
        revisions.save(SopRevision.inForce(new NewVersion("TwoInForce", version, "TwoInForce:" + version, null,
            "system", Instant.now(), false), "system", "two versions in force"));
      }
      assertThat(revisions.findFirstByProcessKeyAndStatus("TwoInForce", SopRevisionStatus.IN_FORCE))
          .hasValueSatisfying(revision -> assertThat(revision.getProcessKey()).isEqualTo("TwoInForce"));
      assertThat(revisions.findFirstByProcessKeyAndStatus("TwoInForce", SopRevisionStatus.PROPOSED)).isEmpty();
      transaction.setRollbackOnly();
    });
  }

  private Task awaitReview(String revision) {
    await().atMost(Duration.ofSeconds(30)).until(() -> processEngine.getTaskService().createTaskQuery()
        .processInstanceBusinessKey(revision).count() == 1);
    return processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(revision).singleResult();
  }

  private JsonNode tasksOf(String user, String revision) {
    return as(user).get().uri("/engine-rest/task?processInstanceBusinessKey=" + revision).retrieve()
        .body(JsonNode.class);
  }

  private ResponseEntity<JsonNode> complete(String user, String taskId, boolean approved, String notes) {
    return as(user).post().uri("/engine-rest/task/" + taskId + "/complete").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", Map.of("revisionApproved", Map.of("value", approved),
            "revisionNotes", Map.of("value", notes)))).retrieve().toEntity(JsonNode.class);
  }

  private String reportIncident() {
    JsonNode incident = as("desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "VPN down", "description", "No one can connect", "impact", "LOW", "urgency", "LOW",
            "category", "network"))
        .retrieve().body(JsonNode.class);
    return incident.path("processInstanceId").asText();
  }

  private int versionOf(String processInstanceId) {
    String definitionId = processEngine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult().getProcessDefinitionId();
    return processEngine.getRepositoryService().getProcessDefinition(definitionId).getVersion();
  }
}
