package io.sopflow.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.domain.ConflictException;
import io.sopflow.incident.IncidentApi.ReportIncident;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.Level;
import io.sopflow.incident.process.IncidentEscalationProcess;
import io.sopflow.support.IntegrationTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Problem management end to end through {@code /api} and the engine (H2): recurring incidents propose one problem,
 * later ones join it; the known error's workaround shows on its incidents and in the triage of new ones; its change
 * names it, and when the change succeeds and the fix is verified the open incidents are resolved and their reporters
 * mailed; a failed change sends the problem back to investigation.
 */
class ProblemIntegrationTest extends IntegrationTestBase {

  @Autowired
  IncidentService incidents;
  @Autowired
  PlatformTransactionManager transactionManager;

  @Test
  void threeIncidentsOnOneItemProposeOneProblemAndLaterIncidentsJoinIt() {
    String item = item();
    List<String> incidents = List.of(report("desk", item), report("pm", item));
    assertThat(problemsOn(item)).isEmpty();
    String third = report("desk", item);

    JsonNode problems = problemsOn(item);
    assertThat(problems).hasSize(1);
    JsonNode problem = problems.get(0);
    assertThat(problem.get("status").asText()).isEqualTo("PROPOSED");
    assertThat(problem.get("origin").asText()).isEqualTo("RECURRENCE");
    assertThat(problem.get("number").asText()).matches("PRB-\\d{6}");
    assertThat(texts(problem.get("incidentNumbers"))).containsExactly(incidents.get(0), incidents.get(1), third);
    assertThat(taskOf(problem.get("number").asText(), "Task_ReviewProposal").getDueDate()).isNotNull();

    String fourth = report("l2", item);
    assertThat(problemsOn(item)).hasSize(1);
    assertThat(texts(get("probman", problem.get("number").asText()).get("incidentNumbers"))).contains(fourth);
    assertThat(as("desk").get().uri("/api/incidents/{n}", fourth).retrieve().body(JsonNode.class)
        .get("problemNumber").asText()).isEqualTo(problem.get("number").asText());
  }

  /**
   * A major incident joining a P3 proposal raises the problem to P1, once: audited, the problem managers told, and the
   * investigation runs on the P1 clock; an incident of a lower priority leaves it at P1.
   */
  @Test
  void aJoiningIncidentOfAHigherPriorityRaisesTheProblemsPriority() {
    String item = item();
    for (String reporter : List.of("desk", "pm", "desk")) {
      report(reporter, item);
    }
    String number = problemsOn(item).get(0).get("number").asText();
    assertThat(get("probman", number).get("priority").asText()).isEqualTo("P3");

    String major = report("l2", item, "HIGH", "HIGH");

    JsonNode raised = get("probman", number);
    assertThat(raised.get("priority").asText()).isEqualTo("P1");
    assertThat(texts(raised.get("incidentNumbers"))).contains(major);
    assertThat(priorityRaises(number)).containsExactly("from P3 to P1: " + major + " (P1) joined it");
    assertThat(awaitMailAbout("probman@sopflow.local", number, 1, Duration.ofSeconds(30)))
        .anySatisfy(mail -> assertThat(subject(mail)).startsWith("[SOPFlow] Priority raised: " + number
            + " is now P1"));

    report("desk", item, "LOW", "LOW");
    assertThat(get("probman", number).get("priority").asText()).isEqualTo("P1");
    assertThat(priorityRaises(number)).as("raised once").hasSize(1);

    Instant accepted = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ClockUtil.setCurrentTime(Date.from(accepted));
    try {
      completeTaskAs("probman", number, "Task_ReviewProposal", Map.of("proposalAccepted", true));
      // P1's investigation: 24x7, escalation after one day.
      assertThat(taskOf(number, "Task_InvestigateRootCause").getDueDate().toInstant())
          .isEqualTo(accepted.plus(Duration.ofDays(1)));
    } finally {
      ClockUtil.reset();
    }
  }

