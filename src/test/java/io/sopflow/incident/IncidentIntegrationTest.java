package io.sopflow.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.audit.AuditTrail;
import io.sopflow.incident.process.IncidentEscalationProcess;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * End to end through {@code /api/incidents} with the job executor, GreenMail and the demo users. The P3 response
 * target is shortened to ten seconds around the clock, so the warning (at 75 %) and the breach happen during the test.
 */
@TestPropertySource(properties = {"sopflow.sla.incident.p3.response=PT10S", "sopflow.sla.incident.p3.calendar=24x7"})
class IncidentIntegrationTest extends IntegrationTestBase {

  @Autowired
  IncidentRepository incidents;

  @Autowired
  AuditTrail auditTrail;

  @Test
  void p3IncidentIsOfferedToSupportL2AboutTenSecondsLaterWithWarningAndEscalationMails() throws Exception {
    Instant before = Instant.now();
    ResponseEntity<JsonNode> created = report("pm", incident("VPN drops every hour", "MEDIUM", "MEDIUM"));

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = created.getBody();
    String number = body.get("number").asText();
    assertThat(number).matches("INC-\\d{6}");
    assertThat(created.getHeaders().getLocation()).hasToString("/api/incidents/" + number);
    assertThat(body.get("priority").asText()).isEqualTo("P3");
    assertThat(body.get("status").asText()).isEqualTo("IN_TRIAGE");
    assertThat(body.get("assignmentGroup").asText()).isEqualTo("service-desk");
    assertThat(body.get("processInstanceId").asText()).isNotBlank();
    Instant responseDue = Instant.parse(body.get("responseDueAt").asText());
    assertThat(Duration.between(before, responseDue)).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(12));
    assertThat(body.get("resolutionDueAt").asText()).isNotBlank();
    String processInstanceId = body.get("processInstanceId").asText();
    assertThat(triageTask(processInstanceId).getName()).isEqualTo("Triage incident");

    List<MimeMessage> warnings = awaitMailTo("desk@sopflow.local", 1, Duration.ofSeconds(30));
    assertThat(warnings.get(0).getSubject()).contains("Response SLA warning", number);
    assertThat((String) warnings.get(0).getContent()).contains(number, "/camunda/app/tasklist/default/#/?task=");

    List<MimeMessage> escalations = awaitMailTo("l2@sopflow.local", 1, Duration.ofSeconds(30));
    assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
    assertThat(escalations.get(0).getSubject()).contains(number, "escalated to support-l2");
    assertThat((String) escalations.get(0).getContent()).contains("FUNCTIONAL", "/camunda/app/tasklist/default/#/?task=");

