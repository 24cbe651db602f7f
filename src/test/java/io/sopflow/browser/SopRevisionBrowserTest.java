package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.sopflow.support.SopDeployments;
import java.time.Duration;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * Four-eyes on an SOP change, in Tasklist: {@code owner} deploys a changed backup verification SOP from Modeler; the
 * review is not in his task list; {@code owner2} sees the automatic checks and the change summary on the form and
 * approves it, and the new version is in force.
 */
class SopRevisionBrowserTest extends BrowserTestBase {

  private static final String TEST = "sop-revision";
  private static final String SOP = "BackupVerificationProcess";

  @Test
  void owner2ApprovesARevisionInTasklistWithTheChangeSummaryInView() {
    String renamedTo = "Restore backup and verify every file";
    var deployed = SopDeployments.deploy(as("owner"), SopDeployments.changedModel(SOP,
        model -> model.replaceFirst("name=\"Restore and verify backup\"", "name=\"" + renamedTo + "\"")));
    assertThat(deployed.getStatusCode().value()).as(String.valueOf(deployed.getBody())).isEqualTo(200);
    String revision = "REV-" + SOP + "-2";
    await().atMost(Duration.ofSeconds(60)).until(() -> !tasks(revision, "Task_ReviewRevision").isEmpty());
    Task review = task(revision, "Task_ReviewRevision");

    Page author = logIn("tasklist", "owner", TEST);
    chooseFilter(author, "My group tasks");
    assertThat(taskInList(author, review)).hasCount(0);
    shot(author, TEST, "owner-does-not-see-the-review");

    Page page = logIn("tasklist", "owner2", TEST);
    chooseFilter(page, "My group tasks");
    Locator form = openTask(page, review);
    assertShows(form, "sopProcessKey", "SOP", SOP);
    assertShows(form, "author", "Deployed by", "owner");
    assertThat(formField(form, "changeSummary").locator("textarea"))
        .hasValue(Pattern.compile("Renamed: Task_RestoreAndVerifyBackup .*" + renamedTo, Pattern.DOTALL));
    assertThat(formField(form, "checks").locator("textarea")).hasValue(Pattern.compile("^Passed"));
    shot(page, TEST, "review-with-change-summary");

    claim(page);
    pick(form, "revisionApproved", "Decision", "Approve: in force from now");
    type(form, "revisionNotes", "Revision notes", "The restore step says what it checks");
    shot(page, TEST, "review-approved");
    complete(page, review);

    assertThat(get("desk", "/api/sops/" + SOP).path("versionInForce").asInt()).isEqualTo(2);
    assertThat(get("desk", "/api/sops/" + SOP + "/revisions").get(0).path("approver").asText()).isEqualTo("owner2");
  }
}
