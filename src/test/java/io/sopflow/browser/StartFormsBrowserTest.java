package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.sopflow.support.Browser;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Requesters start every SOP from Tasklist's "Start process" with its start form, as the incident's reporter does
 * (IncidentRequesterBrowserTest): a change, an access request, a release and a project closure, each filled in
 * the rendered Camunda Form and found afterwards through {@code /api} with its requester and one process instance.
 */
class StartFormsBrowserTest extends BrowserTestBase {

  private static final String TEST = "start-forms";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");
  /** How the date picker shows a date it has taken (en-US, no leading zeros). */
  private static final DateTimeFormatter SHOWN_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");

  @Test
  void aSignedInUserRequestsAChangeWithTheStartForm() {
    String title = "Rotate the VPN gateway certificate " + System.nanoTime();
    LocalDateTime start = LocalDateTime.now().plusDays(3).withHour(10).withMinute(0).truncatedTo(ChronoUnit.MINUTES);

    Page page = logIn("tasklist", "desk", TEST);
    Locator form = openStartForm(page, "Change approval", "change");
    type(form, "title", "Title", title);
    type(form, "description", "Description (why, what)", "The certificate expires in three weeks");
    choose(form, "type", "Type", "Normal");
    type(form, "affectedServices", "Affected services", "vpn");
    type(form, "implementationPlan", "Implementation plan", "Install the new certificate, restart the gateway");
    type(form, "backoutPlan", "Backout plan (required for NORMAL)", "Reinstall the old certificate from the vault");
    type(form, "testEvidence", "Test evidence", "Installed on the staging gateway on Monday, clients connected");
    dateTime(form, "plannedStart", start);
    dateTime(form, "plannedEnd", start.plusHours(2));
    type(form, "implementer", "Implementer (user id)", "l2");
    JsonNode change = submit(page, "change", "desk", "/api/changes?size=100", title, "title");

    JsonNode record = get("desk", "/api/changes/" + change.get("number").asText());
    assertThat(record.get("requester").asText()).isEqualTo("desk");
    assertThat(record.get("type").asText()).isEqualTo("NORMAL");
    assertThat(record.get("affectedServices").toString()).contains("vpn");
    assertThat(record.get("implementer").asText()).isEqualTo("l2");
    assertThat(record.get("plannedStart").asText()).isNotBlank();
    assertOneInstance(record.get("number").asText());
  }

  @Test
  void aSignedInUserRequestsAccessWithTheStartForm() {
    String justification = "Month-end close needs the finance share " + System.nanoTime();

    Page page = logIn("tasklist", "l3", TEST);
    Locator form = openStartForm(page, "Access provisioning", "access");
    type(form, "beneficiary", "Beneficiary (user id)", "l3");
    type(form, "resource", "Resource", "finance");
    type(form, "justification", "Justification", justification);
    JsonNode request = submit(page, "access", "l3", "/api/access-requests?size=100", justification, "justification");

    JsonNode record = get("l3", "/api/access-requests/" + request.get("key").asText());
    assertThat(record.get("requester").asText()).isEqualTo("l3");
    assertThat(record.get("beneficiary").asText()).isEqualTo("l3");
    assertThat(record.get("resource").asText()).isEqualTo("finance");
    assertOneInstance(record.get("key").asText());
  }

  @Test
  void aReleaseManagerRequestsAReleaseWithTheStartForm() {
    String changeNumber = approvedStandardChange();
    String name = "payroll-api-" + System.nanoTime();
    LocalDateTime window = LocalDateTime.now().plusDays(2).withHour(20).withMinute(0).truncatedTo(ChronoUnit.MINUTES);

    Page page = logIn("tasklist", "relman", TEST);
    Locator form = openStartForm(page, "Release deployment", "release");
    type(form, "name", "Name", name);
    type(form, "version", "Version", "2.4.1");
    choose(form, "environment", "Environment", "Staging");
    type(form, "changeNumber", "Change", changeNumber);
    dateTime(form, "windowStart", window);
    dateTime(form, "windowEnd", window.plusHours(1));
    type(form, "rollbackPlan", "Rollback plan", "Redeploy 2.4.0 from the artefact store");
    JsonNode release = submit(page, "release", "relman", "/api/releases?size=100", name, "name");

    JsonNode record = get("relman", "/api/releases/" + release.get("key").asText());
    assertThat(record.get("changeNumber").asText()).isEqualTo(changeNumber);
    assertThat(record.get("environment").asText()).isEqualToIgnoringCase("staging");
    assertThat(record.get("version").asText()).isEqualTo("2.4.1");
    assertOneInstance(record.get("key").asText());
  }

