package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * Agents see when each task is due: every user task carries a due date from the SLA clock, and Tasklist shows it in
 * the list (where it sorts by it) and on the task.
 */
class TaskDueDatesBrowserTest extends BrowserTestBase {

  private static final String TEST = "task-due-dates";

  @Test
  void tasklistShowsTheSlaDueDateOfAnIncidentTriageAndOfAChangeReview() {
    JsonNode incident = post("l3", "/api/incidents", Map.of("title", "Badge reader at the side door is dead",
        "description", "No beep, no light since this morning", "impact", "LOW", "urgency", "MEDIUM",
        "category", "hardware", "configurationItem", "BADGE-SIDE-01"));
    String number = incident.get("number").asText();
    Task triage = task(number, "Task_TriageIncident");
    Instant responseDue = OffsetDateTime.parse(incident.get("responseDueAt").asText()).toInstant();
    assertThat(triage.getDueDate()).as("the triage is due when the response target is").isNotNull();
    assertThat(triage.getDueDate().toInstant().truncatedTo(ChronoUnit.SECONDS))
        .isEqualTo(responseDue.truncatedTo(ChronoUnit.SECONDS));

    Page page = logIn("tasklist", "desk", TEST);
    chooseFilter(page, "My group tasks");
    Locator entry = taskInList(page, triage);
    assertThat(entry).isVisible();
    assertThat(entry.locator(".due-date")).isVisible();
    shot(page, TEST, "desk-list-with-due-dates");
    openTask(page, triage);
    assertThat(page.locator("section.task-card .due-date").first()).isVisible();
    shot(page, TEST, "triage-with-due-date");

    JsonNode change = post("l2", "/api/changes", Map.of("title", "Rotate the VPN gateway certificate",
        "description", "The certificate expires in three weeks", "type", "NORMAL", "affectedServices", List.of("vpn"),
        "implementationPlan", "Install the new certificate on both gateways, one after the other",
        "backoutPlan", "Put the old certificate back from the vault", "testEvidence", "Tested on the staging gateway",
        "plannedStart", OffsetDateTime.now().plusDays(10).withNano(0).toString(),
        "plannedEnd", OffsetDateTime.now().plusDays(10).plusHours(2).withNano(0).toString(),
        "implementer", "l3"));
    Task review = task(change.get("number").asText(), "Task_ReviewChange");
    assertThat(review.getDueDate()).as("the review is due when its SLA escalates").isNotNull();
    assertThat(review.getFollowUpDate()).as("and followed up when its reminder fires").isNotNull()
        .isBefore(review.getDueDate());

    Page managers = logIn("tasklist", "chgman", TEST);
    chooseFilter(managers, "My group tasks");
    Locator reviewEntry = taskInList(managers, review);
    assertThat(reviewEntry).isVisible();
    assertThat(reviewEntry.locator(".due-date")).isVisible();
    shot(managers, TEST, "change-managers-list-with-due-dates");
  }
}
