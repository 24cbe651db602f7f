package io.sopflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.sopflow.domain.ForbiddenException;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Releases end to end through {@code /api/releases}: real deploy and rollback commands (subprocesses), smoke checks
 * against a real local HTTP server, the job executor running timers and async steps, mails through GreenMail.
 */
class ReleaseIntegrationTest extends IntegrationTestBase {

  static final HttpServer SMOKE_SERVER = startSmokeServer();
  static final Path MARKERS = tempDir();

  @Autowired
  private JdbcTemplate jdbc;

  /** A STANDARD change from the catalogue is approved at once: the real change SOP, not a stand-in. */
  private String approvedChange() {
    return change("STANDARD", "Renew certificate of the web frontend", "APPROVED");
  }

  /** A NORMAL change waits for its review: not approved. */
  private String unapprovedChange() {
    return change("NORMAL", "Upgrade the web frontend", "IN_REVIEW");
  }

  private String change(String type, String title, String expectedStatus) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> request = new HashMap<>();
    request.put("title", title);
    request.put("description", "Release vehicle");
    request.put("type", type);
    // Change SOP (issue 17): a STANDARD change names its template; overlapping approved changes on one service need a
    // change manager's acknowledgement, so each release vehicle gets a service of its own.
    request.put("affectedServices", List.of("web-" + System.nanoTime()));
    request.put("template", "STANDARD".equals(type) ? "certificate-renewal" : null);
    request.put("implementationPlan", "Deploy with the release SOP");
    request.put("backoutPlan", "Roll back with the release SOP");
    request.put("testEvidence", "Passed in staging");
    request.put("plannedStart", start.toString());
    request.put("plannedEnd", start.plusHours(2).toString());
    request.put("implementer", "l2");
    JsonNode change = as("desk").post().uri("/api/changes").contentType(MediaType.APPLICATION_JSON).body(request)
        .retrieve().body(JsonNode.class);
    assertThat(change.get("status").asText()).isEqualTo(expectedStatus);
    return change.get("number").asText();
  }

  private String changeStatus(String changeNumber) {
    return as("admin").get().uri("/api/changes/" + changeNumber).retrieve().body(JsonNode.class).get("status").asText();
  }

  /** What the change record says about its releases. */
  private List<String> releaseNotes(String changeNumber) {
    JsonNode change = as("admin").get().uri("/api/changes/" + changeNumber).retrieve().body(JsonNode.class);
    return change.get("notes").findValues("text").stream().map(JsonNode::asText).toList();
  }

  @DynamicPropertySource
  static void environments(DynamicPropertyRegistry registry) {
    String smoke = "http://127.0.0.1:" + SMOKE_SERVER.getAddress().getPort();
    for (String env : List.of("healthy", "unhealthy")) {
      String prefix = "sopflow.release.environments." + env + ".";
      registry.add(prefix + "adapter", () -> "command");
      registry.add(prefix + "deploy-command[0]", () -> "sh");
      registry.add(prefix + "deploy-command[1]", () -> "-c");
      registry.add(prefix + "deploy-command[2]", () -> "echo \"deploying $0\"");
      registry.add(prefix + "rollback-command[0]", () -> "sh");
      registry.add(prefix + "rollback-command[1]", () -> "-c");
      registry.add(prefix + "rollback-command[2]", () -> "echo \"$0\" > " + MARKERS.resolve(env + "-rolled-back"));
      registry.add(prefix + "timeout", () -> "PT20S");
      registry.add(prefix + "smoke-checks[0].url", () -> smoke + (env.equals("healthy") ? "/ok" : "/broken"));
      registry.add(prefix + "smoke-checks[0].expected-status", () -> "200");
      registry.add(prefix + "smoke-checks[0].timeout", () -> "PT5S");
      registry.add(prefix + "smoke-checks[0].retries", () -> "1");
      registry.add(prefix + "smoke-checks[0].retry-delay", () -> "PT0.1S");
    }
    // Known, but nothing can deploy there: a release to it is refused.
    registry.add("sopflow.release.environments.dormant.adapter", () -> "none");
  }

  /** A second release manager, for the four-eyes GO of a production release (this context only). */
  private void secondReleaseManager() {
    var identity = processEngine.getIdentityService();
    if (identity.createUserQuery().userId("relman2").count() == 0) {
      var user = identity.newUser("relman2");
      user.setFirstName("Rita");
      user.setLastName("Release");
      user.setEmail("relman2@sopflow.local");
      user.setPassword(PASSWORD);
      identity.saveUser(user);
      identity.createMembership("relman2", "release-managers");
    }
  }

  // ---- the change ends before its release deploys ----------------------------------------------------------------

  @Test
  void aScheduledReleaseIsCancelledWhenItsChangeFailsAndItsWindowDeploysNothing() {
    secondReleaseManager();
    String change = approvedChange();
    String key = create(window(request("production", change, "8.0.0"), 2)).get("key").asText();
    Map<String, String> go = Map.of("goDecision", "GO", "decisionReason", "all checks done",
        "testReportReference", "https://ci.example/reports/8.0.0");
    assertThat(completeGoThroughEngineRest("relman2", awaitTask(key, "Task_DecideGoNoGo").getId(), go)
        .getStatusCode().value()).isEqualTo(204);
    assertThat(release(key).get("status").asText()).isEqualTo("SCHEDULED");

    // The change's planned start (tomorrow) comes: the implementer implements it by hand, it fails, and is backed out.
    startImplementation(change);
    completeTaskAs("l2", change, "Task_ImplementChange", Map.of("implementationOutcome", "FAILED",
        "implementationNotes", "the new certificate was rejected by the load balancer"));
    assertThat(changeStatus(change)).isEqualTo("FAILED");

    JsonNode cancelled = release(key);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("outcome").asText()).contains(change).contains("FAILED");
    assertThat(cancelled.get("closedAt").isNull()).isFalse();
    assertThat(keys(as("manager").get().uri("/api/releases?status=CANCELLED&size=100").retrieve()
        .body(JsonNode.class))).contains(key);
    List<JsonNode> audit = as("manager").get().uri("/api/audit?subject=" + key).retrieve().body(JsonNode.class)
        .findParents("action");
    assertThat(audit).anySatisfy(entry -> {
      assertThat(entry.get("action").asText()).isEqualTo("CANCELLED");
      assertThat(entry.get("actor").asText()).isEqualTo("system");
      assertThat(entry.get("details").asText()).contains(change).contains("FAILED");
    });
    assertThat(releaseNotes(change)).contains("Release " + key + ": CANCELLED");
    String instance = cancelled.get("processInstanceId").asText();
    assertThat(processEngine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(instance)
        .activityId("EndEvent_ReleaseCancelledChangeEnded").count()).as("Cockpit shows why it ended").isOne();
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance).count())
        .isZero();
    for (String person : List.of("relman", "relman2", "l2")) {
      assertThat(subjects(awaitMailAbout(person + "@sopflow.local", key, 1, Duration.ofSeconds(30))))
          .as(person).anyMatch(subject -> subject.contains(key + " cancelled"));
    }
    completeTaskAs("l2", change, "Task_BackOutChange", Map.of("backoutNotes", "previous certificate restored"));
    assertThat(changeStatus(change)).isEqualTo("BACKED_OUT");

    // Tomorrow the window opens: no timer of the release is left to fire, and nothing was deployed.
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(instance).count()).isZero();
    JsonNode after = release(key);
    assertThat(after.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(after.get("log")).as("no deploy command ran").isEmpty();
  }

  @Test
  void aSecondReleaseOfAChangeTheFirstImplementedIsCancelled() {
    String change = approvedChange();
    String first = create("healthy", change, "8.1.0").get("key").asText();
    String second = create(futureWindow(request("healthy", change, "8.1.1"))).get("key").asText();
    completeAs("relman", awaitTask(second, "Task_DecideGoNoGo"), goDecision());
    assertThat(release(second).get("status").asText()).isEqualTo("SCHEDULED");

    completeAs("relman", awaitGoDecisionEscalated(first), goDecision());
    completeAs("relman", awaitTask(first, "Task_VerifyRelease"),
        Map.of("productionVerificationResult", "PASSED", "productionVerificationNotes", "login page works"));

    awaitStatus(first, "DEPLOYED");
    assertThat(changeStatus(change)).isEqualTo("IMPLEMENTED");
    JsonNode cancelled = release(second);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("outcome").asText()).contains("IMPLEMENTED");
    assertThat(cancelled.get("log")).isEmpty();
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(second)
        .count()).isZero();
  }

  @Test
  void aReleaseThatStartedDeployingWhenItsChangeEndsFinishesAsItsDeploymentDoes() {
    String change = approvedChange();
    String key = create("healthy", change, "8.2.0").get("key").asText();
    completeAs("relman", awaitGoDecisionEscalated(key), goDecision());
    Task verify = awaitTask(key, "Task_VerifyRelease");

    startImplementation(change);
    completeTaskAs("l2", change, "Task_ImplementChange", Map.of("implementationOutcome", "FAILED",
        "implementationNotes", "done by hand meanwhile, and it failed"));

    assertThat(release(key).get("status").asText()).as("deployed already: not cancelled").isEqualTo("VERIFYING");
    assertThat(taskOf(key, "Task_VerifyRelease").getId()).isEqualTo(verify.getId());
    assertThat(release(key).get("log").findValues("action").stream().map(JsonNode::asText).toList())
        .contains("DEPLOY");
  }

  // ---- requesters: Tasklist's start form --------------------------------------------------------------------------

  @Test
  void aReleaseManagerRequestsAReleaseThroughTheStartFormOneRecordOneInstance() {
    String change = approvedChange();
    int before = releaseCount();

    ResponseEntity<JsonNode> started = submitStartForm("relman", futureWindow(request("healthy", change, "6.0.0")));

    assertThat(started.getStatusCode().value()).isEqualTo(200);
    String key = started.getBody().get("businessKey").asText();
    assertThat(key).matches("REL-\\d{6}");
    String instanceId = started.getBody().get("id").asText();
    JsonNode release = as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class);
    assertThat(release.get("processInstanceId").asText()).isEqualTo(instanceId);
    assertThat(release.get("requestedBy").asText()).isEqualTo("relman");
    assertThat(release.get("implementer").asText()).isEqualTo("l2");
    assertThat(release.get("version").asText()).isEqualTo("6.0.0");
    assertThat(release.get("changeNumber").asText()).isEqualTo(change);
    assertThat(release.get("status").asText()).isEqualTo("AWAITING_GO");
    assertThat(releaseCount()).isEqualTo(before + 1);
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(key).count())
        .isOne();
    assertThat(processEngine.getRuntimeService().getVariables(instanceId))
        .as("references only: the form's fields are in the record").doesNotContainKeys("name", "version",
            "rollbackPlan", "windowStart", "windowEnd", "environment").containsEntry("releaseKey", key);
    assertThat(awaitTask(key, "Task_DecideGoNoGo").getDueDate()).isNotNull();
    JsonNode audit = as("manager").get().uri("/api/audit?subject=" + key).retrieve().body(JsonNode.class);
    assertThat(audit.findParents("action")).anySatisfy(entry -> {
      assertThat(entry.get("action").asText()).isEqualTo("REQUESTED");
      assertThat(entry.get("actor").asText()).isEqualTo("relman");
    });
  }

  @Test
  void onlyReleaseManagersMayRequestOnTheApiAndInTasklist() {
    String change = approvedChange();
    int before = releaseCount();
    int instances = releaseInstances();

    for (String stranger : List.of("l2", "desk", "manager")) {
      ResponseEntity<JsonNode> form = submitStartForm(stranger, futureWindow(request("healthy", change, "6.1.0")));
      assertThat(form.getStatusCode().value()).as(stranger + " in Tasklist").isEqualTo(403);
      ResponseEntity<JsonNode> api = as(stranger).post().uri("/api/releases").contentType(MediaType.APPLICATION_JSON)
          .body(futureWindow(request("healthy", change, "6.1.0"))).retrieve().toEntity(JsonNode.class);
      assertThat(api.getStatusCode().value()).as(stranger + " on the API").isEqualTo(403);
    }

    assertThat(releaseCount()).isEqualTo(before);
    assertThat(releaseInstances()).isEqualTo(instances);
    // In the engine: CREATE_INSTANCE on the release process for release managers only (admins pass every check).
    List<String> starters = processEngine.getAuthorizationService().createAuthorizationQuery()
        .resourceType(org.camunda.bpm.engine.authorization.Resources.PROCESS_DEFINITION).list().stream()
        .filter(a -> List.of("ReleaseDeploymentProcess", "*").contains(a.getResourceId()))
        .filter(a -> a.isPermissionGranted(
            org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.CREATE_INSTANCE))
        .map(a -> a.getGroupId() != null ? a.getGroupId() : "user " + a.getUserId()).toList();
    assertThat(starters).containsExactlyInAnyOrder("release-managers", "camunda-admin");
  }

  @Test
  void aBadStartFormIsA400NamingTheFieldAndStoresNothing() {
    String change = approvedChange();
    int before = releaseCount();
    int instances = releaseInstances();

    Map<String, Object> badVersion = futureWindow(request("healthy", change, "1.0;touch /tmp/x"));
    Map<String, Object> badDate = futureWindow(request("healthy", change, "6.2.0"));
    badDate.put("windowStart", "next tuesday");
    Map<String, Object> noName = futureWindow(request("healthy", change, "6.2.0"));
    noName.put("name", " ");
    Map<String, Object> unknownEnvironment = futureWindow(request("moon", change, "6.2.0"));
    for (Map.Entry<String, Map<String, Object>> bad : Map.of("version", badVersion, "windowStart", badDate, "name",
        noName, "environment", unknownEnvironment).entrySet()) {
      ResponseEntity<JsonNode> refused = submitStartForm("relman", bad.getValue());
      assertThat(refused.getStatusCode().value()).as(bad.getKey()).isEqualTo(400);
      assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
      assertThat(refused.getBody().get("field").asText()).isEqualTo(bad.getKey());
    }

    assertThat(releaseCount()).isEqualTo(before);
    assertThat(releaseInstances()).isEqualTo(instances);
  }

  @Test
  void anEnvironmentWithoutDeploymentAdapterIsRefusedWith422AndStoresNothing() {
    String change = approvedChange();
    int before = releaseCount();
    int instances = releaseInstances();

    ResponseEntity<JsonNode> api = post(futureWindow(request("dormant", change, "6.3.0")));
    ResponseEntity<JsonNode> form = submitStartForm("relman", futureWindow(request("dormant", change, "6.3.0")));

    for (ResponseEntity<JsonNode> refused : List.of(api, form)) {
      assertThat(refused.getStatusCode().value()).isEqualTo(422);
      assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
      assertThat(refused.getBody().get("field").asText()).isEqualTo("environment");
    }
    assertThat(releaseCount()).isEqualTo(before);
    assertThat(releaseInstances()).isEqualTo(instances);
  }

  // ---- GO for production: four-eyes and evidence ---------------------------------------------------------------

  @Test
  void aProductionGoNeedsASecondReleaseManagerAndATestReportAndRecordsBoth() {
    secondReleaseManager();
    String key = create(futureWindow(request("production", approvedChange(), "7.0.0"))).get("key").asText();
    Task goNoGo = awaitTask(key, "Task_DecideGoNoGo");
    assertThat(processEngine.getTaskService().getVariableLocal(goNoGo.getId(), "goRequirements").toString())
        .contains("other than relman");
    Map<String, String> go = new HashMap<>(Map.of("goDecision", "GO", "decisionReason", "all checks done",
        "testReportReference", "https://ci.example/reports/7.0.0", "evidenceNotes", "dashboards green"));

    ResponseEntity<JsonNode> ownGo = completeGoThroughEngineRest("relman", goNoGo.getId(), go);
    assertThat(ownGo.getStatusCode().value()).as("four-eyes").isEqualTo(403);
    assertThat(ownGo.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(ownGo.getBody().get("detail").asText()).contains("four-eyes");

    Map<String, String> noEvidence = new HashMap<>(go);
    noEvidence.remove("testReportReference");
    ResponseEntity<JsonNode> unproven = completeGoThroughEngineRest("relman2", goNoGo.getId(), noEvidence);
    assertThat(unproven.getStatusCode().value()).isEqualTo(400);
    assertThat(unproven.getBody().get("field").asText()).isEqualTo("testReportReference");
    assertThat(as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class).get("status").asText())
        .isEqualTo("AWAITING_GO");

    ResponseEntity<JsonNode> done = completeGoThroughEngineRest("relman2", goNoGo.getId(), go);
    assertThat(done.getStatusCode().value()).isEqualTo(204);
    JsonNode release = as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class);
    assertThat(release.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(release.get("decidedBy").asText()).isEqualTo("relman2");
    assertThat(release.get("testReportReference").asText()).isEqualTo("https://ci.example/reports/7.0.0");
    assertThat(release.get("evidenceNotes").asText()).isEqualTo("dashboards green");
    assertThat(release.get("fourEyes").asBoolean()).isTrue();
    JsonNode audit = as("manager").get().uri("/api/audit?subject=" + key).retrieve().body(JsonNode.class);
    List<String> goDetails = new java.util.ArrayList<>();
    audit.findParents("action").stream().filter(e -> "GO".equals(e.get("action").asText()))
        .forEach(e -> goDetails.add(e.path("actor").asText() + " " + e.path("details").asText()));
    assertThat(goDetails).singleElement().asString().contains("relman2").contains("four-eyes")
        .contains("https://ci.example/reports/7.0.0").contains("dashboards green");
  }

  @Test
  void aReleaseOfAnApprovedChangeIsDeployedAfterGoSmokeCheckAndVerification() {
    String change = approvedChange();
    JsonNode created = create("healthy", change, "2.0.1");
    String key = created.get("key").asText();
    assertThat(key).matches("REL-\\d{6}");
    assertThat(created.get("status").asText()).isEqualTo("AWAITING_GO");
    assertThat(created.get("implementer").asText()).isEqualTo("l2");

    // The window is already open: the go/no-go decision is due at once, so it is escalated (recorded and mailed to
    // release managers and managers) and nothing is decided until a release manager decides.
    Task goNoGo = awaitGoDecisionEscalated(key);
    assertThat(goNoGo.getDueDate()).as("due no later than the window start").isNotNull()
        .isBeforeOrEqualTo(new java.util.Date());
    assertThat(subjects(awaitMailAbout("manager@sopflow.local", key, 1, Duration.ofSeconds(30))))
        .anyMatch(s -> s.contains("Overdue: go/no-go decision on " + key));
    assertThat(as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class).get("status").asText())
        .isEqualTo("AWAITING_GO");
    List<String> actions = as("manager").get().uri("/api/audit?subject=" + key).retrieve().body(JsonNode.class)
        .findValues("action").stream().map(JsonNode::asText).toList();
    assertThat(actions).contains("GO_DECISION_OVERDUE").doesNotContain("GO", "NO_GO");
    completeAs("relman", goNoGo, goDecision());
    completeAs("relman", awaitTask(key, "Task_VerifyRelease"),
        Map.of("productionVerificationResult", "PASSED", "productionVerificationNotes", "checked the login page"));

    JsonNode release = awaitStatus(key, "DEPLOYED");
    assertThat(release.get("verifiedBy").asText()).isEqualTo("relman");
    assertThat(release.get("closedAt").isNull()).isFalse();
    JsonNode log = release.get("log");
    assertThat(log).hasSize(2);
    assertThat(log.get(0).get("action").asText()).isEqualTo("DEPLOY");
    assertThat(log.get(0).get("adapter").asText()).isEqualTo("command");
    assertThat(log.get(0).get("exitCode").asInt()).isZero();
    assertThat(log.get(0).get("output").asText()).contains("deploying 2.0.1");
    assertThat(log.get(1).get("action").asText()).isEqualTo("SMOKE_CHECK");
    assertThat(log.get(1).get("httpStatus").asInt()).isEqualTo(200);
    // The change waited for its planned start (tomorrow): it follows its release at once, through its process.
    assertThat(releaseNotes(change)).anyMatch(note -> note.startsWith("Release " + key
        + " DEPLOYED: change implemented before its planned window"));
    assertThat(changeStatus(change)).isEqualTo("IMPLEMENTED");
    assertThat(Files.exists(MARKERS.resolve("healthy-rolled-back"))).isFalse();

    assertThat(subjects(awaitMailAbout("l2@sopflow.local", key, 1, Duration.ofSeconds(30)))).anyMatch(s -> s.contains(key + " deployed"));
    assertThat(subjects(awaitMailAbout("relman@sopflow.local", key, 1, Duration.ofSeconds(30)))).anyMatch(s -> s.contains(key));

    // Visible to the implementer, release managers and managers; anyone else gets 404 and an empty list.
    assertThat(as("l2").get().uri("/api/releases/" + key).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(200);
    assertThat(as("desk").get().uri("/api/releases/" + key).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);
    assertThat(keys(as("desk").get().uri("/api/releases").retrieve().body(JsonNode.class))).doesNotContain(key);
    assertThat(keys(as("l2").get().uri("/api/releases").retrieve().body(JsonNode.class))).contains(key);
    assertThat(keys(as("manager").get().uri("/api/releases?status=DEPLOYED&environment=healthy").retrieve()
        .body(JsonNode.class))).contains(key);
    assertThat(keys(as("manager").get().uri("/api/releases?status=ROLLED_BACK").retrieve().body(JsonNode.class)))
        .doesNotContain(key);
  }

  @Test
  void aFailingSmokeCheckRollsTheReleaseBackThroughTheRollbackCommand() throws IOException {
    String change = approvedChange();
    String key = create("unhealthy", change, "3.1.4").get("key").asText();

    completeAs("relman", awaitGoDecisionEscalated(key), goDecision());

    JsonNode release = awaitStatus(key, "ROLLED_BACK");
    assertThat(Files.readString(MARKERS.resolve("unhealthy-rolled-back")).strip()).isEqualTo("3.1.4");
    assertThat(release.get("failureReason").asText()).contains("Smoke test failed");
    List<String> steps = release.get("log").findValues("action").stream().map(JsonNode::asText).toList();
    assertThat(steps).containsExactly("DEPLOY", "SMOKE_CHECK", "SMOKE_CHECK", "ROLLBACK");
    assertThat(release.get("log").get(1).get("httpStatus").asInt()).isEqualTo(500);
    assertThat(release.get("log").get(3).get("result").asText()).isEqualTo("SUCCEEDED");
    assertThat(releaseNotes(change)).anyMatch(note -> note.startsWith("Release " + key
        + " ROLLED_BACK: change failed before its planned window"));
    assertThat(changeStatus(change)).isEqualTo("FAILED");
    assertThat(subjects(awaitMailAbout("l2@sopflow.local", key, 1, Duration.ofSeconds(30))))
        .anyMatch(s -> s.contains(key + " rolled back"));
  }

  @Test
  void refusesAReleaseForAChangeThatIsNotApprovedAndStoresNothing() {
    int before = releaseCount();

    ResponseEntity<JsonNode> response = post(request("healthy", unapprovedChange(), "1.0.0"));

    assertThat(response.getStatusCode().value()).isEqualTo(422);
    assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(response.getBody().get("field").asText()).isEqualTo("changeNumber");
    assertThat(releaseCount()).isEqualTo(before);
  }

  @Test
  void refusesAnUnknownEnvironmentABackwardsWindowAndAnUnsafeVersion() {
    int before = releaseCount();

    String change = approvedChange();
    assertRefused(request("moon", change, "1.0.0"), "environment");
    Map<String, Object> backwards = request("healthy", change, "1.0.0");
    backwards.put("windowEnd", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString());
    assertRefused(backwards, "windowEnd");
    assertRefused(request("healthy", change, "1.0;touch /tmp/x"), "version");

    assertThat(releaseCount()).isEqualTo(before);
  }


  @Test
  void aTaskCompletionWithoutAnAuthenticatedUserIsRefusedAndDecidesNothing() {
    String key = create(futureWindow(request("healthy", approvedChange(), "4.0.0"))).get("key").asText();
    Task goNoGo = awaitTask(key, "Task_DecideGoNoGo");

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
        () -> processEngine.getTaskService().complete(goNoGo.getId(), goDecision()));

    assertThat(causes(refused)).anyMatch(ForbiddenException.class::isInstance);
    assertThat(processEngine.getTaskService().createTaskQuery().taskId(goNoGo.getId()).count()).isEqualTo(1);
    assertThat(as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class).get("status").asText())
        .isEqualTo("AWAITING_GO");
  }

  @Test
  void aRescheduleWithAnUnreadableWindowThroughEngineRestIsA400NamingTheFieldAndChangesNothing() {
    String key = create(futureWindow(request("healthy", approvedChange(), "4.1.0"))).get("key").asText();
    Task goNoGo = awaitTask(key, "Task_DecideGoNoGo");
    assertThat(goNoGo.getDueDate()).as("every task has a due date").isNotNull();
    completeAs("relman", goNoGo, goDecision());
    // The window closes before it opened (its timer run now rather than in a week): the release waits for a new one.
    Job windowClosed = processEngine.getManagementService().createJobQuery().processInstanceId(goNoGo
        .getProcessInstanceId()).activityId("BoundaryEvent_WindowClosed").singleResult();
    processEngine.getManagementService().executeJob(windowClosed.getId());
    Task reschedule = awaitTask(key, "Task_RescheduleRelease");
    assertThat(reschedule.getDueDate()).as("every task has a due date").isNotNull();
    String start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).truncatedTo(ChronoUnit.SECONDS).toString();
    String end = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).plusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();

    for (String unreadable : List.of("not-a-date", start + "\u0000")) {
      ResponseEntity<JsonNode> refused = completeThroughEngineRest("relman", reschedule.getId(),
          Map.of("rescheduleDecision", "RESCHEDULE", "windowStart", unreadable, "windowEnd", end));
      assertThat(refused.getStatusCode().value()).as(unreadable).isEqualTo(400);
      assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
      assertThat(refused.getBody().get("field").asText()).isEqualTo("windowStart");
    }
    ResponseEntity<JsonNode> backwards = completeThroughEngineRest("relman", reschedule.getId(),
        Map.of("rescheduleDecision", "RESCHEDULE", "windowStart", end, "windowEnd", start));
    assertThat(backwards.getStatusCode().value()).isEqualTo(400);
    assertThat(backwards.getBody().get("field").asText()).isEqualTo("windowEnd");
    assertThat(as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class).get("status").asText())
        .isEqualTo("WINDOW_MISSED");

    ResponseEntity<JsonNode> done = completeThroughEngineRest("relman", reschedule.getId(),
        Map.of("rescheduleDecision", "RESCHEDULE", "windowStart", start, "windowEnd", end));
    assertThat(done.getStatusCode().value()).isEqualTo(204);
    JsonNode release = as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class);
    assertThat(release.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(OffsetDateTime.parse(release.get("windowStart").asText()).toInstant())
        .isEqualTo(OffsetDateTime.parse(start).toInstant());
  }

  @Test
  void aReleaseWhoseChangeEndedCannotBeRescheduledOnlyCancelled() {
    String change = approvedChange();
    String key = create(futureWindow(request("healthy", change, "4.2.0"))).get("key").asText();
    Task goNoGo = awaitTask(key, "Task_DecideGoNoGo");
    completeAs("relman", goNoGo, goDecision());
    Job windowClosed = processEngine.getManagementService().createJobQuery()
        .processInstanceId(goNoGo.getProcessInstanceId()).activityId("BoundaryEvent_WindowClosed").singleResult();
    processEngine.getManagementService().executeJob(windowClosed.getId());
    Task reschedule = awaitTask(key, "Task_RescheduleRelease");
    // A change that ended while its release waited for a new window, before SOPFlow cancelled such releases.
    jdbc.update("update change_request set status = 'FAILED' where change_number = ?", change);
    String start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).truncatedTo(ChronoUnit.SECONDS).toString();
    String end = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).plusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();

    ResponseEntity<JsonNode> refused = completeThroughEngineRest("relman", reschedule.getId(),
        Map.of("rescheduleDecision", "RESCHEDULE", "windowStart", start, "windowEnd", end));

    assertThat(refused.getStatusCode().value()).isEqualTo(422);
    assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(refused.getBody().get("field").asText()).isEqualTo("changeNumber");
    assertThat(release(key).get("status").asText()).isEqualTo("WINDOW_MISSED");
    assertThat(taskOf(key, "Task_RescheduleRelease").getId()).isEqualTo(reschedule.getId());
    ResponseEntity<JsonNode> cancelled = completeThroughEngineRest("relman", reschedule.getId(),
        Map.of("rescheduleDecision", "CANCEL", "rescheduleReason", "the change failed"));
    assertThat(cancelled.getStatusCode().value()).isEqualTo(204);
    assertThat(release(key).get("status").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void theListIsPagedFilteredAndShowsOnlyWhatTheCallerMaySee() {
    String change = approvedChange();
    String first = create(futureWindow(request("healthy", change, "5.0.0"))).get("key").asText();
    String second = create(futureWindow(request("healthy", change, "5.0.1"))).get("key").asText();

    JsonNode page = as("relman").get().uri("/api/releases?status=AWAITING_GO&environment=healthy&size=1")
        .retrieve().body(JsonNode.class);
    assertThat(page.get("content")).hasSize(1);
    assertThat(page.get("size").asInt()).isEqualTo(1);
    assertThat(page.get("totalElements").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(page.get("totalPages").asInt()).isEqualTo(page.get("totalElements").asInt());
    assertThat(keys(page)).containsExactly(second); // newest first
    assertThat(keys(as("relman").get().uri("/api/releases?status=AWAITING_GO&environment=healthy&size=1&page=1")
        .retrieve().body(JsonNode.class))).containsExactly(first);
    assertThat(keys(as("manager").get().uri("/api/releases?environment=unhealthy&size=100").retrieve()
        .body(JsonNode.class))).doesNotContain(first, second);
    assertThat(keys(as("l2").get().uri("/api/releases?size=100").retrieve().body(JsonNode.class)))
        .contains(first, second);
    JsonNode stranger = as("desk").get().uri("/api/releases").retrieve().body(JsonNode.class);
    assertThat(stranger.get("totalElements").asInt()).isZero();

    ResponseEntity<JsonNode> tooBig = as("relman").get().uri("/api/releases?size=101").retrieve()
        .toEntity(JsonNode.class);
    assertThat(tooBig.getStatusCode().value()).isEqualTo(400);
    assertThat(tooBig.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(tooBig.getBody().get("field").asText()).isEqualTo("size");
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private JsonNode release(String key) {
    return as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class);
  }

  /** The change's planned start comes (its timer run now): "Implement change" waits for its implementer. */
  private void startImplementation(String change) {
    String instance = as("admin").get().uri("/api/changes/" + change).retrieve().body(JsonNode.class)
        .get("processInstanceId").asText();
    Job plannedStart = processEngine.getManagementService().createJobQuery().processInstanceId(instance)
        .activityId("IntermediateEvent_PlannedStartReached").singleResult();
    processEngine.getManagementService().executeJob(plannedStart.getId());
    assertThat(taskOf(change, "Task_ImplementChange")).isNotNull();
  }

  /** A window that opens {@code days} days from now and lasts two hours. */
  private static Map<String, Object> window(Map<String, Object> body, int days) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(days).truncatedTo(ChronoUnit.SECONDS);
    body.put("windowStart", start.toString());
    body.put("windowEnd", start.plusHours(2).toString());
    return body;
  }

  private Map<String, Object> request(String environment, String change, String version) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Billing service");
    body.put("version", version);
    body.put("environment", environment);
    body.put("changeNumber", change);
    body.put("windowStart", now.minusMinutes(1).toString());
    body.put("windowEnd", now.plusHours(1).toString());
    body.put("rollbackPlan", "Redeploy the previous version");
    return body;
  }

  private ResponseEntity<JsonNode> post(Map<String, Object> body) {
    return as("relman").post().uri("/api/releases").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class);
  }

  /** A window a week ahead: the release waits for its go/no-go decision and no timer fires during the test. */
  private static Map<String, Object> futureWindow(Map<String, Object> body) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).truncatedTo(ChronoUnit.SECONDS);
    body.put("windowStart", start.toString());
    body.put("windowEnd", start.plusHours(2).toString());
    return body;
  }

  private JsonNode create(String environment, String change, String version) {
    return create(request(environment, change, version));
  }

  private JsonNode create(Map<String, Object> body) {
    ResponseEntity<JsonNode> response = post(body);
    assertThat(response.getStatusCode().value()).isEqualTo(201);
    String key = response.getBody().get("key").asText();
    assertThat(response.getHeaders().getLocation()).hasToString("/api/releases/" + key);
    assertThat(response.getBody().get("processInstanceId").asText()).isNotBlank();
    return response.getBody();
  }

  private void assertRefused(Map<String, Object> body, String field) {
    ResponseEntity<JsonNode> response = post(body);
    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getBody().get("field").asText()).isEqualTo(field);
  }

  private int releaseCount() {
    return as("admin").get().uri("/api/releases").retrieve().body(JsonNode.class).get("totalElements").asInt();
  }

  /**
   * The go/no-go task of a release whose window is already open: due at once, so its reminder and escalation timers
   * fire right away; waits until both ran (a completion racing them would be refused by optimistic locking).
   */
  private Task awaitGoDecisionEscalated(String key) {
    Task task = awaitTask(key, "Task_DecideGoNoGo");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> processEngine
        .getManagementService().createJobQuery().processInstanceId(task.getProcessInstanceId())
        .activityId("BoundaryEvent_GoDecisionOverdue").count() == 0 && processEngine.getManagementService()
        .createJobQuery().processInstanceId(task.getProcessInstanceId()).activityId("BoundaryEvent_GoDecisionReminder")
        .count() == 0);
    return task;
  }

  /** Tasklist's "Start process" as the engine REST API takes it: the start form's fields as String variables. */
  private ResponseEntity<JsonNode> submitStartForm(String user, Map<String, Object> fields) {
    Map<String, Object> variables = new HashMap<>();
    fields.forEach((name, value) -> variables.put(name, Map.of("value", value, "type", "String")));
    return as(user).post().uri("/engine-rest/process-definition/key/ReleaseDeploymentProcess/submit-form")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", variables)).retrieve()
        .toEntity(JsonNode.class);
  }

  private int releaseInstances() {
    return (int) processEngine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey("ReleaseDeploymentProcess").count();
  }

  /** A GO through the engine REST API: the checklist as booleans, the rest as strings. */
  private ResponseEntity<JsonNode> completeGoThroughEngineRest(String user, String taskId, Map<String, String> values) {
    Map<String, Object> variables = new HashMap<>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value, "type", "String")));
    for (String check : List.of("checkChangeApproved", "checkRollbackPlanReviewed", "checkStakeholdersInformed",
        "checkMonitoringReady")) {
      variables.put(check, Map.of("value", true, "type", "Boolean"));
    }
    return as(user).post().uri("/engine-rest/task/{id}/complete", taskId).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", variables)).retrieve().toEntity(JsonNode.class);
  }

  private ResponseEntity<JsonNode> completeThroughEngineRest(String user, String taskId, Map<String, String> values) {
    Map<String, Object> variables = new HashMap<>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value, "type", "String")));
    return as(user).post().uri("/engine-rest/task/{id}/complete", taskId).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", variables)).retrieve().toEntity(JsonNode.class);
  }

  private static List<Throwable> causes(Throwable thrown) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private Task awaitTask(String key, String taskKey) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
        () -> processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(key)
            .taskDefinitionKey(taskKey).singleResult(), task -> task != null);
  }

  private void completeAs(String user, Task task, Map<String, Object> variables) {
    processEngine.getIdentityService().setAuthentication(user, List.of("release-managers"));
    try {
      processEngine.getTaskService().complete(task.getId(), variables);
    } finally {
      processEngine.getIdentityService().clearAuthentication();
    }
  }

  private JsonNode awaitStatus(String key, String status) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(
        () -> as("relman").get().uri("/api/releases/" + key).retrieve().body(JsonNode.class),
        release -> status.equals(release.get("status").asText()));
  }

  private static Map<String, Object> goDecision() {
    return Map.of("goDecision", "GO", "decisionReason", "all checks done", "checkChangeApproved", true,
        "checkRollbackPlanReviewed", true, "checkStakeholdersInformed", true, "checkMonitoringReady", true);
  }

  private static List<String> keys(JsonNode list) {
    return list.findValues("key").stream().map(JsonNode::asText).toList();
  }

  private static List<String> subjects(List<MimeMessage> mails) {
    return mails.stream().map(m -> {
      try {
        return m.getSubject();
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static HttpServer startSmokeServer() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/ok", exchange -> {
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      server.createContext("/broken", exchange -> {
        exchange.sendResponseHeaders(500, -1);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("sopflow-release-it");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
