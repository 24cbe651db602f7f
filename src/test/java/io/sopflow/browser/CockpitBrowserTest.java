package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;

/** A manager in Cockpit: sees every SOP and what runs, and cannot change anything. */
class CockpitBrowserTest extends BrowserTestBase {

  private static final String TEST = "cockpit";

  private static final Map<String, String> SOPS = Map.of(
      "IncidentEscalationProcess", "Incident management and escalation",
      "ChangeApprovalProcess", "Change approval",
      "AccessProvisioningProcess", "Access provisioning",
      "ReleaseDeploymentProcess", "Release deployment",
      "ProjectClosureProcess", "Project closure");

  @Test
  void managerSeesTheFiveSopsWithTheirRunningInstancesAndIsRefusedSuspendingOne() {
    Map<String, String> started = startOneOfEachSop();
    for (String key : SOPS.keySet()) {
      assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(key).count())
          .as("running instances of %s", key).isPositive();
    }

    Page page = logIn("cockpit", "manager", TEST);
    // The dashboard counts what the manager may read: zero deployed definitions would mean no read permission.
    assertThat(page.locator(".stats-section.processes a.value")).hasText(Pattern.compile("^\\s*[1-9][0-9]*\\s*$"));
    shot(page, TEST, "dashboard");

    Locator rows = page.locator("table.process-definitions-list tbody tr");
    open(page, "cockpit", "#/processes", rows);
    for (Map.Entry<String, String> sop : SOPS.entrySet()) {
      Locator row = rows.filter(new Locator.FilterOptions().setHas(page.locator("td.key",
          new Page.LocatorOptions().setHasText(Pattern.compile("^\\s*" + sop.getKey() + "\\s*$")))));
      assertThat(row).hasCount(1);
      assertThat(row.locator("td.name")).hasText(sop.getValue());
      // The count appears once the statistics have loaded; instances of other tests may be running too.
      assertThat(row.locator("td.instances")).hasText(Pattern.compile("^\\s*[1-9][0-9]*\\s*$"));
    }
    shot(page, TEST, "process-definitions");

    ProcessDefinition change = processEngine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("ChangeApprovalProcess").latestVersion().singleResult();
    Locator suspend = page.locator("a.btn-suspend-action");
    open(page, "cockpit", "#/process-definition/" + change.getId() + "/runtime", suspend);
    // The running instance, under its business key, in the definition's instance table.
    assertThat(page.locator("td.business-key", new Page.LocatorOptions()
        .setHasText(started.get("ChangeApprovalProcess")))).isVisible();
    shot(page, TEST, "change-definition");
    suspend.click();
    Locator dialog = page.locator(".modal-dialog");
    assertThat(dialog).containsText("Do you really want to suspend this process definition?");
    shot(page, TEST, "suspend-dialog");

    Response answer = page.waitForResponse(r -> r.url().contains("/process-definition/" + change.getId() + "/suspended"),
        () -> dialog.locator(".modal-footer button[type='submit']").click());
    assertThat(answer.status()).as("the engine REST call Cockpit makes").isEqualTo(403);
    assertThat(dialog).containsText("could not be updated to 'suspended'");
    assertThat(dialog).containsText("The user with id 'manager' does not have one of the following permissions");
    shot(page, TEST, "suspend-refused");

    assertThat(processEngine.getRepositoryService().getProcessDefinition(change.getId()).isSuspended()).isFalse();
  }

  /** One running instance of every SOP, started the way requesters and systems start them: through /api. */
  private Map<String, String> startOneOfEachSop() {
    String suffix = Long.toString(System.nanoTime() % 100_000);
    String incident = post("desk", "/api/incidents", Map.of("title", "Shared drive S: is read-only " + suffix,
        "description", "Since the storage patch", "impact", "MEDIUM", "urgency", "LOW", "category", "storage"))
        .get("number").asText();

    OffsetDateTime inAWeek = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).truncatedTo(ChronoUnit.HOURS);
    // A standard change is approved at once and waits for its planned start: it can carry a release.
    String change = post("relman", "/api/changes", Map.of("title", "Renew certificate of the intranet " + suffix,
        "type", "STANDARD", "template", "certificate-renewal", "affectedServices", List.of("intranet-" + suffix),
        "implementationPlan", "Install the new certificate",
        "backoutPlan", "Reinstall the old certificate", "testEvidence", "Installed on the test intranet",
        "plannedStart", inAWeek.toString(), "plannedEnd", inAWeek.plusHours(1).toString(), "implementer", "l2"))
        .get("number").asText();

    String access = post("desk", "/api/access-requests", Map.of("beneficiary", "desk", "resource", "support-l2",
        "justification", "Cover for the L2 team during holidays")).get("key").asText();

    String release = post("relman", "/api/releases", Map.of("name", "Intranet certificate", "version", "1.0." + suffix,
        "environment", "staging", "changeNumber", change, "windowStart", inAWeek.toString(),
        "windowEnd", inAWeek.plusHours(1).toString(), "rollbackPlan", "Reinstall the previous certificate")).get("key").asText();

    String closure = post("pm", "/api/project-closures", Map.of("projectCode", "COCKPIT-" + suffix, "name", "Cockpit rollout",
        "projectManager", "pm", "sponsor", "manager", "clientContact", "cab2",
        "deliverables", List.of(Map.of("name", "Dashboards", "acceptanceCriteria", "Managers use them weekly")),
        "budget", new BigDecimal("10000"))).get("key").asText();
    return Map.of("IncidentEscalationProcess", incident, "ChangeApprovalProcess", change,
        "AccessProvisioningProcess", access, "ReleaseDeploymentProcess", release, "ProjectClosureProcess", closure);
  }
}
