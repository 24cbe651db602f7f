package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The webapps say SOPFlow, and the people working in them do not see the vendor's end-of-life banner (operators find
 * the engine's support status in docs/operations.md).
 */
class WebappBrandingBrowserTest extends BrowserTestBase {

  private static final String TEST = "webapp-branding";

  @Test
  void tasklistAndCockpitSaySopflowAndShowNoMigrationBanner() {
    Page tasklist = logIn("tasklist", "desk", TEST);
    assertThat(tasklist.locator(".navbar-brand").first()).containsText(Pattern.compile("SOPFlow"));
    // The banner element is rendered for the Community Edition (so this test can fail); SOPFlow's styles hide it.
    assertThat(tasklist.locator(".ce-eol-banner")).hasCount(1);
    assertThat(tasklist.locator(".ce-eol-banner")).not().isVisible();
    assertThat(tasklist.getByText("It is time to migrate to Camunda 8")).not().isVisible();
    shot(tasklist, TEST, "tasklist-header");

    Page cockpit = logIn("cockpit", "manager", TEST);
    assertThat(cockpit.locator(".navbar-brand").first()).containsText(Pattern.compile("SOPFlow"));
    assertThat(cockpit.locator(".ce-eol-banner")).hasCount(1);
    assertThat(cockpit.locator(".ce-eol-banner")).not().isVisible();
    assertThat(cockpit.getByText("It is time to migrate to Camunda 8")).not().isVisible();
    shot(cockpit, TEST, "cockpit-header");
  }
}