  @Test
  void aProjectManagerRequestsAProjectClosureWithTheStartForm() {
    String code = "PRJ-" + (System.nanoTime() % 1_000_000);

    Page page = logIn("tasklist", "pm", TEST);
    Locator form = openStartForm(page, "Project closure", "closure");
    type(form, "projectCode", "Project code", code);
    type(form, "name", "Project name", "New intranet " + code);
    type(form, "projectManager", "Project manager (user id)", "pm");
    type(form, "sponsor", "Sponsor (user id)", "manager");
    type(form, "clientContact", "Client contact (user id)", "l2");
    type(form, "deliverables", "Deliverables",
        "Intranet live: all departments can publish pages\nTraining: every editor attended a session");
    type(form, "budget", "Budget", "25000");
    JsonNode closure = submit(page, "closure", "pm", "/api/project-closures?size=100", code, "projectCode");

    JsonNode record = get("pm", "/api/project-closures/" + closure.get("key").asText());
    assertThat(record.get("projectCode").asText()).isEqualTo(code);
    assertThat(record.get("clientContact").asText()).isEqualTo("l2");
    assertThat(record.get("deliverables")).hasSize(2);
    assertOneInstance(record.get("key").asText());
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  /** "Start process", the SOP by its name, and its start form rendered in the dialog. */
  private Locator openStartForm(Page page, String processName, String step) {
    page.locator(".start-process-action a").first().click();
    Locator process = page.locator(".modal-content ul.processes a")
        .filter(new Locator.FilterOptions().setHasText(java.util.regex.Pattern.compile(processName)));
    assertThat(process).hasCount(1);
    process.click();
    Locator form = page.locator(".modal-content form.fjs-form");
    form.waitFor();
    shot(page, TEST, step + "-start-form");
    return form;
  }

  /** Starts the process and finds the record the requester now sees in their list, by a field they typed. */
  private JsonNode submit(Page page, String step, String user, String list, String value, String field) {
    settle(page);
    shot(page, TEST, step + "-start-form-filled");
    Locator start = page.locator(".modal-content button[ng-click='startProcessInstance()']");
    try {
      assertThat(start).isEnabled();
    } catch (AssertionFailedError e) {
      throw new AssertionError("Tasklist keeps Start disabled; the form holds: "
          + formState(page.locator(".modal-content form.fjs-form")) + "; browser problems: " + Browser.problems(page), e);
    }
    start.click();
    assertThat(page.locator(".modal-content")).hasCount(0);
    shot(page, TEST, step + "-started");
    return await().atMost(Duration.ofSeconds(30)).until(() -> find(user, list, field, value), found -> found != null);
  }

  private JsonNode find(String user, String list, String field, String value) {
    for (JsonNode summary : get(user, list).get("content")) {
      if (summary.has(field) && value.equals(summary.get(field).asText())) {
        return summary;
      }
    }
    return null;
  }

  /**
   * A form-js date-time field: the date typed as the date picker reads it, the time as 24-hour "HH:mm". The field
   * merges date and time in an effect that runs after the next frame; the form settles after each part so that the
   * time does not overtake the date (it did once in CI on a loaded machine: the date shown, the value empty).
   */
  private void dateTime(Locator form, String variable, LocalDateTime at) {
    Locator field = formField(form, variable);
    Locator date = field.locator("input[id$='-date']");
    date.fill(at.format(DATE));
    date.press("Enter");
    settle(form.page());
    Locator time = field.locator("input[id$='-time']");
    String hhmm = String.format("%02d:%02d", at.getHour(), at.getMinute());
    time.fill(hhmm);
    time.press("Tab");
    settle(form.page());
    assertThat(date).hasValue(at.format(SHOWN_DATE));
    assertThat(time).hasValue(hhmm);
    assertThat(field.locator(".fjs-form-field-error")).hasCount(0);
  }

  private void assertOneInstance(String businessKey) {
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(businessKey)
        .count()).as("one instance, with the record's key").isEqualTo(1);
  }

  /** A STANDARD change from the template catalogue is approved at once: what a release names. */
  private String approvedStandardChange() {
    var start = java.time.OffsetDateTime.now(ZoneId.systemDefault()).plusDays(2).truncatedTo(ChronoUnit.MINUTES);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("title", "Deploy payroll API 2.4.1");
    request.put("description", "Patch release of the payroll API");
    request.put("type", "STANDARD");
    request.put("template", "certificate-renewal");
    request.put("affectedServices", List.of("payroll"));
    request.put("implementationPlan", "Deploy through the release SOP");
    request.put("backoutPlan", "Redeploy the previous version from the artefact store");
    request.put("testEvidence", "All integration tests green on staging build 512");
    request.put("plannedStart", start.toString());
    request.put("plannedEnd", start.plusHours(3).toString());
    request.put("implementer", "relman");
    JsonNode change = post("desk", "/api/changes", request);
    String number = change.get("number").asText();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> "APPROVED".equals(get("desk", "/api/changes/" + number).get("status").asText()));
    return number;
  }
}
