package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.sopflow.support.Browser;
import io.sopflow.support.IntegrationTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A manager in Cockpit: sees the SOPs and what runs, and cannot change anything. */
class CockpitBrowserTest extends IntegrationTestBase {

  private static Browser browser;

  @BeforeAll
  static void launch() {
    browser = Browser.launch();
  }

  @AfterAll
  static void quit() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void managerSeesTheSopDefinitions() {
    Page page = browser.newPage();
    page.navigate("http://127.0.0.1:" + port + "/camunda/app/cockpit/default/");
    Browser.screenshot(page, "cockpit-01-login");
    page.locator("input#inputUsername, input[ng-model='username']").first().fill("manager");
    page.locator("input#inputPassword, input[type='password']").first().fill(PASSWORD);
    page.locator("button[type='submit']").first().click();
    page.navigate("http://127.0.0.1:" + port + "/camunda/app/cockpit/default/#/processes");
    page.waitForLoadState();
    page.waitForTimeout(3000);
    Browser.screenshot(page, "cockpit-02-processes");
    assertThat(page.content()).contains("Process Definitions");
  }
}