    Task triage = triageTask(processInstanceId);
    assertThat(processEngine.getTaskService().getIdentityLinksForTask(triage.getId()))
        .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("support-l2"))
        .noneSatisfy(link -> assertThat(link.getGroupId()).isEqualTo("service-desk"));

    JsonNode record = as("l2").get().uri("/api/incidents/{n}", number).retrieve().body(JsonNode.class);
    assertThat(record.get("assignmentGroup").asText()).isEqualTo("support-l2");
    assertThat(record.get("escalationLevel").asInt()).isEqualTo(2);
    assertThat(record.get("responseBreached").asBoolean()).isTrue();
    assertThat(record.get("escalations")).hasSize(1);
    assertThat(record.get("escalations").get(0).get("kind").asText()).isEqualTo("FUNCTIONAL");
    assertThat(record.get("escalations").get(0).get("toGroup").asText()).isEqualTo("support-l2");
    assertThat(auditTrail.entriesFor(number)).extracting(e -> e.getAction()).contains("REPORTED", "ESCALATED");

    JsonNode breached = as("manager").get().uri("/api/incidents?breached=true&assignmentGroup=support-l2&size=500")
        .retrieve().body(JsonNode.class);
    assertThat(breached.get("size").asInt()).isEqualTo(100);
    assertThat(breached.get("content").findValuesAsText("number")).contains(number);
  }

  @Test
  void p1NotifiesIncidentManagersAtOnceAndOffersThemCoordination() throws Exception {
    ResponseEntity<JsonNode> created = report("desk", incident("Data centre power loss", "HIGH", "HIGH"));

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String number = created.getBody().get("number").asText();
    assertThat(created.getBody().get("priority").asText()).isEqualTo("P1");
    assertThat(created.getBody().get("majorIncident").asBoolean()).isTrue();

    List<MimeMessage> mails = awaitMailTo("incman@sopflow.local", 1, Duration.ofSeconds(8));
    assertThat(mails.get(0).getSubject()).contains("MAJOR INCIDENT", number);
    await().atMost(Duration.ofSeconds(5)).until(() -> processEngine.getTaskService().createTaskQuery()
        .processInstanceBusinessKey(number).taskDefinitionKey(IncidentEscalationProcess.TASK_COORDINATE)
        .taskCandidateGroup("incident-managers").count() == 1);
  }

  @Test
  void reporterAnswersAQuestionConfirmsTheResolutionAndTheIncidentCloses() throws Exception {
    String number = report("pm", incident("Printer jams", "LOW", "LOW")).getBody().get("number").asText();
    assertThat(get("pm", number).get("priority").asText()).isEqualTo("P4");

    completeAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup", "service-desk"));
    completeAs("desk", number, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "AWAIT_REQUESTER", "questionForRequester", "Which printer?"));
    assertThat(get("pm", number).get("status").asText()).isEqualTo("AWAITING_REQUESTER");
    awaitMailTo("pm@sopflow.local", 1, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> processEngine.getRuntimeService().createExecutionQuery()
        .processInstanceBusinessKey(number).activityId(IncidentEscalationProcess.TASK_AWAIT_REQUESTER).count() == 1);

    ResponseEntity<JsonNode> comment = as("pm").post().uri("/api/incidents/{n}/comments", number)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("text", "The one on floor 2")).retrieve()
        .toEntity(JsonNode.class);
    assertThat(comment.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(get("pm", number).get("status").asText()).isEqualTo("IN_PROGRESS");

    completeAs("desk", number, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Cleared the paper path"));
    await().atMost(Duration.ofSeconds(10)).until(() -> processEngine.getTaskService().createTaskQuery()
        .processInstanceBusinessKey(number).taskDefinitionKey(IncidentEscalationProcess.TASK_CONFIRM)
        .taskAssignee("pm").count() == 1);
    // The reporter answers after the mail that asks them to (its job runs beside the confirmation task).
    assertThat(awaitMailTo("pm@sopflow.local", 2, Duration.ofSeconds(10)).get(1).getSubject()).contains("resolved");
    await().atMost(Duration.ofSeconds(10)).until(() -> processEngine.getManagementService().createJobQuery()
        .processInstanceId(processInstanceOf(number)).activityId("Task_RequestConfirmation").count() == 0);
    completeAs("pm", number, IncidentEscalationProcess.TASK_CONFIRM, Map.of("confirmation", "CONFIRM"));

    JsonNode closed = get("pm", number);
    assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
    assertThat(closed.get("closedAutomatically").asBoolean()).isFalse();
    assertThat(closed.get("comments")).hasSize(1);
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(number)
        .count()).isZero();
  }

  @Test
  void incidentsAreVisibleOnlyToTheirReporterAndTheIncidentGroups() {
    String number = report("pm", incident("Laptop broken", "LOW", "LOW")).getBody().get("number").asText();

    assertThat(as("fin").get().uri("/api/incidents/{n}", number).retrieve().toBodilessEntity().getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(as("fin").get().uri("/api/incidents").retrieve().body(JsonNode.class).get("content")
        .findValuesAsText("number")).doesNotContain(number);
    assertThat(get("l3", number).get("number").asText()).isEqualTo(number);
    assertThat(as("pm").get().uri("/api/incidents").retrieve().body(JsonNode.class).get("content")
        .findValuesAsText("reporter")).containsOnly("pm");
  }

  @Test
  void invalidInputIsRefusedWithTheFieldNamedAndNothingStored() {
    long incidentsBefore = incidents.count();
    long instancesBefore = instances();

    Map<String, Object> missingTitle = incident("x", "LOW", "LOW");
    missingTitle.remove("title");
    assertRefused(missingTitle, "title");

    assertRefused(incident("Bad impact", "CATASTROPHIC", "LOW"), "impact");
    assertRefused(incident("x".repeat(10_000), "LOW", "LOW"), "title");
    Map<String, Object> unknownField = incident("Unknown field", "LOW", "LOW");
    unknownField.put("severity", "HIGH");
    assertRefused(unknownField, "severity");

    assertThat(incidents.count()).isEqualTo(incidentsBefore);
    assertThat(instances()).isEqualTo(instancesBefore);
  }

  // ------------------------------------------------------------------ helpers

  private void assertRefused(Map<String, Object> request, String field) {
    ResponseEntity<JsonNode> response = report("pm", request);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody().get("field").asText()).isEqualTo(field);
  }

  private long instances() {
    return processEngine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(IncidentEscalationProcess.PROCESS_KEY).count();
  }

  private static Map<String, Object> incident(String title, String impact, String urgency) {
    Map<String, Object> body = new HashMap<>();
    body.put("title", title);
    body.put("description", "Reported in a test");
    body.put("impact", impact);
    body.put("urgency", urgency);
    body.put("category", "network");
    body.put("configurationItem", "vpn-gw-1");
    return body;
  }

  private ResponseEntity<JsonNode> report(String user, Map<String, Object> body) {
    return as(user).post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class);
  }

  private JsonNode get(String user, String number) {
    return as(user).get().uri("/api/incidents/{n}", number).retrieve().body(JsonNode.class);
  }

  private String processInstanceOf(String number) {
    return processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(number)
        .singleResult().getId();
  }

  private Task triageTask(String processInstanceId) {
    return processEngine.getTaskService().createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_TRIAGE).singleResult();
  }

  /** Completes the task as the person would in Tasklist (engine authentication set, so listeners see them). */
  private void completeAs(String user, String number, String taskKey, Map<String, Object> variables) {
    var taskService = processEngine.getTaskService();
    Task task = taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(taskKey)
        .singleResult();
    assertThat(task).as(taskKey + " of " + number).isNotNull();
    var identity = processEngine.getIdentityService();
    identity.setAuthentication(user, List.copyOf(
        identity.createGroupQuery().groupMember(user).list().stream().map(g -> g.getId()).toList()));
    try {
      taskService.complete(task.getId(), variables);
    } finally {
      identity.clearAuthentication();
    }
  }
}
