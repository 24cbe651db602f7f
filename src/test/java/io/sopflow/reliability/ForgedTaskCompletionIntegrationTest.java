package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Forms validate only in the browser: a completion forged straight against {@code /engine-rest} (approving one's own
 * change, skipping the required decision, a value of the wrong type or outside the allowed ones) is refused by the
 * server with 400/403, and the task stays open with nothing recorded.
 */
class ForgedTaskCompletionIntegrationTest extends ReliabilityIntegrationTestBase {

  @Autowired TaskService taskService;

  @Test
  void aChangeManagerCannotApproveTheirOwnChangeThroughTheEngineRestApi() {
    String in7 = OffsetDateTime.now().plusDays(7).truncatedTo(ChronoUnit.SECONDS).toString();
    String in8 = OffsetDateTime.now().plusDays(8).truncatedTo(ChronoUnit.SECONDS).toString();
    ResponseEntity<JsonNode> created = as("chgman").post().uri("/api/changes").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Upgrade VPN", "description", "New firmware", "type", "NORMAL", "affectedServices",
            List.of("vpn"), "implementationPlan", "flash", "backoutPlan", "reflash", "testEvidence", "lab",
            "plannedStart", in7, "plannedEnd", in8, "implementer", "l2"))
        .retrieve().toEntity(JsonNode.class);
    assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
    String number = created.getBody().path("number").asText();
    Task review = taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey("Task_ReviewChange")
        .singleResult();
    assertThat(review).as("review task of " + number).isNotNull();
    long decisionsBefore = auditEntries(number);

    assertThat(complete("chgman", review.getId(), Map.of("reviewDecision", string("APPROVE"))))
        .as("approving one's own change").isEqualTo(403);
    assertThat(complete("admin", review.getId(), Map.of())).as("no decision").isEqualTo(400);
    assertThat(complete("admin", review.getId(), Map.of("reviewDecision", string("MAYBE")))).as("unknown decision")
        .isEqualTo(400);
    assertThat(complete("admin", review.getId(), Map.of("reviewDecision", Map.of("value", 1, "type", "Integer"))))
        .as("decision of the wrong type").isEqualTo(400);

    assertThat(taskService.createTaskQuery().taskId(review.getId()).count()).as("the task is still open").isEqualTo(1);
    assertThat(auditEntries(number)).as("no decision recorded").isEqualTo(decisionsBefore);
  }

  @Test
  void anIncidentTriageWithoutAValidResolverGroupIsRefusedAndStaysOpen() {
    JsonNode incident = as("fin").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "VPN drops", "description", "every hour", "impact", "LOW", "urgency", "LOW",
            "category", "network"))
        .retrieve().body(JsonNode.class);
    String number = incident.path("number").asText();
    Task triage = taskService.createTaskQuery().processInstanceBusinessKey(number).singleResult();
    long before = auditEntries(number);

    assertThat(complete("desk", triage.getId(), Map.of())).as("no resolver group").isEqualTo(400);
    assertThat(complete("desk", triage.getId(), Map.of("resolverGroup", string("support-l9")))).as("unknown group")
        .isEqualTo(400);
    assertThat(complete("desk", triage.getId(), Map.of("resolverGroup", Map.of("value", 2, "type", "Integer"))))
        .as("group of the wrong type").isEqualTo(400);
    assertThat(complete("desk", triage.getId(), Map.of("resolverGroup", string("support-l2"), "triageNotes",
        string("x".repeat(5000))))).as("notes too long").isEqualTo(400);
    assertThat(complete("l2", triage.getId(), Map.of("resolverGroup", string("support-l2"))))
        .as("not a candidate").isEqualTo(403);

    assertThat(taskService.createTaskQuery().taskId(triage.getId()).count()).isEqualTo(1);
    assertThat(auditEntries(number)).isEqualTo(before);
    assertThat(complete("desk", triage.getId(), Map.of("resolverGroup", string("support-l2")))).isEqualTo(204);
  }

  private int complete(String user, String taskId, Map<String, Object> variables) {
    return as(user).post().uri("/engine-rest/task/{id}/complete", taskId).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", variables)).retrieve().toBodilessEntity().getStatusCode().value();
  }

  private static Map<String, Object> string(String value) {
    return Map.of("value", value, "type", "String");
  }

  private long auditEntries(String subject) {
    return jdbc().queryForObject("select count(*) from audit_entry where subject_key = ?", Long.class, subject);
  }
}
