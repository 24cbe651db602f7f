package io.sopflow.incident;

import static io.sopflow.incident.process.IncidentEscalationProcess.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.notification.Notification;
import io.sopflow.notification.NotificationService;
import io.sopflow.support.IntegrationTestBase;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The resolution clock and the major-incident cadence end to end, through {@code /api}, Tasklist completions, the real
 * model and the real service, on the engine's clock: the job executor is off and each timer runs when the test says,
 * at the time the test set. P3 counts in business hours (Mon-Fri 08:00-17:00 Europe/Berlin), three working days of
 * nine hours to resolve; June 2026 has no holiday there.
 */
@TestPropertySource(properties = {"camunda.bpm.job-execution.enabled=false",
    "sopflow.sla.incident.p3.resolution=P3D", "sopflow.sla.incident.p3.calendar=business-hours"})
class IncidentResolutionClockIntegrationTest extends IntegrationTestBase {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Autowired
  NotificationService notifications;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /**
   * Resolved without the reporter's answer, the incident kept the due date it had when the question was asked; the
   * reopened "Resolve incident" got its breach timer in the past, the breach fired at once and the incident managers
   * were told, though one working hour of 27 had been used.
   */
  @Test
  void aReopenedIncidentResolvedWithoutTheReportersAnswerIsDueWhenItsRemainingTimeRunsOut() {
    at(berlin(6, 8, 9, 0));
    String number = reportP3("Printer jams on floor 2");
    completeTaskAs("desk", number, TASK_TRIAGE, Map.of("resolverGroup", "support-l2"));
    at(berlin(6, 8, 10, 0));
    completeTaskAs("l2", number, TASK_RESOLVE,
        Map.of("resolutionOutcome", "AWAIT_REQUESTER", "questionForRequester", "Which printer?"));
    at(berlin(6, 15, 10, 0)); // five working days: no answer
    runTimer(number, TIMER_REQUESTER_TIMEOUT);
    assertThat(get(number).get("status").asText()).isEqualTo("RESOLVED");

    at(berlin(6, 15, 11, 0));
    completeTaskAs("pm", number, TASK_CONFIRM, Map.of("confirmation", "REOPEN", "reopenReason", "Still jams"));

    // 26 working hours left from Monday 11:00: Thursday 10:00.
    Date due = Date.from(berlin(6, 18, 10, 0));
    assertThat(timer(number, TIMER_RESOLUTION_BREACHED).getDuedate()).isEqualTo(due);
    assertThat(taskOf(number, TASK_RESOLVE).getDueDate()).isEqualTo(due);
    assertThat(timer(number, TIMER_RESOLUTION_WARNING).getDuedate()).isEqualTo(Date.from(berlin(6, 17, 12, 15)));
    executeDueJobs();
    JsonNode record = get(number);
    assertThat(record.get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(record.get("resolutionBreached").asBoolean()).as("nothing breached").isFalse();
    assertThat(record.get("escalations")).isEmpty();
    assertThat(Instant.parse(record.get("resolutionDueAt").asText())).isEqualTo(due.toInstant());
  }

  /**
   * "Resolve incident" comes back after an answer and after a reopening, and its warning timer with it, at a warning
   * date that was reached before the pause: the resolver group was warned again each time.
   */
  @Test
  void theResolutionWarningGoesOutOnceThoughItsTaskComesBackAfterAnAnswerAndAReopening() {
    at(berlin(6, 8, 9, 0));
    String number = reportP3("Scanner offline on floor 3");
    completeTaskAs("desk", number, TASK_TRIAGE, Map.of("resolverGroup", "support-l2"));
    at(berlin(6, 10, 11, 15)); // 75 % of 27 working hours
    runTimer(number, TIMER_RESOLUTION_WARNING);
    assertThat(notified(number, "incident-resolution-warning")).isOne();

    at(berlin(6, 10, 12, 0));
    completeTaskAs("l2", number, TASK_RESOLVE,
        Map.of("resolutionOutcome", "AWAIT_REQUESTER", "questionForRequester", "Which scanner?"));
    at(berlin(6, 10, 14, 0));
    completeTaskAs("pm", number, TASK_ANSWER_QUESTION, Map.of("answer", "The one by the door"));
    assertThat(timer(number, TIMER_RESOLUTION_WARNING).getDuedate()).as("reached before the pause: it stays")
        .isEqualTo(Date.from(berlin(6, 10, 11, 15)));
    runTimer(number, TIMER_RESOLUTION_WARNING);

    at(berlin(6, 10, 15, 0));
    completeTaskAs("l2", number, TASK_RESOLVE, Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Rebooted"));
    at(berlin(6, 10, 15, 30));
    completeTaskAs("pm", number, TASK_CONFIRM, Map.of("confirmation", "REOPEN", "reopenReason", "Offline again"));
    runTimer(number, TIMER_RESOLUTION_WARNING);

    assertThat(notified(number, "incident-resolution-warning")).as("one warning for its warning date").isOne();
    assertThat(get(number).get("status").asText()).isEqualTo("IN_PROGRESS");
  }

  /**
   * The status updates hung on "Coordinate major incident": an incident manager who completed it while the incident
   * was still being worked on stopped the updates to the incident managers and the reporter.
   */
  @Test
  void aMajorIncidentsStatusUpdatesRunUntilItIsResolvedWhateverItsCoordinatorDoes() {
    at(berlin(6, 8, 9, 0));
    String number = report("Core switch down", "HIGH", "HIGH");
    assertThat(get(number).get("priority").asText()).isEqualTo("P1");
    completeTaskAs("desk", number, TASK_TRIAGE, Map.of("resolverGroup", "support-l2"));
    completeTaskAs("incman", number, TASK_COORDINATE, Map.of("coordinationNotes", "Bridge call held, vendor engaged"));
    assertThat(get(number).get("status").asText()).isEqualTo("IN_PROGRESS");

    at(berlin(6, 8, 10, 0));
    runTimer(number, TIMER_MAJOR_INCIDENT_UPDATE);
    assertThat(notified(number, "incident-major-update")).as("still unresolved: updated").isOne();

    at(berlin(6, 8, 10, 30));
    completeTaskAs("l2", number, TASK_RESOLVE, Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Replaced"));
    at(berlin(6, 8, 11, 0));
    runTimer(number, TIMER_MAJOR_INCIDENT_UPDATE);
    assertThat(notified(number, "incident-major-update")).as("resolved: no update").isOne();

    at(berlin(6, 8, 11, 10));
    completeTaskAs("pm", number, TASK_CONFIRM, Map.of("confirmation", "REOPEN", "reopenReason", "Down again"));
    at(berlin(6, 8, 12, 0));
    runTimer(number, TIMER_MAJOR_INCIDENT_UPDATE);
    assertThat(notified(number, "incident-major-update")).as("reopened: updated again").isEqualTo(2);

    at(berlin(6, 8, 12, 30));
    completeTaskAs("l2", number, TASK_RESOLVE, Map.of("resolutionOutcome", "RESOLVED", "resolutionNotes", "Fixed"));
    completeTaskAs("pm", number, TASK_CONFIRM, Map.of("confirmation", "CONFIRM"));
    assertThat(get(number).get("status").asText()).isEqualTo("CLOSED");
    assertThat(processEngine.getManagementService().createJobQuery().activityId(TIMER_MAJOR_INCIDENT_UPDATE)
        .processInstanceId(get(number).get("processInstanceId").asText()).count()).as("the cadence ended").isZero();
  }

  // ------------------------------------------------------------------ helpers

  private String reportP3(String title) {
    String number = report(title, "MEDIUM", "MEDIUM");
    assertThat(get(number).get("priority").asText()).isEqualTo("P3");
    return number;
  }

  private String report(String title, String impact, String urgency) {
    ResponseEntity<JsonNode> created = as("pm").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", title, "description", "Reported in a test", "impact", impact, "urgency", urgency,
            "category", "hardware"))
        .retrieve().toEntity(JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return created.getBody().get("number").asText();
  }

  private JsonNode get(String number) {
    return as("pm").get().uri("/api/incidents/{n}", number).retrieve().body(JsonNode.class);
  }

  /** The waiting timer {@code activityId} of the incident's instance. */
  private Job timer(String number, String activityId) {
    String instance = processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(number)
        .singleResult().getId();
    Job job = processEngine.getManagementService().createJobQuery().processInstanceId(instance)
        .activityId(activityId).singleResult();
    assertThat(job).as(activityId + " of " + number).isNotNull();
    return job;
  }

  /** Runs the timer as the job executor would once the engine's clock reached it. */
  private void runTimer(String number, String activityId) {
    Job job = timer(number, activityId);
    assertThat(job.getDuedate()).as("due by now").isBeforeOrEqualTo(ClockUtil.getCurrentTime());
    processEngine.getManagementService().executeJob(job.getId());
  }

  /** The notifications of a template recorded for the incident (the outbox, with the step that caused them). */
  private long notified(String number, String template) {
    return notifications.forReference(number).stream().map(Notification::getTemplate).filter(template::equals)
        .count();
  }

  private static Instant berlin(int month, int day, int hour, int minute) {
    return LocalDateTime.of(2026, month, day, hour, minute).atZone(BERLIN).toInstant();
  }

  private static void at(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
  }
}
