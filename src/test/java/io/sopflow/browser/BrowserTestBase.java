package io.sopflow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.microsoft.playwright.options.WaitUntilState;
import io.sopflow.support.Browser;
import io.sopflow.support.IntegrationTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * People at work in Camunda's webapps, in Debian's Chromium, against SOPFlow on a random port. All browser test
 * classes share this configuration, hence one Spring context. Each test opens fresh browser sessions (one per person),
 * saves a screenshot of every step under {@code target/screenshots/<test>-<step>.png}, and on failure a screenshot, the
 * DOM and the browser's own complaints of every page it had open.
 */
abstract class BrowserTestBase extends IntegrationTestBase {

  private static Browser browser;

  private final List<Page> pages = new ArrayList<>();
  private int step;

  @RegisterExtension
  final AfterTestExecutionCallback evidenceOfFailure = context -> context.getExecutionException().ifPresent(e -> {
    for (int i = 0; i < pages.size(); i++) {
      Page page = pages.get(i);
      String name = "FAILED-" + context.getRequiredTestMethod().getName() + "-page" + (i + 1);
      try {
        Browser.screenshot(page, name);
      } catch (RuntimeException ignored) {
        // The page may be gone; the DOM and the problems may still tell.
      }
      Browser.saveHtml(page, name);
      System.err.println(name + " at " + page.url() + ", browser problems: " + Browser.problems(page));
    }
  });

  /** One Chromium for all browser test classes of the run (starting Playwright and Chromium takes seconds). */
  @RegisterExtension
  static final BeforeAllCallback launchBrowser = context -> browser = context.getRoot()
      .getStore(ExtensionContext.Namespace.GLOBAL)
      .getOrComputeIfAbsent(SharedBrowser.class, key -> new SharedBrowser(Browser.launch()), SharedBrowser.class)
      .browser();

