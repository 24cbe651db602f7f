package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The change advisory board votes in Tasklist; a member who requested the change gets no vote on it. */
class ChangeTasklistBrowserTest extends BrowserTestBase {

  private static final String TEST = "change-cab-vote";

  @Autowired
  IdentityService identityService;

  @Test
  void cabMemberApprovesAChangeThroughItsFormAndTheRequestingMemberIsOfferedNoVoteOnIt() {
    String title = "Upgrade the VPN concentrator firmware " + System.nanoTime();
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).truncatedTo(ChronoUnit.HOURS);
    JsonNode change = post("cab1", "/api/changes", Map.of("title", title, "description", "Vendor fix for tunnel drops",
        "type", "NORMAL", "affectedServices", List.of("vpn"), "implementationPlan", "Upload image, reboot node B then A",
        "backoutPlan", "Boot the previous image", "testEvidence", "Ran on the lab pair for a week",
        "plannedStart", start.toString(), "plannedEnd", start.plusHours(2).toString(), "implementer", "l2"));
    String number = change.get("number").asText();
    String risk = change.get("risk").asText();
    reviewAsChangeManager(task(number, "Task_ReviewChange"));

    List<Task> votes = tasks(number, "Task_VoteOnChange");
    assertThat(votes).extracting(Task::getAssignee).containsExactlyInAnyOrder("cab2", "cab3");
    Task cab2Vote = votes.stream().filter(t -> t.getAssignee().equals("cab2")).findFirst().orElseThrow();
    Task cab3Vote = votes.stream().filter(t -> t.getAssignee().equals("cab3")).findFirst().orElseThrow();

    Page cab2 = logIn("tasklist", "cab2", TEST);
    chooseFilter(cab2, "My tasks");
    shot(cab2, TEST, "cab2-my-tasks");
    Locator form = openTask(cab2, cab2Vote);
    assertShows(form, "changeNumber", "Change", number);
    assertShows(form, "changeTitle", "Title", title);
    assertShows(form, "risk", "Risk", risk);
    assertShows(form, "requester", "Requester", "cab1");
    assertShows(form, "implementer", "Implementer", "l2");
    shot(cab2, TEST, "vote-form");
    choose(form, "cabVote", "Vote", "Approve");
    type(form, "cabComment", "Comment", "Lab evidence is convincing");
    shot(cab2, TEST, "vote-form-filled");
    complete(cab2, cab2Vote);
    shot(cab2, TEST, "vote-completed");

    assertThat(tasks(number, "Task_VoteOnChange")).extracting(Task::getId).containsExactly(cab3Vote.getId());
    JsonNode record = get("cab1", "/api/changes/" + number);
    assertThat(record.get("votes")).hasSize(1);
    assertThat(record.get("votes").get(0).get("voter").asText()).isEqualTo("cab2");
    assertThat(record.get("votes").get(0).get("decision").asText()).isEqualTo("APPROVE");
    assertThat(record.get("votes").get(0).get("comment").asText()).isEqualTo("Lab evidence is convincing");

    // The requester is on the board too, but never votes on their own change: nothing of it in either filter.
    Page cab1 = logIn("tasklist", "cab1", TEST);
    for (String filter : List.of("My tasks", "My group tasks")) {
      chooseFilter(cab1, filter);
      for (Task open : processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number).list()) {
        assertThat(taskInList(cab1, open)).hasCount(0);
      }
      shot(cab1, TEST, "cab1-" + filter.toLowerCase().replace(' ', '-'));
    }
    assertThat(processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .taskAssignee("cab1").count()).isZero();
  }

  /** The change manager's review is not what this test is about: done through the engine as chgman would. */
  private void reviewAsChangeManager(Task review) {
    identityService.setAuthentication("chgman", List.of("change-managers"));
    try {
      processEngine.getTaskService().complete(review.getId(), Map.of("reviewDecision", "APPROVE"));
    } finally {
      identityService.clearAuthentication();
    }
  }
}
