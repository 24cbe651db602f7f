package io.sopflow.securityincident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.securityincident.process.SecurityIncidentProcess;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The GDPR Art. 33 clock with a deadline of seconds: the job executor fires the reminders and, at the deadline, the
 * recorded breach (audited and counted in {@code sopflow_sla_breaches_total}) and the escalation mail to managers and
 * the officers, while the notification task stays open.
 */
@TestPropertySource(properties = "sopflow.security.regulator-notification-deadline=PT6S")
class SecurityIncidentDeadlineIntegrationTest extends IntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired TaskService taskService;

  @Test
  void aMissedNotificationDeadlineIsRecordedAndEscalatedByTimer() throws Exception {
    Map<String, Object> body = SecurityIncidentIntegrationTest.body("Customer list on a public share", "DATA_BREACH",
        true, List.of(), List.of("share-1"));
    body.put("detectedAt", Instant.now().toString());
    JsonNode reported = as("desk").post().uri("/api/security-incidents").contentType(MediaType.APPLICATION_JSON)
        .body(body).retrieve().body(JsonNode.class);
    String number = reported.path("number").asText();
    Instant detected = Instant.parse(reported.path("detectedAt").asText());
    assertThat(Instant.parse(reported.path("regulatorNotificationDueAt").asText()))
        .isEqualTo(detected.plusSeconds(6));
    assertThat(reported.path("severity").asText()).isEqualTo("CRITICAL");

    Task triage = await().atMost(WAIT).until(() -> taskService.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(SecurityIncidentProcess.TASK_TRIAGE).singleResult(), t -> t != null);
    Map<String, Object> variables = new HashMap<>();
    variables.put("confirmed", Map.of("value", "true"));
    variables.put("category", Map.of("value", "DATA_BREACH"));
    variables.put("triageNotes", Map.of("value", "Share was public for a day"));
    assertThat(as("secoff").post().uri("/engine-rest/task/" + triage.getId() + "/complete")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", variables)).retrieve().toBodilessEntity()
        .getStatusCode().value()).isEqualTo(204);

    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> as("dpo").get()
        .uri("/api/security-incidents/" + number).retrieve().body(JsonNode.class).path("notificationBreached")
        .asBoolean());
    List<MimeMessage> escalation = awaitMailAbout("manager@sopflow.local", number, 1, WAIT);
    assertThat(escalation.get(0).getSubject()).contains("Breach").contains(number);
    assertThat(escalation.get(0).getContent().toString()).doesNotContain("Customer list");
    List<MimeMessage> toDpo = awaitMailAbout("dpo@sopflow.local", number, 4, WAIT);
    assertThat(toDpo).as("the alert, two reminders and the escalation").hasSizeGreaterThanOrEqualTo(4);
    // To the second: the stored instant may carry more digits than the answer to the report.
    String due = reported.path("regulatorNotificationDueAt").asText().substring(0, 19);
    List<String> texts = new java.util.ArrayList<>();
    for (MimeMessage mail : toDpo) {
      texts.add(mail.getSubject() + "\n" + mail.getContent());
    }
    assertThat(texts).as("the alert, at once").anySatisfy(t -> assertThat(t)
        .startsWith("[SOPFlow] Notify the supervisory authority of " + number + " by " + due));
    assertThat(texts).filteredOn(t -> t.startsWith("[SOPFlow] Reminder")).as("reminders show the due date")
        .hasSize(2).allSatisfy(t -> assertThat(t).contains("by " + due).doesNotContain("from the detection")
            .doesNotContain("Customer list"));
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(SecurityIncidentProcess.TASK_NOTIFY_AUTHORITY).count()).as("still to be notified").isOne();
    JsonNode evidence = as("dpo").get().uri("/api/security-incidents/" + number + "/evidence").retrieve()
        .body(JsonNode.class);
    assertThat(evidence.findValuesAsText("action")).containsOnlyOnce("NOTIFICATION_DEADLINE_BREACHED");
    // Not metered (metrics/SopMetrics): a confidential SOP's breaches would tell a scrape that it runs. The escalation
    // mail above is sent by a job the breach's transaction created, so a count would have been made by now.
    assertThat(slaBreaches("securityincident", "CRITICAL", "regulator-notification")).isZero();
  }
}
