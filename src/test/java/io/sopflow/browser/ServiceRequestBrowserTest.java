package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Duration;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * A requester (l3) in Tasklist: "Start process" offers the service request start form, which offers the catalogue;
 * choosing an item shows that item's detail fields (and not another item's), and submitting raises the request as the API does.
 */
class ServiceRequestBrowserTest extends BrowserTestBase {

  private static final String TEST = "service-request";
  private static final String REQUESTER = "l3";

  @Test
  void aRequesterChoosesACatalogueItemInTasklistsStartFormAndTheRequestIsCreated() {
    String justification = "Builds take an hour on the old one " + System.nanoTime();

    Page page = logIn("tasklist", REQUESTER, TEST);
    page.locator(".start-process-action a").first().click();
    Locator process = page.locator(".modal-content ul.processes a")
        .filter(new Locator.FilterOptions().setHasText(exactly("Service request fulfilment")));
    assertThat(process).isVisible();
    process.click();
    Locator form = page.locator(".modal-content form.fjs-form");
    form.waitFor();
    assertThat(formField(form, "details_model")).hasCount(0);
    assertThat(formField(form, "details_software")).hasCount(0);

    choose(form, "item", "Catalogue item", "Laptop");
    assertThat(formField(form, "details_software")).hasCount(0);
    assertThat(formField(form, "details_model")).isVisible();
    type(form, "requestedFor", "Requested for", REQUESTER);
    type(form, "justification", "Justification", justification);
    choose(form, "details_model", "Laptop model", "Developer");
    type(form, "details_deliveryAddress", "Delivery address", "Room 3.07");
    shot(page, TEST, "start-form-filled");
    page.locator(".modal-content button[ng-click='startProcessInstance()']").click();
    assertThat(page.locator(".modal-content")).hasCount(0);
    shot(page, TEST, "request-started");

    JsonNode request = await().atMost(Duration.ofSeconds(30)).until(() -> mine(justification), found -> found != null);
    String number = request.get("number").asText();
    JsonNode record = get(REQUESTER, "/api/service-requests/" + number);
    assertThat(record.get("item").asText()).isEqualTo("laptop");
    assertThat(record.get("requester").asText()).isEqualTo(REQUESTER);
    assertThat(record.get("requestedFor").asText()).isEqualTo(REQUESTER);
    assertThat(record.get("details").get("model").asText()).isEqualTo("developer");
    assertThat(record.get("details").get("deliveryAddress").asText()).isEqualTo("Room 3.07");
    assertThat(record.get("status").asText()).isEqualTo("MANAGER_APPROVAL");
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(number)
        .count()).as("one instance, with the record's number").isEqualTo(1);
    Task approval = task(number, "Task_ApproveAsLineManager");
    assertThat(processEngine.getTaskService().getIdentityLinksForTask(approval.getId()))
        .anySatisfy(link -> assertThat(link.getUserId()).isEqualTo("manager"));
  }

  /** The requester's request with this justification, from their own list. */
  private JsonNode mine(String justification) {
    for (JsonNode summary : get(REQUESTER, "/api/service-requests?requestedFor=" + REQUESTER + "&size=100")
        .get("content")) {
      if (justification.equals(summary.get("justification").asText())) {
        return summary;
      }
    }
    return null;
  }
}
