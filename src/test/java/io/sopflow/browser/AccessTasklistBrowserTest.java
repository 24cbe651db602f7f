package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An access request approved in Tasklist by the beneficiary's line manager and by the resource's owner group becomes
 * a real group membership, as an administrator sees it in Camunda Admin.
 */
class AccessTasklistBrowserTest extends BrowserTestBase {

  private static final String TEST = "access-approval";

  @Autowired
  IdentityService identityService;

  @AfterEach
  void leaveFinance() {
    // Other tests sharing this Spring context expect l2 in support-l2 only.
    if (identityService.createUserQuery().userId("l2").memberOfGroup("finance").count() > 0) {
      identityService.deleteMembership("l2", "finance");
    }
  }

  @Test
  void accessApprovedByLineManagerAndResourceOwnerInTasklistShowsAsGroupMembershipInAdmin() {
    assertThat(identityService.createUserQuery().userId("l2").memberOfGroup("finance").count()).isZero();
    String justification = "Month-end reconciliation of the support budget " + System.nanoTime();
    JsonNode request = post("l2", "/api/access-requests", Map.of("beneficiary", "l2", "resource", "finance",
        "justification", justification));
    String key = request.get("key").asText();

    Task managerApproval = task(key, "Task_ApproveAsLineManager");
    Page manager = logIn("tasklist", "manager", TEST);
    chooseFilter(manager, "My group tasks");
    shot(manager, TEST, "manager-group-tasks");
    Locator form = openTask(manager, managerApproval);
    assertRequestShown(form, key, justification);
    shot(manager, TEST, "manager-form");
    claim(manager);
    pick(form, "managerDecision", "Decision", "Approve");
    type(form, "managerComment", "Comment", "Needed for the budget review");
    shot(manager, TEST, "manager-form-filled");
    complete(manager, managerApproval);
    shot(manager, TEST, "manager-completed");

    Task ownerApproval = task(key, "Task_ApproveAsResourceOwner");
    Page fin = logIn("tasklist", "fin", TEST);
    chooseFilter(fin, "My group tasks");
    shot(fin, TEST, "fin-group-tasks");
    form = openTask(fin, ownerApproval);
    assertRequestShown(form, key, justification);
    shot(fin, TEST, "owner-form");
    claim(fin);
    pick(form, "ownerDecision", "Decision", "Approve");
    shot(fin, TEST, "owner-form-filled");
    complete(fin, ownerApproval);
    shot(fin, TEST, "owner-completed");

    // Provisioning runs in the background (job executor), then the membership is real.
    await().atMost(Duration.ofSeconds(60)).until(() -> "ACTIVE".equals(get("l2", "/api/access-requests/" + key)
        .get("status").asText()));
    assertThat(identityService.createUserQuery().userId("l2").memberOfGroup("finance").count()).isOne();

    Page admin = logIn("admin", "admin", TEST);
    Locator groups = admin.locator("td.group-id a");
    // Admin 7.24 routes a user as #/users/<id> (older versions: #/users/edit/<id>).
    open(admin, "admin", "#/users/l2?tab=groups", groups);
    assertThat(groups.filter(new Locator.FilterOptions().setHasText(exactly("finance")))).hasCount(1);
    assertThat(groups.filter(new Locator.FilterOptions().setHasText(exactly("support-l2")))).hasCount(1);
    shot(admin, TEST, "admin-l2-groups");
  }

  private void assertRequestShown(Locator form, String key, String justification) {
    assertShows(form, "accessRequestKey", "Request", key);
    assertShows(form, "beneficiary", "Beneficiary", "l2");
    assertShows(form, "requester", "Requested by", "l2");
    assertShows(form, "resourceName", "Resource", "Finance group membership");
    assertShows(form, "riskLevel", "Risk level", "HIGH");
    assertShows(form, "justification", "Justification", justification);
  }
}
