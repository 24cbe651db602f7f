package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.sopflow.incident.IncidentService;
import io.sopflow.report.KnownIncidents;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A manager opens Cockpit and sees the SLA plugin ({@code sopflow-sla}) on the dashboard: the charts drawn by the
 * bundled chart library under the webapps' Content-Security-Policy, the figures of the known incidents of October
 * 2026, an incident at risk linked to its instance; the same on the incident process's "SLA" tab. A process owner,
 * who may use Cockpit but not read SLA figures, is refused them.
 */
class SlaCockpitBrowserTest extends BrowserTestBase {

  private static final String TEST = "sla-cockpit";

  @Autowired
  IncidentService incidentService;

  @Test
  void managerSeesSlaChartsFiguresAndItemsAtRiskOnTheDashboard() {
    // The known incidents are records of October: their processes (and timers, which the job executor would fire
    // while the clock is moved) are not needed to report on them, so the executor pauses and they are removed.
    var jobExecutor = ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getJobExecutor();
    jobExecutor.shutdown();
    try {
      Map<String, String> known = KnownIncidents.create(incidentService);
      known.values().forEach(number -> {
        String instance = processEngine.getRuntimeService().createProcessInstanceQuery()
            .processInstanceBusinessKey(number).singleResult().getProcessInstanceId();
        processEngine.getRuntimeService().deleteProcessInstance(instance, "SLA browser test: records only");
      });
    } finally {
      jobExecutor.start();
    }
    JsonNode atRisk = post("desk", "/api/incidents", Map.of("title", "Core switch down", "description",
        "Nothing reachable", "impact", "HIGH", "urgency", "HIGH", "category", "network"));

    Page page = logIn("cockpit", "manager", TEST);
    Locator plugin = page.locator("#sopflow-sla");
    assertThat(plugin.locator("h3")).hasText("SLA compliance");
    Locator charts = plugin.locator(".sopflow-sla-chart canvas");
    assertThat(charts).hasCount(3);
    assertThat(plugin.locator(".sopflow-sla-chart .u-title").first()).hasText("Resolution compliance per priority (%)");
    assertThat(plugin.locator(".sopflow-sla-chart .u-legend").first()).containsText("P1");
    assertThat(cell(plugin, "P1 response %", "2026-10")).hasText("50.0");
    assertThat(cell(plugin, "P1 resolution %", "2026-10")).hasText("100.0");
    assertThat(cell(plugin, "P3 response %", "2026-10")).hasText("50.0");
    assertThat(cell(plugin, "P4 resolution %", "2026-10")).hasText("0.0");
    assertThat(cell(plugin, "MTTA min", "2026-10")).hasText("50.0");
    assertThat(cell(plugin, "MTTR min", "2026-10")).hasText("187.5");
    Locator risky = plugin.locator("table.sopflow-sla-at-risk a", new Locator.LocatorOptions()
        .setHasText(atRisk.path("number").asText()));
    assertThat(risky).hasAttribute("href", "#/process-instance/" + atRisk.path("processInstanceId").asText()
        + "/runtime");
    plugin.scrollIntoViewIfNeeded();
    shot(page, TEST, "dashboard");
    assertThat(page.evaluate("() => [...document.querySelectorAll('#sopflow-sla canvas')]"
        + ".every(c => c.width > 0 && c.height > 0)")).isEqualTo(true);

    ProcessDefinition incidents = processEngine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("IncidentEscalationProcess").latestVersion().singleResult();
    Locator tab = page.locator("a", new Page.LocatorOptions().setHasText("SLA"));
    open(page, "cockpit", "#/process-definition/" + incidents.getId() + "/runtime", tab);
    tab.first().click();
    assertThat(page.locator("#sopflow-sla .sopflow-sla-chart canvas")).hasCount(3);
    shot(page, TEST, "incident-process-tab");

    risky.first().click();
    page.waitForURL(Pattern.compile(".*#/process-instance/" + atRisk.path("processInstanceId").asText() + ".*"));
    shot(page, TEST, "instance-at-risk");

    Page owner = logIn("cockpit", "owner", TEST);
    assertThat(owner.locator("#sopflow-sla .sopflow-sla-refused"))
        .hasText("SLA figures are for managers, incident managers and admins.");
    assertThat(owner.locator("#sopflow-sla canvas")).hasCount(0);
    shot(owner, TEST, "owner-refused");
  }

  private static Locator cell(Locator plugin, String row, String month) {
    return plugin.locator("tr[data-row='" + row + "'] td[data-month='" + month + "']");
  }
}