  /** Closed by JUnit when the whole run is over. */
  private record SharedBrowser(Browser browser) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      browser.close();
    }
  }

  @AfterEach
  void closePages() {
    for (Page page : pages) {
      page.context().close();
    }
    pages.clear();
  }

  // ---- webapps ---------------------------------------------------------------------------------------------------

  /** {@code /camunda/app/<app>/<engine>/} plus the given route, e.g. {@code #/processes}. */
  protected String webapp(String app, String route) {
    return "http://127.0.0.1:" + port + "/camunda/app/" + app + "/" + processEngine.getName() + "/" + route;
  }

  /**
   * A person opens a webapp in a new browser window and signs in on Camunda's login form. Screenshot of the filled form
   * (the password is masked) as step {@code login}.
   */
  protected Page logIn(String app, String user, String test) {
    Page page = browser.newPage();
    pages.add(page);
    // Do not wait for "load": on a busy machine the scripts take long; the login form is what counts.
    page.navigate(webapp(app, ""), new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
    Locator username = page.locator("input[ng-model='username']");
    try {
      username.waitFor(new Locator.WaitForOptions().setTimeout(Browser.NAVIGATION_TIMEOUT_MS / 2));
    } catch (TimeoutError e) {
      // On a starved machine the webapp's module loader may give up ("Load timeout for modules") and leave a blank
      // page; a person would reload it, and so does the test (once).
      System.err.println("Reloading " + app + " for " + user + " after " + Browser.problems(page));
      page.reload(new Page.ReloadOptions().setWaitUntil(WaitUntilState.COMMIT));
      username.waitFor(new Locator.WaitForOptions().setTimeout(Browser.NAVIGATION_TIMEOUT_MS));
    }
    Locator password = page.locator("input[ng-model='password']");
    // The form's autofocus may still pull the cursor back to the user name while the page settles: fill until both
    // fields hold what was typed.
    for (int attempt = 1; attempt <= 5; attempt++) {
      username.fill(user);
      password.fill(PASSWORD);
      if (user.equals(username.inputValue()) && PASSWORD.equals(password.inputValue())) {
        break;
      }
      page.waitForTimeout(500);
    }
    assertThat(username).hasValue(user);
    assertThat(password).hasValue(PASSWORD);
    shot(page, test, user + "-login");
    page.locator("form button[type='submit']").click();
    username.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED)
        .setTimeout(Browser.NAVIGATION_TIMEOUT_MS));
    // The header names the person once the app has taken the login in.
    page.locator("li.account").waitFor(new Locator.WaitForOptions().setTimeout(Browser.NAVIGATION_TIMEOUT_MS));
    return page;
  }

  /**
   * Goes to a route of the app the page is in (only the hash changes, the session stays) and waits for what that page
   * shows. Once more if the app was still busy sending the person to its start page after the login.
   */
  protected void open(Page page, String app, String route, Locator shown) {
    page.navigate(webapp(app, route), new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
    try {
      shown.first().waitFor(new Locator.WaitForOptions().setTimeout(Browser.ACTION_TIMEOUT_MS / 2));
      return;
    } catch (TimeoutError e) {
      if (!page.url().endsWith(route)) {
        page.navigate(webapp(app, route), new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
      }
    }
    shown.first().waitFor(new Locator.WaitForOptions().setTimeout(Browser.ACTION_TIMEOUT_MS));
  }

  /** {@code target/screenshots/<test>-NN-<what>.png}, numbered in the order the steps happen. */
  protected void shot(Page page, String test, String what) {
    step++;
    Browser.screenshot(page, String.format("%s-%02d-%s", test, step, what));
  }

  // ---- Tasklist ---------------------------------------------------------------------------------------------------

  /**
   * Clicks a filter in Tasklist's left column and waits until its task list has loaded: the address names the filter,
   * and the list shows its tasks or says there are none. Only then does the absence of a task mean something.
   */
  protected void chooseFilter(Page page, String filterName) {
    Filter seeded = processEngine.getFilterService().createFilterQuery().filterName(filterName).singleResult();
    assertThat(seeded).as("Tasklist filter '%s' seeded by SOPFlow", filterName).isNotNull();
    Locator filter = page.locator(".task-filter:has(h4.name[uib-tooltip=\"" + filterName + "\"])");
    // A tooltip of the filter hovered last may cover this one: move the pointer away first, as a person would.
    page.mouse().move(1, page.viewportSize().height - 1);
    assertThat(page.locator(".tooltip")).hasCount(0);
    filter.click();
    assertThat(filter).hasClass(Pattern.compile("\\bactive\\b"));
    assertThat(page).hasURL(Pattern.compile("filter=" + seeded.getId()));
    page.locator("section.tasks-list .loader").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    assertThat(page.locator("section.tasks-list ol.tasks-list, section.tasks-list .well:has-text('No task matching')")
        .first()).isVisible();
  }

  /** The entry of one task in Tasklist's list (entries link to {@code #/?task=<id>}). */
  protected Locator taskInList(Page page, Task task) {
    return page.locator("section.tasks-list li.task").filter(new Locator.FilterOptions()
        .setHas(page.locator("a[href$='task=" + task.getId() + "']")));
  }

  /** Opens a task from the list and waits for its Camunda Form. */
  protected Locator openTask(Page page, Task task) {
    Locator entry = taskInList(page, task);
    assertThat(entry).isVisible();
    assertThat(entry.locator("h4.task")).hasText(task.getName());
    entry.locator("h4.task a").click();
    assertThat(page.locator("section.task-card h2.task")).containsText(task.getName());
    Locator form = page.locator("[cam-tasklist-form-camunda] form.fjs-form");
    form.waitFor();
    return form;
  }

  /** Claims the open task (a group task's form stays disabled until someone claims it). */
  protected void claim(Page page) {
    page.locator("button.claim").click();
    assertThat(completeButton(page)).isEnabled();
  }

  protected Locator completeButton(Page page) {
    return page.locator(".form-actions button.btn-primary");
  }

  /**
   * The form-js field bound to a process variable: form ids are {@code Field_<variable>} (STYLE.md), and form-js makes
   * them the suffix of the input's id.
   */
  protected Locator formField(Locator form, String variable) {
    return form.locator(".fjs-form-field").filter(new Locator.FilterOptions()
        .setHas(form.page().locator("[id$='-Field_" + variable + "'], [id*='-Field_" + variable + "-']")));
  }

  /** Asserts a read-only field shows a record's value under the label people read. */
  protected void assertShows(Locator form, String variable, String label, String value) {
    Locator field = formField(form, variable);
    assertThat(field.locator("label.fjs-form-field-label").first()).hasText(label);
    assertThat(field.locator("input, textarea").first()).hasValue(value);
    assertThat(field.locator("input, textarea").first()).not().isEditable();
  }

  /** Picks an option of a form-js select (a custom drop-down, not a native select). */
  protected void choose(Locator form, String variable, String label, String option) {
    Locator field = formField(form, variable);
    assertThat(field.locator("label.fjs-form-field-label").first()).hasText(fieldLabel(label));
    field.locator(".fjs-select-display").click();
    field.locator(".fjs-dropdownlist-item").filter(new Locator.FilterOptions().setHasText(exactly(option))).click();
    assertThat(field.locator(".fjs-select-display")).hasText(option);
  }

  /** A field's label as form-js shows it: the text, and an asterisk when the field is required. */
  protected static Pattern fieldLabel(String label) {
    return Pattern.compile("^" + escaped(label) + "\\*?$");
  }

  /** The text with the regular-expression characters escaped (Playwright runs patterns as JavaScript). */
  private static String escaped(String text) {
    return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
  }

  /** A pattern matching exactly this text (Playwright runs patterns as JavaScript: no Pattern.quote). */
  protected static Pattern exactly(String text) {
    return Pattern.compile("^\\s*" + escaped(text) + "\\s*$");
  }

  /** Checks one option of a form-js radio group. */
  protected void pick(Locator form, String variable, String label, String option) {
    Locator field = formField(form, variable);
    assertThat(field.locator("label.fjs-form-field-label").first()).hasText(fieldLabel(label));
    field.getByLabel(option, new Locator.GetByLabelOptions().setExact(true)).check();
  }

  protected void type(Locator form, String variable, String label, String text) {
    Locator field = formField(form, variable);
    assertThat(field.locator("label.fjs-form-field-label").first()).hasText(fieldLabel(label));
    field.locator("input, textarea").first().fill(text);
  }

  /**
   * Lets the form catch up with what was typed: form-js (Preact) applies some state changes in effects that run after
   * the next frame, and a date-time field merges its date and its time through such an effect, so a time typed before
   * the date's effect ran replaces the date. Two rounds of "next frame, then the task queue" run those effects and the
   * renders they cause. An event-loop barrier in the page, not a wait for a length of time.
   */
  protected void settle(Page page) {
    page.evaluate("() => new Promise(done => { const round = n => n === 0 ? done()"
        + " : requestAnimationFrame(() => setTimeout(() => round(n - 1))); round(2); })");
  }

  /**
   * What each field of a form-js form holds and the errors it shows, e.g. for a failure message that says why Tasklist
   * keeps a button disabled.
   */
  protected static String formState(Locator form) {
    return String.valueOf(form.evaluate("form => [...form.querySelectorAll('.fjs-form-field')].map(field => {"
        + " const values = [...field.querySelectorAll('input, textarea, .fjs-select-display')]"
        + "   .map(input => input.value !== undefined ? input.value : input.textContent.trim());"
        + " const errors = [...field.querySelectorAll('.fjs-form-field-error')].map(error => error.textContent.trim());"
        + " const label = field.querySelector('label');"
        + " return (label ? label.textContent.trim() : field.className) + ' = ' + JSON.stringify(values)"
        + "   + (errors.length ? ' ERRORS ' + JSON.stringify(errors) : ''); }).join('; ')"));
  }

  /** Completes the open task and waits until Tasklist has taken it off the list. */
  protected void complete(Page page, Task task) {
    completeButton(page).click();
    assertThat(taskInList(page, task)).hasCount(0);
  }

  // ---- engine and API ---------------------------------------------------------------------------------------------

  protected List<Task> tasks(String businessKey, String taskDefinitionKey) {
    return processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(businessKey)
        .taskDefinitionKey(taskDefinitionKey).list();
  }

  protected Task task(String businessKey, String taskDefinitionKey) {
    List<Task> tasks = tasks(businessKey, taskDefinitionKey);
    assertThat(tasks).as("%s tasks of %s", taskDefinitionKey, businessKey).hasSize(1);
    return tasks.get(0);
  }

  protected JsonNode post(String user, String uri, Object body) {
    ResponseEntity<JsonNode> response = as(user).post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body)
        .retrieve().toEntity(JsonNode.class);
    assertThat(response.getStatusCode()).as("POST %s as %s: %s", uri, user, response.getBody())
        .isEqualTo(HttpStatus.CREATED);
    return response.getBody();
  }

  protected JsonNode get(String user, String uri) {
    ResponseEntity<JsonNode> response = as(user).get().uri(uri).retrieve().toEntity(JsonNode.class);
    assertThat(response.getStatusCode()).as("GET %s as %s: %s", uri, user, response.getBody()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
