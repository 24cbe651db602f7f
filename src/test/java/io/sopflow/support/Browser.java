package io.sopflow.support;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, driven by Playwright for Java (which must not download a browser of its own). Every launch gets a
 * fresh profile directory (Playwright creates and removes it). In CI a missing Chromium fails the test; elsewhere the
 * test is skipped with a message saying what is missing.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SOPFLOW_CHROMIUM", "/usr/bin/chromium"));
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;
  private Browser(Playwright playwright, com.microsoft.playwright.Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  public static Browser launch() {
    if (!Files.isExecutable(CHROMIUM)) {
      String message = "Chromium is not installed at " + CHROMIUM + " (apt-get install -y chromium): browser tests skipped";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    try {
      Playwright playwright = Playwright.create(new Playwright.CreateOptions()
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      com.microsoft.playwright.Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(CHROMIUM)
          .setHeadless(true)
          .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage")));
      Files.createDirectories(SCREENSHOTS);
      return new Browser(playwright, browser);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A fresh browser session (own cookies), as a person opening SOPFlow in a new window. */
  public Page newPage() {
    BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1400, 900).setLocale("en-US"));
    // Generous: the webapps load a few megabytes of scripts, and CI machines have two cores.
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(90_000);
    return context.newPage();
  }

  public static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
