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
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A CAB member away: their vote shows in their delegate's filter "Delegated to me", who casts it for them. */
class DelegationTasklistBrowserTest extends BrowserTestBase {

  private static final String TEST = "delegated-cab-vote";

  @Autowired
  IdentityService identityService;

  @Test
  void chgmanFindsCab2sVoteUnderDelegatedToMeAndCastsItActingForCab2() {
    String title = "Rotate the VPN certificates " + System.nanoTime();
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).truncatedTo(ChronoUnit.HOURS);
    String number = post("desk", "/api/changes", Map.of("title", title, "description", "Certificates expire soon",
        "type", "NORMAL", "affectedServices", List.of("vpn-certs-" + System.nanoTime()),
        "implementationPlan", "Issue, install, reload", "backoutPlan", "Reinstall the old certificates",
        "testEvidence", "Rotated on the lab pair", "plannedStart", start.toString(),
        "plannedEnd", start.plusHours(2).toString(), "implementer", "l2")).get("number").asText();
    reviewAsChangeManager(task(number, "Task_ReviewChange"));
    Task cab2Vote = tasks(number, "Task_VoteOnChange").stream().filter(t -> "cab2".equals(t.getAssignee()))
        .findFirst().orElseThrow();

    String key = post("cab2", "/api/delegations", Map.of("delegate", "chgman",
        "until", OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).truncatedTo(ChronoUnit.SECONDS).toString(),
        "groups", List.of("change-advisory-board"))).get("key").asText();
    try {
      Page chgman = logIn("tasklist", "chgman", TEST);
      chooseFilter(chgman, "Delegated to me");
      Locator entry = taskInList(chgman, cab2Vote);
      assertThat(entry).isVisible();
      // The filter shows whom the task came from.
      assertThat(entry).containsText("cab2");
      shot(chgman, TEST, "chgman-delegated-to-me");
      Locator form = openTask(chgman, cab2Vote);
      assertShows(form, "changeNumber", "Change", number);
      claim(chgman);
      choose(form, "cabVote", "Vote", "Approve");
      type(form, "cabComment", "Comment", "Approved for cab2, who is on leave");
      shot(chgman, TEST, "vote-form-filled");
      complete(chgman, cab2Vote);

      JsonNode vote = StreamSupport.stream(get("chgman", "/api/changes/" + number).get("votes").spliterator(), false)
          .filter(v -> v.get("voter").asText().equals("cab2")).findFirst().orElseThrow();
      assertThat(vote.get("decision").asText()).isEqualTo("APPROVE");
      assertThat(vote.get("recordedBy").asText()).isEqualTo("chgman");
      assertThat(vote.get("actingFor").asText()).isEqualTo("cab2");

      // cab2's own list does not call their own vote "delegated to me".
      Page cab2 = logIn("tasklist", "cab2", TEST);
      chooseFilter(cab2, "Delegated to me");
      assertThat(taskInList(cab2, cab2Vote)).hasCount(0);
    } finally {
      as("cab2").delete().uri("/api/delegations/{key}", key).retrieve().toBodilessEntity();
    }
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
