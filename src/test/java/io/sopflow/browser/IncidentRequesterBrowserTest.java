package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * A requester (l3, no incident role needed) at work in Tasklist: reports an incident through "Start process" and its
 * start form, and later answers the resolver's question in the "Answer question" task assigned to them.
 */
class IncidentRequesterBrowserTest extends BrowserTestBase {

  private static final String TEST = "incident-requester";
  private static final String REQUESTER = "l3";

  @Test
  void aRequesterReportsAnIncidentWithTheStartFormAndAnswersAQuestionInTasklist() {
    String title = "Docking station ignores the second screen " + System.nanoTime();

    Page page = logIn("tasklist", REQUESTER, TEST);
    page.locator(".start-process-action a").first().click();
    Locator process = page.locator(".modal-content ul.processes a")
        .filter(new Locator.FilterOptions().setHasText(exactly("Incident management and escalation")));
    assertThat(process).isVisible();
    shot(page, TEST, "start-process-dialog");
    process.click();
    Locator form = page.locator(".modal-content form.fjs-form");
    form.waitFor();
    type(form, "title", "Title", title);
    type(form, "description", "Description", "Since this morning only the laptop screen works");
    choose(form, "impact", "Impact", "Low");
    choose(form, "urgency", "Urgency", "Medium");
    choose(form, "category", "Category", "Hardware");
    type(form, "configurationItem", "Configuration item", "DOCK-4711");
    shot(page, TEST, "start-form-filled");
    page.locator(".modal-content button[ng-click='startProcessInstance()']").click();
    assertThat(page.locator(".modal-content")).hasCount(0);
    shot(page, TEST, "incident-started");

    JsonNode incident = await().atMost(Duration.ofSeconds(30)).until(() -> mine(title), found -> found != null);
    String number = incident.get("number").asText();
    JsonNode record = get(REQUESTER, "/api/incidents/" + number);
    assertThat(record.get("reporter").asText()).isEqualTo(REQUESTER);
    assertThat(record.get("priority").asText()).isEqualTo("P4");
    assertThat(record.get("category").asText()).isEqualTo("hardware");
    assertThat(record.get("configurationItem").asText()).isEqualTo("DOCK-4711");
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(number)
        .count()).as("one instance, with the record's number").isEqualTo(1);

    // The service desk triages and L2 asks a question (their own Tasklist work is covered elsewhere).
    completeTaskAs("desk", number, "Task_TriageIncident", Map.of("resolverGroup", "support-l2"));
    completeTaskAs("l2", number, "Task_ResolveIncident", Map.of("resolutionOutcome", "AWAIT_REQUESTER",
        "questionForRequester", "Which docking station model is it (label underneath)?"));
    Task answer = task(number, "Task_AnswerQuestion");
    assertThat(answer.getAssignee()).isEqualTo(REQUESTER);

    chooseFilter(page, "My tasks");
    shot(page, TEST, "my-tasks");
    Locator answerForm = openTask(page, answer);
    assertShows(answerForm, "incidentNumber", "Incident", number);
    assertShows(answerForm, "questionForRequester", "Question",
        "Which docking station model is it (label underneath)?");
    shot(page, TEST, "answer-form");
    type(answerForm, "answer", "Your answer", "WD19S, serial ending 0815");
    shot(page, TEST, "answer-form-filled");
    complete(page, answer);
    shot(page, TEST, "answered");

    JsonNode resumed = await().atMost(Duration.ofSeconds(30)).until(() -> get(REQUESTER, "/api/incidents/" + number),
        r -> "IN_PROGRESS".equals(r.get("status").asText()));
    List<String> kinds = StreamSupport.stream(resumed.get("workLog").spliterator(), false)
        .map(e -> e.get("kind").asText()).toList();
    assertThat(kinds).containsExactly("QUESTION", "ANSWER");
    assertThat(resumed.get("workLog").get(1).get("author").asText()).isEqualTo(REQUESTER);
    assertThat(resumed.get("workLog").get(1).get("text").asText()).isEqualTo("WD19S, serial ending 0815");
    Task resolve = task(number, "Task_ResolveIncident");
    assertThat(processEngine.getTaskService().getVariableLocal(resolve.getId(), "requesterAnswer"))
        .isEqualTo("WD19S, serial ending 0815");
  }

  /** The requester's incident with this title, from their own list. */
  private JsonNode mine(String title) {
    for (JsonNode summary : get(REQUESTER, "/api/incidents?size=100").get("content")) {
      if (title.equals(summary.get("title").asText())) {
        return summary;
      }
    }
    return null;
  }

}