  /**
   * An incident that joined the problem as P3 and is found to be P1 at triage raises the problem as a P1 joining it
   * would: the problem runs on the SLA of its worst incident. A triage that lowers an incident changes nothing.
   */
  @Test
  void anIncidentOfTheProblemReprioritisedHigherAtTriageRaisesTheProblemsPriority() {
    String item = item();
    List<String> reported = List.of(report("desk", item), report("pm", item), report("desk", item));
    String number = problemsOn(item).get(0).get("number").asText();
    assertThat(get("probman", number).get("priority").asText()).isEqualTo("P3");

    completeTaskAs("desk", reported.get(0), IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup",
        "support-l2", IncidentEscalationProcess.IMPACT, "LOW", IncidentEscalationProcess.URGENCY, "LOW"));
    assertThat(get("probman", number).get("priority").asText()).as("a lower priority leaves it").isEqualTo("P3");
    assertThat(priorityRaises(number)).isEmpty();

    completeTaskAs("desk", reported.get(1), IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup",
        "support-l2", IncidentEscalationProcess.IMPACT, "HIGH", IncidentEscalationProcess.URGENCY, "HIGH"));

    assertThat(get("probman", number).get("priority").asText()).isEqualTo("P1");
    assertThat(priorityRaises(number)).containsExactly("from P3 to P1: " + reported.get(1)
        + " was reprioritised from P3 to P1");
    assertThat(awaitMailAbout("probman@sopflow.local", number, 1, Duration.ofSeconds(30)))
        .anySatisfy(mail -> assertThat(subject(mail)).startsWith("[SOPFlow] Priority raised: " + number
            + " is now P1"));
  }

  @Test
  void aKnownErrorsChangeSucceedsAndTheFixResolvesItsOpenIncidentsAndMailsTheirReporters() {
    String item = item();
    String first = report("desk", item);
    String second = report("pm", item);
    String third = report("desk", item);
    for (String incident : List.of(first, second, third)) {
      completeTaskAs("desk", incident, IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup", "support-l2"));
    }
    String number = problemsOn(item).get(0).get("number").asText();
    completeTaskAs("probman", number, "Task_ReviewProposal", Map.of("proposalAccepted", true));
    completeTaskAs("probman", number, "Task_InvestigateRootCause", investigation());

    JsonNode known = get("probman", number);
    assertThat(known.get("status").asText()).isEqualTo("KNOWN_ERROR");
    assertThat(known.get("knownError").asBoolean()).isTrue();
    assertThat(known.get("rootCause").asText()).isEqualTo("Session table leaks");
    JsonNode incident = as("desk").get().uri("/api/incidents/{n}", first).retrieve().body(JsonNode.class);
    assertThat(incident.get("problemNumber").asText()).isEqualTo(number);
    assertThat(incident.get("workaround").asText()).isEqualTo("Restart the gateway");
    // A new incident on the item joins the problem, and its triage shows the workaround.
    String later = report("pm", item);
    Task triage = taskOf(later, IncidentEscalationProcess.TASK_TRIAGE);
    assertThat(processEngine.getTaskService().getVariablesLocal(triage.getId()))
        .containsEntry("problemNumber", number).containsEntry("knownErrorWorkaround", "Restart the gateway");

    completeTaskAs("probman", number, "Task_RaiseChange", standardChange());
    String change = get("probman", number).get("changeNumber").asText();
    JsonNode changeRecord = as("chgman").get().uri("/api/changes/{n}", change).retrieve().body(JsonNode.class);
    assertThat(changeRecord.get("problemNumber").asText()).isEqualTo(number);
    assertThat(get("probman", number).get("status").asText()).isEqualTo("AWAITING_CHANGE");

    implement(change, "SUCCEEDED");
    assertThat(get("probman", number).get("status").asText()).isEqualTo("VERIFYING");
    completeTaskAs("probman", number, "Task_VerifyFix", Map.of("fixVerified", true,
        "verificationNotes", "No session drops for a week"));

    JsonNode closed = get("probman", number);
    assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
    assertThat(closed.get("fixVerifiedBy").asText()).isEqualTo("probman");
    for (String resolved : List.of(first, second, third)) {
      JsonNode record = as("admin").get().uri("/api/incidents/{n}", resolved).retrieve().body(JsonNode.class);
      assertThat(record.get("status").asText()).as(resolved).isEqualTo("RESOLVED");
      assertThat(record.get("resolutionNotes").asText()).contains(number);
      assertThat(taskOf(resolved, IncidentEscalationProcess.TASK_CONFIRM)).as("reporter confirms " + resolved)
          .isNotNull();
    }
    // Still in triage: it keeps its course.
    assertThat(as("admin").get().uri("/api/incidents/{n}", later).retrieve().body(JsonNode.class).get("status")
        .asText()).isEqualTo("IN_TRIAGE");
    assertThat(awaitMailAbout("pm@sopflow.local", second, 2, Duration.ofSeconds(30)).stream()
        .anyMatch(m -> subject(m).contains("was resolved"))).isTrue();
    awaitMailAbout("probman@sopflow.local", number, 1, Duration.ofSeconds(30));
  }

  @Test
  void aFailedChangeSendsTheProblemBackToInvestigation() {
    String item = item();
    String incident = report("l2", item);
    String number = raise("probman", Map.of("title", "Nightly VPN drops", "description", "Sessions drop at 02:00",
        "configurationItem", item, "incidentNumbers", List.of(incident))).getBody().get("number").asText();
    assertThat(get("probman", number).get("status").asText()).isEqualTo("INVESTIGATING");
    completeTaskAs("probman", number, "Task_InvestigateRootCause", investigation());
    completeTaskAs("probman", number, "Task_RaiseChange", standardChange());
    String change = get("probman", number).get("changeNumber").asText();

    implement(change, "FAILED");

    JsonNode problem = get("probman", number);
    assertThat(problem.get("status").asText()).isEqualTo("INVESTIGATING");
    assertThat(problem.get("changeOutcome").asText()).isEqualTo("FAILED");
    assertThat(problem.get("investigationRounds").asInt()).isEqualTo(2);
    assertThat(taskOf(number, "Task_InvestigateRootCause")).isNotNull();
    assertThat(as("admin").get().uri("/api/incidents/{n}", incident).retrieve().body(JsonNode.class).get("status")
        .asText()).isNotEqualTo("RESOLVED");
  }

  @Test
  void aPostIncidentReviewRaisesAProblemForItsIncident() {
    String item = item();
    String incident = as("desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Mail relay down", "description", "No outgoing mail", "impact", "HIGH", "urgency",
            "MEDIUM", "category", "email", "configurationItem", item)).retrieve().body(JsonNode.class)
        .get("number").asText();
    completeTaskAs("desk", incident, IncidentEscalationProcess.TASK_TRIAGE, Map.of("resolverGroup", "support-l2"));
    completeTaskAs("l2", incident, IncidentEscalationProcess.TASK_RESOLVE,
        Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Restarted the relay"));
    completeTaskAs("desk", incident, IncidentEscalationProcess.TASK_CONFIRM, Map.of("confirmation", "CONFIRM"));
    completeTaskAs("incman", incident, IncidentEscalationProcess.TASK_REVIEW, Map.of("reviewSummary",
        "Third relay outage this quarter", "raiseProblem", true));

    JsonNode problem = problemsOn(item).get(0);
    assertThat(problem.get("origin").asText()).isEqualTo("INCIDENT_REVIEW");
    assertThat(problem.get("raisedBy").asText()).isEqualTo("incman");
    assertThat(problem.get("status").asText()).isEqualTo("INVESTIGATING");
    assertThat(texts(problem.get("incidentNumbers"))).containsExactly(incident);
    assertThat(problem.get("priority").asText()).isEqualTo("P2");
  }

  @Test
  void aProblemIsRaisedThroughTasklistsStartFormAsThroughTheApi() {
    String item = item();
    String incident = report("desk", item);
    ResponseEntity<JsonNode> started = as("l3").post()
        .uri("/engine-rest/engine/{engine}/process-definition/key/ProblemManagementProcess/submit-form",
            processEngine.getName()).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", Map.of("title", Map.of("value", "Disk fills up"), "description",
            Map.of("value", "Logs grow without rotation"), "configurationItem", Map.of("value", item),
            "incidentNumbers", Map.of("value", incident)))).retrieve().toEntity(JsonNode.class);

    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode problem = problemsOn(item).get(0);
    assertThat(problem.get("raisedBy").asText()).isEqualTo("l3");
    assertThat(problem.get("processInstanceId").asText()).isEqualTo(started.getBody().get("id").asText());
    assertThat(texts(problem.get("incidentNumbers"))).containsExactly(incident);

    ResponseEntity<JsonNode> refused = as("desk").post()
        .uri("/engine-rest/engine/{engine}/process-definition/key/ProblemManagementProcess/submit-form",
            processEngine.getName()).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", Map.of("title", Map.of("value", "Not mine"), "description",
            Map.of("value", "Desk may not raise problems")))).retrieve().toEntity(JsonNode.class);
    assertThat(refused.getStatusCode().is4xxClientError()).isTrue();
  }

  @Test
  void whoMayRaiseAndSeeProblemsAndBadInputIsRefusedNamingTheFieldStoringNothing() {
    String item = item();
    String incident = report("desk", item);
    Map<String, Object> ok = new HashMap<>(Map.of("title", "Slow logins", "description", "Logins take a minute",
        "configurationItem", item, "incidentNumbers", List.of(incident)));

    assertThat(raise("desk", ok).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(raise("cab1", ok).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertRefused(with(ok, "incidentNumbers", List.of("INC-999999")), "incidentNumbers");
    assertRefused(with(ok, "incidentNumbers", List.of("'; drop table problem; --")), "incidentNumbers");
    assertRefused(with(ok, "title", "   "), "title");
    assertRefused(with(ok, "description", ""), "description");
    assertThat(problemsOn(item)).isEmpty();

    ResponseEntity<JsonNode> created = raise("incman", ok);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String number = created.getBody().get("number").asText();
    assertThat(created.getHeaders().getLocation().toString()).endsWith("/api/problems/" + number);
    // The incident belongs to an open problem now: a second problem cannot take it.
    assertRefused(ok, "incidentNumbers");

    for (String user : List.of("probman", "desk", "l2", "l3", "incman", "manager", "admin")) {
      assertThat(as(user).get().uri("/api/problems/{n}", number).retrieve().toEntity(JsonNode.class)
          .getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
    }
    for (String user : List.of("fin", "cab1", "pm", "relman")) {
      assertThat(as(user).get().uri("/api/problems/{n}", number).retrieve().toEntity(JsonNode.class)
          .getStatusCode()).as(user).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(as(user).get().uri("/api/problems?configurationItem={i}", item).retrieve().body(JsonNode.class)
          .get("totalElements").asLong()).as(user).isZero();
    }
    ResponseEntity<JsonNode> badStatus = as("probman").get().uri("/api/problems?status=SOLVED").retrieve()
        .toEntity(JsonNode.class);
    assertThat(badStatus.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badStatus.getBody().get("field").asText()).isEqualTo("status");
    assertThat(as("probman").get().uri("/api/problems?configurationItem={i}&status=INVESTIGATING", item).retrieve()
        .body(JsonNode.class).get("totalElements").asLong()).isEqualTo(1);
  }

  /**
   * A report checks its problem again just before its commit and holds it only from then on (on H2 a shared lock is
   * exclusive, so an earlier hold made every report on the item wait for the previous one). Here the problem manager
   * rejects the proposal while a report that joined it is still under way: the report is refused at its commit and
   * nothing of it is stored.
   */
  @Test
  void aReportWhoseProblemIsRejectedBeforeItCommitsIsRefusedAndStoresNothing() throws Exception {
    String item = item();
    for (String reporter : List.of("desk", "pm", "desk")) {
      report(reporter, item);
    }
    String number = problemsOn(item).get(0).get("number").asText();
    ExecutorService manager = Executors.newSingleThreadExecutor();
    try {
      assertThatThrownBy(() -> new TransactionTemplate(transactionManager).executeWithoutResult(report -> {
        incidents.reportBySystem("desk", new ReportIncident("VPN session dropped", "Dropped again", Level.MEDIUM,
            Level.MEDIUM, "network", item));
        // Meanwhile, in a transaction of their own, the problem manager rejects the proposal.
        Future<?> rejection = manager.submit(() -> completeTaskAs("probman", number, "Task_ReviewProposal",
            Map.of("proposalAccepted", false, "decisionReason", "Known ISP outage")));
        try {
          rejection.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("The rejection did not go through while the report was open", e);
        }
      })).isInstanceOf(ConflictException.class).hasMessageContaining(number).hasMessageContaining("rejected");
    } finally {
      manager.shutdownNow();
    }
    assertThat(get("probman", number).get("status").asText()).isEqualTo("REJECTED");
    assertThat(texts(get("probman", number).get("incidentNumbers"))).hasSize(3);
    assertThat(incidents.reportedOn(item, Instant.EPOCH)).hasSize(3);
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private static String item() {
    return "gw-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String report(String user, String item) {
    return report(user, item, "MEDIUM", "MEDIUM");
  }

  private String report(String user, String item, String impact, String urgency) {
    return as(user).post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "VPN session dropped", "description", "Dropped at 02:00", "impact", impact,
            "urgency", urgency, "category", "network", "configurationItem", item)).retrieve().body(JsonNode.class)
        .get("number").asText();
  }

  private List<String> priorityRaises(String number) {
    JsonNode audit = as("admin").get().uri("/api/audit?subject={n}&size=100", number).retrieve().body(JsonNode.class)
        .path("content");
    return java.util.stream.StreamSupport.stream(audit.spliterator(), false)
        .filter(entry -> entry.get("action").asText().equals("PRIORITY_RAISED"))
        .map(entry -> entry.get("details").asText()).toList();
  }

  private ResponseEntity<JsonNode> raise(String user, Map<String, Object> body) {
    return as(user).post().uri("/api/problems").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class);
  }

  private void assertRefused(Map<String, Object> body, String field) {
    ResponseEntity<JsonNode> response = raise("probman", body);
    assertThat(response.getStatusCode()).as(field).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(response.getBody().get("field").asText()).isEqualTo(field);
  }

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    Map<String, Object> changed = new HashMap<>(body);
    changed.put(field, value);
    return changed;
  }

  private JsonNode get(String user, String number) {
    return as(user).get().uri("/api/problems/{n}", number).retrieve().body(JsonNode.class);
  }

  private JsonNode problemsOn(String item) {
    return as("probman").get().uri("/api/problems?configurationItem={i}", item).retrieve().body(JsonNode.class)
        .get("content");
  }

  private static List<String> texts(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static Map<String, Object> investigation() {
    return Map.of("fiveWhys", "Sessions drop\nThe table is full\nEntries never expire", "rootCause",
        "Session table leaks", "rootCauseCategory", "SOFTWARE", "contributingFactors", "No alert on table size",
        "workaround", "Restart the gateway");
  }

  private static Map<String, Object> standardChange() {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> form = new HashMap<>();
    form.put("changeTitle", "Renew the gateway certificate and patch the session table");
    form.put("changeType", "STANDARD");
    form.put("changeTemplate", "certificate-renewal");
    form.put("affectedServices", "vpn");
    form.put("implementationPlan", "Install the patched firmware");
    form.put("backoutPlan", "Reinstall the previous firmware image");
    form.put("testEvidence", "Soaked for a week in staging");
    form.put("plannedStart", start.toString());
    form.put("plannedEnd", start.plusHours(2).toString());
    form.put("implementer", "l3");
    return form;
  }

  /** The change reaches its window and its implementer reports the outcome. */
  private void implement(String change, String outcome) {
    var management = processEngine.getManagementService();
    String instance = processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(change)
        .singleResult().getId();
    management.executeJob(management.createJobQuery().processInstanceId(instance)
        .activityId("IntermediateEvent_PlannedStartReached").singleResult().getId());
    completeTaskAs("l3", change, "Task_ImplementChange", Map.of("implementationOutcome", outcome,
        "implementationNotes", outcome.equals("FAILED") ? "Firmware did not boot" : "Installed"));
  }

  private static String subject(jakarta.mail.internet.MimeMessage mail) {
    try {
      return mail.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
