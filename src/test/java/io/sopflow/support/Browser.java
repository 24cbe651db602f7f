package io.sopflow.support;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, driven by Playwright for Java (which must not download a browser of its own). Every launch gets a
 * fresh profile directory (Playwright creates and removes it). In CI a missing Chromium fails the test; elsewhere the
 * test is skipped with a message saying what is missing.
 *
 * <p>Each page records what went wrong in the browser (script errors, failed requests, HTTP answers of 400 and more),
 * so that a test failing on a slow machine says why: see {@link #problems(Page)}.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SOPFLOW_CHROMIUM", "/usr/bin/chromium"));
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Waits for the webapps: they load a few megabytes of scripts, and CI machines have two busy cores. */
  public static final double ACTION_TIMEOUT_MS = 60_000;
  public static final double NAVIGATION_TIMEOUT_MS = 180_000;

  private static final Map<Page, List<String>> PROBLEMS = Collections.synchronizedMap(new WeakHashMap<>());

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
    // assertThat(locator) retries until this timeout (Playwright's default of 5 s is too short on a busy machine).
    PlaywrightAssertions.setDefaultAssertionTimeout(ACTION_TIMEOUT_MS);
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      com.microsoft.playwright.Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(CHROMIUM)
          .setHeadless(true)
          .setTimeout(NAVIGATION_TIMEOUT_MS)
          .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
              // Headless Chromium otherwise slows down timers of pages it considers hidden: Angular would crawl.
              "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
              "--disable-backgrounding-occluded-windows")));
      return new Browser(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A fresh browser session (own cookies), as a person opening SOPFlow in a new window. */
  public Page newPage() {
    BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1400, 1500).setLocale("en-US")
        .setTimezoneId("UTC"));
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    Page page = context.newPage();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    PROBLEMS.put(page, problems);
    page.onPageError(error -> problems.add("script error: " + error));
    page.onConsoleMessage(message -> {
      if ("error".equals(message.type())) {
        problems.add("console: " + message.text());
      }
    });
    page.onRequestFailed(request -> problems.add("request failed: " + request.method() + " " + request.url() + " "
        + request.failure()));
    page.onResponse(response -> {
      if (response.status() >= 400) {
        problems.add("HTTP " + response.status() + ": " + response.request().method() + " " + response.url());
      }
    });
    return page;
  }

  /** What went wrong in this page so far (script errors, failed requests, HTTP 4xx/5xx answers). */
  public static List<String> problems(Page page) {
    List<String> problems = PROBLEMS.get(page);
    return problems == null ? List.of() : List.copyOf(problems);
  }

  /** Saves {@code target/screenshots/<name>.png} (the whole page). */
  public static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true)
        .setTimeout(NAVIGATION_TIMEOUT_MS));
  }

  /** Saves the page's DOM next to its screenshot, for the person who has to find out why a selector did not match. */
  public static void saveHtml(Page page, String name) {
    try {
      Files.writeString(SCREENSHOTS.resolve(name + ".html"), page.content());
    } catch (IOException | RuntimeException e) {
      // Best effort: this runs while a test is already failing.
    }
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
