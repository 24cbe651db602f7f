package io.sopflow.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ForbiddenException;
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
import org.springframework.jdbc.core.JdbcTemplate;
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

  @Autowired
  JdbcTemplate jdbc;

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
    Task offered = triageTask(processInstanceId);
    assertThat(offered.getName()).isEqualTo("Triage incident " + number + ": VPN drops every hour");
    assertThat(Duration.between(offered.getDueDate().toInstant(), responseDue).abs())
        .as("the triage is due when the response target is").isLessThan(Duration.ofSeconds(1));

    List<MimeMessage> warnings = awaitMailAbout("desk@sopflow.local", number, 1, Duration.ofSeconds(30));
    assertThat(warnings.get(0).getSubject()).contains("Response SLA warning", number);
    assertThat((String) warnings.get(0).getContent()).contains(number, "/camunda/app/tasklist/default/#/?task=");

    List<MimeMessage> escalations = awaitMailAbout("l2@sopflow.local", number, 1, Duration.ofSeconds(30));
    assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
    assertThat(escalations.get(0).getSubject()).contains(number, "escalated to support-l2");
    assertThat((String) escalations.get(0).getContent()).contains("FUNCTIONAL", "/camunda/app/tasklist/default/#/?task=");

    // The mails are sent in the escalating step, possibly a moment before it commits.
    await().atMost(Duration.ofSeconds(5)).until(() -> !triageTask(processInstanceId).getId().equals(offered.getId()));
    Task triage = triageTask(processInstanceId);
    assertThat((String) warnings.get(0).getContent()).as("link to the triage").contains("task=" + offered.getId());
    assertThat((String) escalations.get(0).getContent()).as("link to the triage the next tier was offered")
        .contains("task=" + triage.getId());
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

    JsonNode breached = as("manager").get().uri("/api/incidents?breached=true&assignmentGroup=support-l2&size=100")
        .retrieve().body(JsonNode.class);
    assertThat(breached.get("size").asInt()).isEqualTo(100);
    assertThat(breached.get("content").findValuesAsText("number")).contains(number);
    assertThat(as("manager").get().uri("/api/incidents?breached=false&assignmentGroup=support-l2").retrieve()
        .body(JsonNode.class).get("content").findValuesAsText("number")).doesNotContain(number);
  }

  @Test
  void p1NotifiesIncidentManagersAtOnceAndOffersThemCoordination() throws Exception {
    ResponseEntity<JsonNode> created = report("desk", incident("Data centre power loss", "HIGH", "HIGH"));

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String number = created.getBody().get("number").asText();
    assertThat(created.getBody().get("priority").asText()).isEqualTo("P1");
    assertThat(created.getBody().get("majorIncident").asBoolean()).isTrue();

    List<MimeMessage> mails = awaitMailAbout("incman@sopflow.local", number, 1, Duration.ofSeconds(8));
    assertThat(mails.get(0).getSubject()).contains("MAJOR INCIDENT", number);
    await().atMost(Duration.ofSeconds(5)).until(() -> processEngine.getTaskService().createTaskQuery()
        .processInstanceBusinessKey(number).taskDefinitionKey(IncidentEscalationProcess.TASK_COORDINATE)
        .taskCandidateGroup("incident-managers").count() == 1);
  }

  @Test
  void reporterAnswersAQuestionConfirmsTheResolutionAndTheIncidentCloses() throws Exception {
    String number = report("pm", incident("Printer jams", "LOW", "LOW")).getBody().get("number").asText();
    assertThat(get("pm", number).get("priority").asText()).isEqualTo("P4");

    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup", "service-desk"));
    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "AWAIT_REQUESTER", "questionForRequester", "Which printer?"));
    assertThat(get("pm", number).get("status").asText()).isEqualTo("AWAITING_REQUESTER");
    // The question is recorded with the step: the process waits for the reply as soon as the record does.
    assertThat(processEngine.getRuntimeService().createExecutionQuery().processInstanceBusinessKey(number)
        .activityId(IncidentEscalationProcess.TASK_ANSWER_QUESTION).count()).isEqualTo(1);
    awaitMailTo("pm@sopflow.local", 1, Duration.ofSeconds(10));

    ResponseEntity<JsonNode> comment = as("pm").post().uri("/api/incidents/{n}/comments", number)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("text", "The one on floor 2")).retrieve()
        .toEntity(JsonNode.class);
    assertThat(comment.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(get("pm", number).get("status").asText()).isEqualTo("IN_PROGRESS");

    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Cleared the paper path"));
    Task confirm = processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_CONFIRM).taskAssignee("pm").singleResult();
    assertThat(confirm.getName()).isEqualTo("Confirm resolution of " + number + ": Printer jams");
    assertThat(processEngine.getTaskService().getVariableLocal(confirm.getId(), "resolutionNotes"))
        .as("shown from the record").isEqualTo("Cleared the paper path");
    assertThat(processEngine.getTaskService().getVariableLocal(confirm.getId(), "incidentTitle"))
        .isEqualTo("Printer jams");
    // Only what Form_ConfirmResolution shows is stored on its task: the resolver's work log, the description and the
    // due dates are not on the reporter's form, so they are not written (and deleted) with every confirmation.
    assertThat(processEngine.getTaskService().getVariablesLocal(confirm.getId()).keySet())
        .containsExactlyInAnyOrder("incidentTitle", "priority", "resolutionNotes");
    String processInstanceId = processInstanceOf(number);
    // The mail that asks the reporter is recorded with the resolution: no job runs beside the confirmation task,
    // only the auto-close timer waits there.
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(processInstanceId)
        .activityId("Task_RequestConfirmation").count()).isZero();
    // Acknowledgement, question, resolution: each with the step that caused it.
    assertThat(awaitMailAbout("pm@sopflow.local", number, 3, Duration.ofSeconds(10)))
        .extracting(IncidentIntegrationTest::subject)
        .anySatisfy(subject -> assertThat(subject).contains("registered"))
        .anySatisfy(subject -> assertThat(subject).contains("Question"))
        .anySatisfy(subject -> assertThat(subject).contains("resolved"));

    completeTaskAs("pm", number, IncidentEscalationProcess.TASK_CONFIRM, Map.of("confirmation", "CONFIRM"));

    // Ended in the very call that confirmed: no job left to race the confirmation or keep the instance open.
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceId(processInstanceId)
        .count()).isZero();
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(processInstanceId).count())
        .isZero();
    JsonNode closed = get("pm", number);
    assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
    assertThat(closed.get("closedAutomatically").asBoolean()).isFalse();
    assertThat(closed.get("comments")).hasSize(1);
    assertThat(awaitMailAbout("pm@sopflow.local", number, 4, Duration.ofSeconds(10)))
        .extracting(IncidentIntegrationTest::subject)
        .anySatisfy(subject -> assertThat(subject).contains("closed"));
  }

  @Test
  void aCompletionWithoutAnAuthenticatedUserIsRefused() {
    String number = report("pm", incident("Scanner offline", "LOW", "LOW")).getBody().get("number").asText();
    Task triage = triageTask(processInstanceOf(number));

    Throwable thrown = catchThrowable(() -> processEngine.getTaskService().complete(triage.getId(),
        Map.of("resolverGroup", "support-l2")));

    assertThat(causes(thrown)).as("refused: nobody is signed in").anyMatch(ForbiddenException.class::isInstance);
    assertThat(triageTask(processInstanceOf(number))).as("the task is still open").isNotNull();
    assertThat(get("pm", number).get("status").asText()).isEqualTo("IN_TRIAGE");
  }

  @Test
  void refusedCompletionsThroughTheEngineRestApiAnswerProblemJsonNotServerErrors() {
    String number = report("pm", incident("Mail quota exceeded", "LOW", "LOW")).getBody().get("number").asText();
    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup", "support-l2"));
    Task resolve = processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_RESOLVE).singleResult();

    ResponseEntity<JsonNode> noNotes = completeThroughEngineRest("l2", resolve.getId(),
        Map.of("resolutionOutcome", string("RESOLVED")));
    assertThat(noNotes.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noNotes.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(noNotes.getBody().get("field").asText()).isEqualTo("resolutionNotes");

    // The record was closed meanwhile (another path, a fix in the database): the entity's guard refuses, 409.
    jdbc.update("update incident set status = 'CLOSED' where incident_number = ?", number);
    ResponseEntity<JsonNode> conflict = completeThroughEngineRest("l2", resolve.getId(),
        Map.of("resolutionOutcome", string("RESOLVED"), "resolutionNotes", string("Raised the quota")));
    assertThat(conflict.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(conflict.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(conflict.getBody().get("detail").asText()).contains(number, "CLOSED");

    assertThat(processEngine.getTaskService().createTaskQuery().taskId(resolve.getId()).count())
        .as("nothing changed").isEqualTo(1);
    assertThat(get("pm", number).get("resolvedBy")).isNull();
  }

  @Test
  void theListIsPagedAndRefusesAPageLargerThanTheMaximum() {
    report("pm", incident("Monitor flickers", "LOW", "LOW"));
    report("pm", incident("Keyboard sticky", "LOW", "LOW"));

    ResponseEntity<JsonNode> tooLarge = as("manager").get().uri("/api/incidents?size=101").retrieve()
        .toEntity(JsonNode.class);
    assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooLarge.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(tooLarge.getBody().get("field").asText()).isEqualTo("size");
    assertThat(as("manager").get().uri("/api/incidents?page=-1").retrieve().toEntity(JsonNode.class).getBody()
        .get("field").asText()).isEqualTo("page");

    JsonNode first = as("pm").get().uri("/api/incidents?size=1&status=IN_TRIAGE").retrieve().body(JsonNode.class);
    assertThat(first.get("content")).hasSize(1);
    assertThat(first.get("page").asInt()).isZero();
    assertThat(first.get("size").asInt()).isEqualTo(1);
    assertThat(first.get("totalElements").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(first.get("totalPages").asInt()).isEqualTo(first.get("totalElements").asInt());
    JsonNode second = as("pm").get().uri("/api/incidents?size=1&page=1&status=IN_TRIAGE").retrieve()
        .body(JsonNode.class);
    assertThat(second.get("content").get(0).get("number").asText())
        .isNotEqualTo(first.get("content").get(0).get("number").asText());
    assertThat(as("pm").get().uri("/api/incidents?status=IN_TRIAGE&priority=P4").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("reporter")).isNotEmpty().containsOnly("pm");
    assertThat(as("pm").get().uri("/api/incidents?status=CLOSED&priority=P4&assignmentGroup=support-l3").retrieve()
        .body(JsonNode.class).get("content")).isEmpty();
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
    JsonNode stranger = as("fin").get().uri("/api/incidents?size=100").retrieve().body(JsonNode.class);
    assertThat(stranger.get("content")).as("fin reported none and works on none").isEmpty();
    assertThat(stranger.get("totalElements").asLong()).isZero();
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

  // ------------------------------------------------------------------ requesters in Tasklist

  /** What Tasklist's "Start process" dialog posts for the start form, as a plain signed-in user (pm). */
  @Test
  void aSignedInUserReportsAnIncidentThroughTheStartFormAndGetsOneRecordAndOneInstance() throws Exception {
    long incidentsBefore = incidents.count();
    long instancesBefore = instances();

    ResponseEntity<JsonNode> submitted = submitStartForm("pm", startForm("Badge reader at gate 3 dead", "network"));

    assertThat(submitted.getStatusCode()).isEqualTo(HttpStatus.OK);
    String instanceId = submitted.getBody().get("id").asText();
    assertThat(incidents.count()).isEqualTo(incidentsBefore + 1);
    assertThat(instances()).as("exactly one instance").isEqualTo(instancesBefore + 1);
    var instance = processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instanceId)
        .singleResult();
    assertThat(instance.getBusinessKey()).matches("INC-\\d{6}");
    String number = instance.getBusinessKey();
    JsonNode record = get("pm", number);
    assertThat(record.get("reporter").asText()).isEqualTo("pm");
    assertThat(record.get("processInstanceId").asText()).isEqualTo(instanceId);
    assertThat(record.get("status").asText()).isEqualTo("IN_TRIAGE");
    assertThat(record.get("priority").asText()).isEqualTo("P4");
    assertThat(record.get("configurationItem").asText()).isEqualTo("GATE-3");
    assertThat(processEngine.getRuntimeService().getVariables(instanceId)).as("the form's fields are in the record")
        .doesNotContainKeys("title", "description").containsEntry("incidentNumber", number)
        .containsEntry("reporter", "pm");
    Task triage = triageTask(instanceId);
    assertThat(triage.getName()).isEqualTo("Triage incident " + number + ": Badge reader at gate 3 dead");
    assertThat(triage.getPriority()).as("P4").isEqualTo(25);
    MimeMessage acknowledgement = awaitMailAbout("pm@sopflow.local", number, 1, Duration.ofSeconds(10)).get(0);
    assertThat(acknowledgement.getSubject()).contains(number, "registered");
    assertThat((String) acknowledgement.getContent()).contains("P4", "response by", "resolution by");
  }

  @Test
  void aBadStartFormIsRefusedWithTheFieldNamedAndNothingStored() {
    long incidentsBefore = incidents.count();
    long instancesBefore = instances();

    Map<String, Object> noTitle = startForm("x", "network");
    noTitle.remove("title");
    ResponseEntity<JsonNode> missing = submitStartForm("desk", noTitle);
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(missing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(missing.getBody().get("field").asText()).isEqualTo("title");

    ResponseEntity<JsonNode> category = submitStartForm("desk", startForm("Odd category", "astrology"));
    assertThat(category.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(category.getBody().get("field").asText()).isEqualTo("category");

    Map<String, Object> badImpact = startForm("Bad impact", "network");
    badImpact.put("impact", Map.of("value", "CATASTROPHIC", "type", "String"));
    assertThat(submitStartForm("desk", badImpact).getBody().get("field").asText()).isEqualTo("impact");

    assertThat(incidents.count()).isEqualTo(incidentsBefore);
    assertThat(instances()).isEqualTo(instancesBefore);
  }

  @Test
  void anUnknownCategoryIsRefusedOnTheApiNamingTheField() {
    assertRefused(withCategory(incident("Odd category", "LOW", "LOW"), "astrology"), "category");
  }

  @Test
  void anInstanceStartedPastTheRecordIsRefused() {
    long instancesBefore = instances();
    ResponseEntity<JsonNode> started = as("desk").post()
        .uri("/engine-rest/process-definition/key/{key}/start", IncidentEscalationProcess.PROCESS_KEY)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("businessKey", "INC-999999")).retrieve()
        .toEntity(JsonNode.class);
    assertThat(started.getStatusCode().is4xxClientError()).as("%s", started).isTrue();
    assertThat(instances()).isEqualTo(instancesBefore);
  }

  @Test
  void theReporterAnswersInTasklistTheClockResumesAndTheResolverSeesTheAnswer() throws Exception {
    // P3, around the clock in this test: the paused time counts whenever the test runs.
    String number = report("pm", incident("Projector flickers", "MEDIUM", "MEDIUM")).getBody().get("number").asText();
    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE,
        Map.of("resolverGroup", "support-l2", "triageNotes", "Probably the cable"));
    completeTaskAs("l2", number, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "AWAIT_REQUESTER", "questionForRequester", "Which room?"));
    JsonNode waiting = get("pm", number);
    assertThat(waiting.get("status").asText()).isEqualTo("AWAITING_REQUESTER");
    Instant dueWhilePaused = Instant.parse(waiting.get("resolutionDueAt").asText());

    Task answer = processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_ANSWER_QUESTION).taskAssignee("pm").singleResult();
    assertThat(answer).as("the question is the reporter's task").isNotNull();
    assertThat(answer.getDueDate()).isNotNull();
    assertThat(answer.getFollowUpDate()).isBefore(answer.getDueDate());
    assertThat(processEngine.getTaskService().getVariableLocal(answer.getId(), "questionForRequester"))
        .isEqualTo("Which room?");
    MimeMessage question = awaitMailAbout("pm@sopflow.local", number, 2, Duration.ofSeconds(10)).stream()
        .filter(m -> subject(m).contains("Question")).findFirst().orElseThrow();
    String text = (String) question.getContent();
    assertThat(text).contains("Which room?", "task=" + answer.getId()).doesNotContain("POST", "/api/");

    Thread.sleep(1100); // the clock resumes later than it stopped
    completeTaskAs("pm", number, IncidentEscalationProcess.TASK_ANSWER_QUESTION, Map.of("answer", "Room 2.14"));

    JsonNode resumed = get("pm", number);
    assertThat(resumed.get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(Instant.parse(resumed.get("resolutionDueAt").asText())).as("moved by the time waited")
        .isAfter(dueWhilePaused);
    assertThat(resumed.get("workLog").findValuesAsText("kind"))
        .containsExactly("TRIAGE_NOTE", "QUESTION", "ANSWER");
    assertThat(resumed.get("workLog").findValuesAsText("author")).containsExactly("desk", "l2", "pm");
    Task resolve = processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_RESOLVE).singleResult();
    assertThat(processEngine.getTaskService().getVariableLocal(resolve.getId(), "requesterAnswer"))
        .isEqualTo("Room 2.14");
    assertThat((String) processEngine.getTaskService().getVariableLocal(resolve.getId(), "workLog"))
        .contains("Probably the cable", "Which room?", "Room 2.14");
    MimeMessage toResolver = awaitMailAbout("l2@sopflow.local", number, 1, Duration.ofSeconds(10)).stream()
        .filter(m -> subject(m).contains("answered")).findFirst().orElseThrow();
    assertThat((String) toResolver.getContent()).contains("Room 2.14", "task=" + resolve.getId());
  }

  @Test
  void triageCorrectsImpactAndUrgencyAndThePriorityAndTargetsFollowWithBeforeAndAfterAudited() {
    String number = report("pm", incident("Whole floor offline", "LOW", "LOW")).getBody().get("number").asText();
    Instant dueBefore = Instant.parse(get("pm", number).get("resolutionDueAt").asText());

    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE,
        Map.of("resolverGroup", "support-l2", "impact", "HIGH", "urgency", "MEDIUM"));

    JsonNode record = get("pm", number);
    assertThat(record.get("priority").asText()).isEqualTo("P2");
    assertThat(record.get("impact").asText()).isEqualTo("HIGH");
    assertThat(Instant.parse(record.get("resolutionDueAt").asText())).isBefore(dueBefore);
    assertThat(auditTrail.entriesFor(number)).anySatisfy(e -> {
      assertThat(e.getAction()).isEqualTo("REPRIORITISED");
      assertThat(e.getDetails()).contains("before: impact LOW, urgency LOW, priority P4", "after: impact HIGH",
          "priority P2");
    });
    Task resolve = processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_RESOLVE).singleResult();
    assertThat(resolve.getPriority()).isEqualTo(75);
    assertThat(Duration.between(resolve.getDueDate().toInstant(),
        Instant.parse(record.get("resolutionDueAt").asText())).abs()).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aTriageInTasklistThatRaisesTheIncidentToP1StartsTheMajorIncidentPath() throws Exception {
    String number = report("pm", incident("Payroll export failing", "LOW", "MEDIUM")).getBody().get("number").asText();
    assertThat(get("pm", number).get("majorIncident").asBoolean()).isFalse();
    Task triage = triageTask(processInstanceOf(number));

    ResponseEntity<JsonNode> done = completeThroughEngineRest("desk", triage.getId(), Map.of(
        "resolverGroup", string("support-l2"), "impact", string("HIGH"), "urgency", string("HIGH")));

    assertThat(done.getStatusCode().is2xxSuccessful()).isTrue();
    JsonNode record = get("pm", number);
    assertThat(record.get("priority").asText()).isEqualTo("P1");
    assertThat(record.get("majorIncident").asBoolean()).isTrue();
    List<MimeMessage> mails = awaitMailAbout("incman@sopflow.local", number, 1, Duration.ofSeconds(8));
    assertThat(mails.get(0).getSubject()).contains("MAJOR INCIDENT", number);
    Task coordinate = processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_COORDINATE).taskCandidateGroup("incident-managers")
        .singleResult();
    assertThat(coordinate).as("coordination offered to incident managers").isNotNull();
    assertThat(coordinate.getPriority()).isEqualTo(100);
  }

  @Test
  void aTriageThatLowersAP1WithdrawsTheCoordinationTask() {
    String number = report("desk", incident("Core switch down", "HIGH", "HIGH")).getBody().get("number").asText();
    var tasks = processEngine.getTaskService();
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_COORDINATE).count()).isOne();

    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE,
        Map.of("resolverGroup", "support-l2", "impact", "LOW", "urgency", "LOW"));

    assertThat(get("desk", number).get("priority").asText()).isEqualTo("P4");
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_COORDINATE).count()).as("coordination withdrawn").isZero();
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(IncidentEscalationProcess.TASK_RESOLVE).singleResult().getPriority()).isEqualTo(25);
  }

  @Test
  void thePostIncidentReviewRecordsItsActionsWithOwnerAndDueDate() {
    String number = report("pm", incident("Mail relay down", "HIGH", "MEDIUM")).getBody().get("number").asText();
    assertThat(get("pm", number).get("priority").asText()).isEqualTo("P2");
    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup", "service-desk"));
    completeTaskAs("desk", number, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Restarted the relay"));
    completeTaskAs("pm", number, IncidentEscalationProcess.TASK_CONFIRM, Map.of("confirmation", "CONFIRM"));
    String due = java.time.LocalDate.now().plusDays(30).toString();

    Throwable refused = catchThrowable(() -> completeTaskAs("incman", number, IncidentEscalationProcess.TASK_REVIEW,
        Map.of("reviewSummary", "Disk full", "reviewActions", "ghost | " + due + " | Alert on disk usage")));
    assertThat(causes(refused)).anyMatch(io.sopflow.domain.InvalidRequestException.class::isInstance);
    completeTaskAs("incman", number, IncidentEscalationProcess.TASK_REVIEW, Map.of("reviewSummary", "Disk full",
        "reviewActions", "l3 | " + due + " | Alert on disk usage of the relay"));

    JsonNode reviewed = get("pm", number);
    assertThat(reviewed.get("reviewedBy").asText()).isEqualTo("incman");
    assertThat(reviewed.get("reviewActions")).hasSize(1);
    assertThat(reviewed.get("reviewActions").get(0).get("owner").asText()).isEqualTo("l3");
    assertThat(reviewed.get("reviewActions").get(0).get("dueDate").asText()).isEqualTo(due);
    assertThat(reviewed.get("reviewActions").get(0).get("action").asText()).isEqualTo("Alert on disk usage of the relay");
  }

  // ------------------------------------------------------------------ helpers

  private void assertRefused(Map<String, Object> request, String field) {
    ResponseEntity<JsonNode> response = report("pm", request);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody().get("field").asText()).isEqualTo(field);
  }

  private ResponseEntity<JsonNode> submitStartForm(String user, Map<String, Object> variables) {
    return as(user).post().uri("/engine-rest/process-definition/key/{key}/submit-form",
        IncidentEscalationProcess.PROCESS_KEY).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", variables)).retrieve().toEntity(JsonNode.class);
  }

  private static Map<String, Object> startForm(String title, String category) {
    Map<String, Object> form = new HashMap<>();
    form.put("title", string(title));
    form.put("description", string("Reported in Tasklist"));
    form.put("impact", string("LOW"));
    form.put("urgency", string("LOW"));
    form.put("category", string(category));
    form.put("configurationItem", string("GATE-3"));
    return form;
  }

  private static Map<String, Object> withCategory(Map<String, Object> request, String category) {
    request.put("category", category);
    return request;
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ResponseEntity<JsonNode> completeThroughEngineRest(String user, String taskId, Map<String, Object> variables) {
    return as(user).post().uri("/engine-rest/task/{id}/complete", taskId).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", variables)).retrieve().toEntity(JsonNode.class);
  }

  private static Map<String, Object> string(String value) {
    return Map.of("value", value, "type", "String");
  }

  private static List<Throwable> causes(Throwable thrown) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
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

}
