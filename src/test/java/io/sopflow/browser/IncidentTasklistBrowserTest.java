package io.sopflow.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/** The service desk at work in Tasklist: an incident reported through the API is triaged through its Camunda Form. */
class IncidentTasklistBrowserTest extends BrowserTestBase {

  private static final String TEST = "incident-triage";

  @Test
  void serviceDeskTriagesAReportedIncidentThroughItsFormAndItGoesToTheChosenResolverGroup() {
    String title = "Printer on floor 3 prints blank pages " + System.nanoTime();
    JsonNode incident = post("l3", "/api/incidents", Map.of("title", title,
        "description", "Every job since the toner change comes out blank", "impact", "LOW", "urgency", "MEDIUM",
        "category", "hardware", "configurationItem", "PRN-F3-01"));
    String number = incident.get("number").asText();
    assertThat(incident.get("priority").asText()).isEqualTo("P4");
    Task triage = task(number, "Task_TriageIncident");

    Page page = logIn("tasklist", "desk", TEST);
    chooseFilter(page, "My group tasks");
    shot(page, TEST, "desk-group-tasks");

    Locator form = openTask(page, triage);
    assertShows(form, "incidentNumber", "Incident", number);
    assertShows(form, "incidentTitle", "Title", title);
    assertShows(form, "priority", "Priority", "P4");
    assertShows(form, "reporter", "Reporter", "l3");
    assertShows(form, "assignmentGroup", "Currently with", "service-desk");
    shot(page, TEST, "triage-form");

    claim(page);
    choose(form, "resolverGroup", "Resolver group", "Support level 2");
    type(form, "triageNotes", "Triage notes", "Toner cartridge suspected; L2 to check the fuser");
    shot(page, TEST, "triage-form-filled");
    complete(page, triage);
    shot(page, TEST, "triage-completed");

    assertThat(tasks(number, "Task_TriageIncident")).isEmpty();
    Task resolve = task(number, "Task_ResolveIncident");
    assertThat(processEngine.getTaskService().getIdentityLinksForTask(resolve.getId()))
        .filteredOn(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
        .extracting(IdentityLink::getGroupId).containsExactly("support-l2");
    JsonNode record = await().atMost(Duration.ofSeconds(30))
        .until(() -> get("l3", "/api/incidents/" + number), r -> "IN_PROGRESS".equals(r.get("status").asText()));
    assertThat(record.get("assignmentGroup").asText()).isEqualTo("support-l2");
    assertThat(record.get("acknowledgedBy").asText()).as("the person who completed the form").isEqualTo("desk");
  }
}
