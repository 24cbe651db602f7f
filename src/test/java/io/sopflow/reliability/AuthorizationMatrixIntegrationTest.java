package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.access.process.AccessProvisioningProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Who may do what, for one user of every group of DESIGN.md, for people in two groups at once (a reader of every
 * security incident who is also a process owner) and for anonymous callers: the {@code /api} endpoints and
 * the {@code /engine-rest} operations people use from Tasklist, Cockpit and Modeler. Expected answers: 2xx for those
 * allowed, 401 for anonymous, 403 for a forbidden operation, 404 (or an empty list) for a record the caller may not see.
 * (Default passwords outside the demo profile: {@code io.sopflow.platform.DefaultPasswordGuardTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationMatrixIntegrationTest extends ReliabilityIntegrationTestBase {

  /** One demo user per group of DESIGN.md, and anonymous (null). */
  static final Map<String, String> USERS = new LinkedHashMap<>();

  static {
    USERS.put("camunda-admin", "admin");
    USERS.put("service-desk", "desk");
    USERS.put("support-l2", "l2");
    USERS.put("support-l3", "l3");
    USERS.put("incident-managers", "incman");
    USERS.put("change-managers", "chgman");
    USERS.put("change-advisory-board", "cab1");
    USERS.put("security-officers", "secoff");
    USERS.put("release-managers", "relman");
    USERS.put("project-managers", "pm");
    USERS.put("finance", "fin");
    USERS.put("process-owners", "owner");
    USERS.put("managers", "manager");
    USERS.put("problem-managers", "probman");
    USERS.put("data-protection-officers", "dpo");
    USERS.put("anonymous", null);
  }

  static final Set<String> INCIDENT_READERS = Set.of("admin", "desk", "l2", "l3", "incman", "manager");
  static final Set<String> OVERSEERS = Set.of("admin", "manager");
  static final Set<String> DEPLOYERS = Set.of("admin", "owner");
  /** Who sees every process instance and its history in Cockpit. */
  static final Set<String> INSTANCE_READERS = Set.of("admin", "manager", "owner");

  @Autowired TaskService taskService;
  @Autowired IdentityService identityService;
  @Autowired RuntimeService runtimeService;

  static final Set<String> CHANGE_READERS = Set.of("chgman", "l2", "cab1", "manager", "admin");
  static final Set<String> CLOSURE_READERS = Set.of("pm", "manager", "fin", "admin");
  static final Set<String> CLOSURE_REQUESTERS = Set.of("pm", "admin");
  // An access request is seen by the people it concerns, its resource's owner group, security officers, managers
  // and admins.
  /** desk asked for support-l2 (owned by support-l2) for l3. */
  static final Set<String> ACCESS_REQUEST_READERS = Set.of("desk", "l3", "l2", "secoff", "manager", "admin");
  /** desk asked for change-advisory-board (owned by change-managers) for fin, who holds the conflicting finance. */
  static final Set<String> SOD_REQUEST_READERS = Set.of("desk", "fin", "chgman", "secoff", "manager", "admin");
  /** desk asked for support-l2 for cab2 (not in {@link #USERS}, so the grant changes nobody's answers). */
  static final Set<String> GRANT_READERS = Set.of("desk", "l2", "secoff", "manager", "admin");
  /** The owner group, security officers, managers (also cab2's line manager) and admins; not the requester. */
  static final Set<String> GRANT_REVOKERS = Set.of("l2", "secoff", "manager", "admin");
  static final Set<String> LEAVER_PROCESSORS = Set.of("desk", "manager", "admin");
  /** relman requested it, l2 implements its change. */
  static final Set<String> RELEASE_READERS = Set.of("relman", "l2", "manager", "admin");
  static final Set<String> RELEASE_REQUESTERS = Set.of("relman", "admin");
  /** The release managers' GO, with the whole checklist. */
  static final Map<String, Object> GO = Map.of("goDecision", "GO", "decisionReason", "matrix",
      "checkChangeApproved", true, "checkRollbackPlanReviewed", true, "checkStakeholdersInformed", true,
      "checkMonitoringReady", true);

  private String incident;
  private String change;
  private String closure;
  private String processInstanceId;
  private String triageTaskId;
  private String accessRequest;
  private String accessInstance;
  private String lineManagerTaskId;
  private String sodRequest;
  private String sodInstance;
  private String sodReviewTaskId;
  private String grant;
  private String grantInstance;
  private String approvedChange;
  private String release;
  private String releaseInstance;
  private String goNoGoTaskId;

  @BeforeAll
  void peopleInTwoGroups() {
    twoGroupPeople();
  }

  @BeforeAll
  void reportAnIncidentAsSomeoneOutsideTheIncidentGroups() {
    JsonNode created = client("fin").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Expense tool is slow", "description", "takes minutes", "impact", "LOW",
            "urgency", "MEDIUM", "category", "apps"))
        .retrieve().body(JsonNode.class);
    incident = created.path("number").asText();
    processInstanceId = created.path("processInstanceId").asText();
    Task triage = taskService.createTaskQuery().processInstanceId(processInstanceId).singleResult();
    triageTaskId = triage.getId();
    change = client("chgman").post().uri("/api/changes").contentType(MediaType.APPLICATION_JSON)
        .body(changeBody()).retrieve().body(JsonNode.class).path("number").asText();
    closure = client("pm").post().uri("/api/project-closures").contentType(MediaType.APPLICATION_JSON)
        .body(closureBody("MATRIX")).retrieve().body(JsonNode.class).path("key").asText();
  }

  @BeforeAll
  void requestAccessAndAReleaseThatOnlySomeMaySee() {
    JsonNode asked = created("desk", "/api/access-requests", accessBody("l3", "support-l2"));
    accessRequest = asked.path("key").asText();
    accessInstance = asked.path("processInstanceId").asText();
    lineManagerTaskId = openTask(accessInstance).getId();
    JsonNode conflicting = created("desk", "/api/access-requests", accessBody("fin", "change-advisory-board"));
    sodRequest = conflicting.path("key").asText();
    sodInstance = conflicting.path("processInstanceId").asText();
    sodReviewTaskId = openTask(sodInstance).getId();
    // An active grant: cab2's line manager and the owner group approve, a job provisions it.
    JsonNode granted = created("desk", "/api/access-requests", accessBody("cab2", "support-l2"));
    grant = granted.path("key").asText();
    grantInstance = granted.path("processInstanceId").asText();
    completeAs("manager", "managers", grantInstance, Map.of(AccessProvisioningProcess.MANAGER_DECISION, "APPROVE"));
    completeAs("l2", "support-l2", grantInstance, Map.of(AccessProvisioningProcess.OWNER_DECISION, "APPROVE"));
    await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(client("admin").get()
            .uri("/api/access-requests/" + grant).retrieve().body(JsonNode.class).path("status").asText())
        && runtimeService.createExecutionQuery().processInstanceId(grantInstance)
            .messageEventSubscriptionName(AccessProvisioningProcess.MESSAGE_REVOCATION_REQUESTED).count() == 1);

    approvedChange = created("chgman", "/api/changes", changeBody("STANDARD", "Renew certificate of the intranet"))
        .path("number").asText();
    JsonNode requested = created("relman", "/api/releases", releaseBody(approvedChange));
    release = requested.path("key").asText();
    releaseInstance = requested.path("processInstanceId").asText();
    goNoGoTaskId = openTask(releaseInstance).getId();
  }

  private static Map<String, Object> accessBody(String beneficiary, String resource) {
    return Map.of("beneficiary", beneficiary, "resource", resource, "justification", "authorization matrix");
  }

  /** A release to staging in a window a week ahead: it waits for the go/no-go decision, nothing fires. */
  private static Map<String, Object> releaseBody(String changeNumber) {
    return Map.of("name", "Intranet", "version", "1.0.0", "environment", "staging", "changeNumber", changeNumber,
        "windowStart", inDays(7), "windowEnd", inDays(8), "rollbackPlan", "redeploy 0.9.9");
  }

  private static Map<String, Object> changeBody() {
    return changeBody("NORMAL", "Upgrade VPN");
  }

  /** A NORMAL change waits for its review; a STANDARD one naming a template ("certificate-renewal") is approved. */
  private static Map<String, Object> changeBody(String type, String title) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("title", title, "description", "New firmware", "type",
        type, "affectedServices", List.of("vpn-" + System.nanoTime()), "implementationPlan", "flash", "backoutPlan",
        "Reflash the previous firmware", "testEvidence", "Tested in the lab on the spare unit", "plannedStart",
        inDays(7), "plannedEnd", inDays(8), "implementer", "l2"));
    if ("STANDARD".equals(type)) {
      body.put("template", "certificate-renewal");
    }
    return body;
  }

  private static String inDays(int days) {
    return OffsetDateTime.now().plusDays(days).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Map<String, Object> closureBody(String code) {
    return Map.of("projectCode", code, "name", "Matrix project", "projectManager", "pm", "sponsor", "manager",
        "clientContact", "cab2", "deliverables", List.of(Map.of("name", "Site", "acceptanceCriteria", "live")),
        "budget", 100000);
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> apiEndpoints() {
    return Stream.of(
        matrix("GET /api/incidents/{reporter's incident}", user -> status(get(user, "/api/incidents/" + incident)),
            user -> user == null ? 401 : INCIDENT_READERS.contains(user) || "fin".equals(user) ? 200 : 404),
        matrix("GET /api/incidents (list shows the incident?)", user -> listed(user, "/api/incidents?size=100", incident),
            user -> user == null ? 401 : INCIDENT_READERS.contains(user) || "fin".equals(user) ? 1 : 0),
        matrix("POST /api/incidents/{n}/comments", user -> status(post(user, "/api/incidents/" + incident + "/comments",
                Map.of("text", "any news?"))),
            user -> user == null ? 401 : INCIDENT_READERS.contains(user) || "fin".equals(user) ? 201 : 404),
        matrix("GET /api/audit?subject=", user -> status(get(user, "/api/audit?subject=" + incident)),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 200 : 403),
        matrix("GET /api/audit/verification", user -> status(get(user, "/api/audit/verification")),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 200 : 403),
        matrix("GET /api/notifications?reference=", user -> status(get(user, "/api/notifications?reference=" + incident)),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 200 : 403),
        matrix("GET /api/changes/{requested by chgman, implementer l2}", user -> status(get(user,
                "/api/changes/" + change)),
            user -> user == null ? 401 : CHANGE_READERS.contains(user) ? 200 : 404),
        matrix("GET /api/changes (list shows the change?)", user -> listed(user, "/api/changes?size=100", change),
            user -> user == null ? 401 : CHANGE_READERS.contains(user) ? 1 : 0),
        matrix("GET /api/project-closures/{pm's project, sponsor manager}", user -> status(get(user,
                "/api/project-closures/" + closure)),
            user -> user == null ? 401 : CLOSURE_READERS.contains(user) ? 200 : 404),
        matrix("PUT /api/project-closures/{pm's project}/client-contact", user -> status(put(user,
                "/api/project-closures/" + closure + "/client-contact",
                Map.of("clientContact", "cab3", "reason", "authorization matrix"))),
            user -> user == null ? 401 : "admin".equals(user) ? 200 : CLOSURE_READERS.contains(user) ? 403 : 404),
        matrix("POST /api/project-closures", user -> status(post(user, "/api/project-closures",
                closureBody("M" + (user == null ? "ANON" : user.toUpperCase())))),
            user -> user == null ? 401 : CLOSURE_REQUESTERS.contains(user) ? 201 : 403),
        matrix("POST /api/incidents (anyone signed in may report)", user -> status(post(user, "/api/incidents",
                Map.of("title", "Probe", "description", "authorization matrix", "impact", "LOW", "urgency", "LOW",
                    "category", "probe"))),
            user -> user == null ? 401 : 201));
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> accessEndpoints() {
    return Stream.of(
        matrix("GET /api/access-requests/{desk asked support-l2 for l3}", user -> status(get(user,
                "/api/access-requests/" + accessRequest)),
            user -> user == null ? 401 : ACCESS_REQUEST_READERS.contains(user) ? 200 : 404),
        matrix("GET /api/access-requests/{desk asked change-advisory-board for fin: SoD review}", user -> status(
                get(user, "/api/access-requests/" + sodRequest)),
            user -> user == null ? 401 : SOD_REQUEST_READERS.contains(user) ? 200 : 404),
        // For a new person each time: a second request for one right is refused (409).
        matrix("POST /api/access-requests (anyone signed in may ask)", user -> status(post(user,
                "/api/access-requests", accessBody(newPerson("asked"), "support-l2"))),
            user -> user == null ? 401 : 201),
        matrix("GET /api/access-grants (list shows cab2's grant?)", user -> listed(user, "/api/access-grants", grant),
            user -> user == null ? 401 : GRANT_READERS.contains(user) ? 1 : 0),
        matrix("GET /api/access-grants?user=cab2 (list shows the grant?)", user -> listed(user,
                "/api/access-grants?user=cab2", grant),
            user -> user == null ? 401 : GRANT_READERS.contains(user) ? 1 : 0),
        // Those who may revoke do: aSecurityOfficerRevokesTheGrantThatItsRequesterCouldNot.
        matrix("POST /api/access-grants/{id}/revoke", user -> status(post(user, "/api/access-grants/" + grant
                + "/revoke", Map.of("reason", "authorization matrix"))),
            user -> user == null ? Integer.valueOf(401) : GRANT_REVOKERS.contains(user) ? null
                : GRANT_READERS.contains(user) ? Integer.valueOf(403) : Integer.valueOf(404)),
        // cab3 holds no active grant, so a permitted call revokes nothing; it locks cab3's account, which the row
        // lifts again (the other rows sign in as cab3).
        matrix("POST /api/leavers", user -> {
              int status = status(post(user, "/api/leavers", Map.of("user", "cab3")));
              var identity = processEngine.getIdentityService();
              identity.setAuthentication("admin", List.of("camunda-admin"));
              try {
                identity.unlockUser("cab3");
              } finally {
                identity.clearAuthentication();
              }
              return status;
            },
            user -> user == null ? 401 : LEAVER_PROCESSORS.contains(user) ? 202 : 403),
        // Only an admin lifts a lock, so only an admin locks an admin (not probed for admin: it would lock them).
        matrix("POST /api/leavers {an admin}", user -> status(post(user, "/api/leavers", Map.of("user", "admin"))),
            user -> user == null ? Integer.valueOf(401) : "admin".equals(user) ? null : Integer.valueOf(403)),
        matrix("GET /api/access-resources (everyone reads the catalogue)", user -> status(get(user,
                "/api/access-resources")),
            user -> user == null ? 401 : 200),
        matrix("GET /api/access-resources/{key}", user -> status(get(user, "/api/access-resources/finance")),
            user -> user == null ? 401 : 200),
        matrix("POST /api/access-resources", user -> status(post(user, "/api/access-resources",
                resourceBody("matrix-probe", "support-l3", "P30D"))),
            user -> user == null ? 401 : "admin".equals(user) ? 201 : 403),
        // The seeded entry, unchanged: a permitted update changes nothing.
        matrix("PUT /api/access-resources/{key}", user -> status(put(user, "/api/access-resources/release-managers",
                resourceBody(null, "release-managers", "P180D"))),
            user -> user == null ? 401 : "admin".equals(user) ? 200 : 403));
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> accessRequestList() {
    return Stream.of(
        matrix("GET /api/access-requests (list shows desk's request for l3?)", user -> listed(user,
                "/api/access-requests?beneficiary=l3&resource=support-l2&size=100", accessRequest),
            user -> user == null ? 401 : ACCESS_REQUEST_READERS.contains(user) ? 1 : 0),
        matrix("GET /api/access-requests?status=SOD_REVIEW (list shows fin's SoD review?)", user -> listed(user,
                "/api/access-requests?status=SOD_REVIEW&beneficiary=fin&size=100", sodRequest),
            user -> user == null ? 401 : SOD_REQUEST_READERS.contains(user) ? 1 : 0),
        matrix("GET /api/access-requests?size=101 (above the page limit)", user -> status(get(user,
                "/api/access-requests?size=101")),
            user -> user == null ? 401 : 400));
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> releaseEndpoints() {
    return Stream.of(
        matrix("GET /api/releases/{relman's release, implementer l2}", user -> status(get(user,
                "/api/releases/" + release)),
            user -> user == null ? 401 : RELEASE_READERS.contains(user) ? 200 : 404),
        matrix("GET /api/releases (list shows the release?)", user -> listed(user, "/api/releases", release),
            user -> user == null ? 401 : RELEASE_READERS.contains(user) ? 1 : 0),
        matrix("POST /api/releases (approved change, implementer l2)", user -> status(post(user, "/api/releases",
                releaseBody(approvedChange))),
            user -> user == null ? 401 : RELEASE_REQUESTERS.contains(user) ? 201 : 403),
        // Refused before anything is said about the change: no 422 telling others it exists and is not approved.
        matrix("POST /api/releases (change still in review)", user -> status(post(user, "/api/releases",
                releaseBody(change))),
            user -> user == null ? 401 : RELEASE_REQUESTERS.contains(user) ? 422 : 403),
        matrix("POST /api/releases (no such change)", user -> status(post(user, "/api/releases",
                releaseBody("CHG-999999"))),
            user -> user == null ? 401 : RELEASE_REQUESTERS.contains(user) ? 422 : 403));
  }

  @TestFactory
  @Order(2)
  Stream<DynamicNode> engineRestOperations() {
    return Stream.of(
        matrix("GET /engine-rest/process-definition", user -> status(get(user, "/engine-rest/process-definition")),
            user -> user == null ? 401 : 200),
        matrix("GET /engine-rest/process-instance (sees the instance?)", user -> listed(user,
                "/engine-rest/process-instance?processInstanceIds=" + processInstanceId, processInstanceId),
            user -> user == null ? 401 : INSTANCE_READERS.contains(user) ? 1 : 0),
        matrix("GET /engine-rest/history/process-instance (sees it?)", user -> listed(user,
                "/engine-rest/history/process-instance?processInstanceId=" + processInstanceId, processInstanceId),
            user -> user == null ? 401 : INSTANCE_READERS.contains(user) ? 1 : 0),
        matrix("POST /engine-rest/deployment/create", this::deploy,
            user -> user == null ? 401 : DEPLOYERS.contains(user) ? 200 : 403));
  }

  /**
   * Tasklist's operations on each SOP's waiting task. Who sees it: its candidates, managers and process owners
   * (read-only), admins. Who claims and completes it: its candidates and admins (the tests at {@code @Order(3)} do it),
   * nobody else; who passes it on to someone else (claims it for them, assigns, delegates, adds a candidate) or edits
   * it: admins only, not its candidates either. Four-eyes and form rules come after this and have their own tests.
   */
  @TestFactory
  @Order(2)
  Stream<DynamicNode> taskOperations() {
    return Stream.of(
        taskRows("the triage task", processInstanceId, triageTaskId, Set.of("desk", "admin"),
            Map.of("resolverGroup", "support-l2")),
        taskRows("l3's access: line manager", accessInstance, lineManagerTaskId, Set.of("manager", "admin"),
            Map.of(AccessProvisioningProcess.MANAGER_DECISION, "APPROVE")),
        taskRows("fin's access: SoD review", sodInstance, sodReviewTaskId, Set.of("secoff", "admin"),
            Map.of(AccessProvisioningProcess.SOD_DECISION, "GRANT_EXCEPTION",
                AccessProvisioningProcess.SOD_COMMENT, "covering a vacancy")),
        taskRows("the release's go/no-go", releaseInstance, goNoGoTaskId, Set.of("relman", "admin"), GO))
        .flatMap(rows -> rows);
  }

  /**
   * Starting an SOP or correlating its messages past {@code /api} is for admins only (they are not probed). Everyone
   * may start the access SOP (its Tasklist start form), but only as the start form does: an instance brought with a
   * business key of its own and no record is refused (400 naming {@code businessKey}), and nothing starts.
   */
  @TestFactory
  @Order(2)
  Stream<DynamicNode> sopsArePassedOnlyThroughTheirApi() {
    return Stream.of(
        matrix("POST /engine-rest/process-definition/key/AccessProvisioningProcess/start", user -> status(post(user,
                "/engine-rest/process-definition/key/AccessProvisioningProcess/start", Map.of("businessKey", "ACC-X"))),
            user -> user == null ? Integer.valueOf(401) : "admin".equals(user) ? null : Integer.valueOf(400)),
        matrix("POST /engine-rest/process-definition/key/ReleaseDeploymentProcess/start", user -> status(post(user,
                "/engine-rest/process-definition/key/ReleaseDeploymentProcess/start", Map.of("businessKey", "REL-X"))),
            // Release managers may start it (Tasklist's start form), but never as a process without its release.
            user -> user == null ? Integer.valueOf(401) : "admin".equals(user) ? null
                : "relman".equals(user) ? Integer.valueOf(400) : Integer.valueOf(403)),
        matrix("POST /engine-rest/message (revoke cab2's grant past /api)", user -> status(post(user,
                "/engine-rest/message", Map.of("messageName", AccessProvisioningProcess.MESSAGE_REVOCATION_REQUESTED,
                    "businessKey", grant))),
            user -> user == null ? Integer.valueOf(401) : "admin".equals(user) ? null : Integer.valueOf(403)));
  }

  @Test
  @Order(3)
  void aCandidateClaimsAndCompletesTheTaskThatNobodyElseCould() {
    claimAndComplete("desk", triageTaskId, Map.of("resolverGroup", "support-l2"));
  }

  @Test
  @Order(3)
  void accessApproversClaimAndCompleteTheTasksThatNobodyElseCould() {
    claimAndComplete("manager", lineManagerTaskId, Map.of(AccessProvisioningProcess.MANAGER_DECISION, "APPROVE"));
    assertThat(get("desk", "/api/access-requests/" + accessRequest).getBody()).contains("\"OWNER_APPROVAL\"");
    claimAndComplete("secoff", sodReviewTaskId, Map.of(AccessProvisioningProcess.SOD_DECISION, "GRANT_EXCEPTION",
        AccessProvisioningProcess.SOD_COMMENT, "covering a vacancy"));
    assertThat(get("desk", "/api/access-requests/" + sodRequest).getBody()).contains("\"MANAGER_APPROVAL\"");
  }

  @Test
  @Order(3)
  void aReleaseManagerDecidesTheGoThatNobodyElseCould() {
    claimAndComplete("relman", goNoGoTaskId, GO);
    assertThat(get("l2", "/api/releases/" + release).getBody()).contains("\"SCHEDULED\"");
  }

  @Test
  @Order(3)
  void aSecurityOfficerRevokesTheGrantThatItsRequesterCouldNot() {
    assertThat(status(post("secoff", "/api/access-grants/" + grant + "/revoke", Map.of("reason", "matrix"))))
        .isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> get("desk", "/api/access-requests/" + grant).getBody()
        .contains("\"REVOKED\""));
  }

  @Test
  void passwordsAreStoredSaltedAndHashedNeverInPlain() {
    List<Map<String, Object>> users = jdbc().queryForList("select ID_, PWD_, SALT_ from ACT_ID_USER");
    assertThat(users).hasSizeGreaterThanOrEqualTo(14);
    assertThat(users).allSatisfy(user -> {
      assertThat((String) user.get("PWD_")).doesNotContain("demo").startsWith("{SHA-512}").hasSizeGreaterThan(60);
      assertThat((String) user.get("SALT_")).isNotBlank();
    });
    // Same password, different salts: different hashes.
    assertThat(users.stream().map(u -> u.get("PWD_")).distinct().count()).isEqualTo(users.size());
    assertThat(users.stream().map(u -> u.get("SALT_")).distinct().count()).isEqualTo(users.size());
  }

  @Test
  void webappsAreCsrfProtectedAndEveryDoorSendsSecurityHeaders() {
    ResponseEntity<String> page = anonymous().get().uri("/camunda/app/cockpit/default/").retrieve().toEntity(String.class);
    assertThat(page.getHeaders().get("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN="));
    assertThat(page.getHeaders().getFirst("X-Frame-Options")).isIn("SAMEORIGIN", "DENY");
    // A state-changing webapp call without the token is refused: SecurityIntegrationTest.webappsKeepTheirOwnCsrf...
    for (String path : List.of("/api/incidents/" + incident, "/engine-rest/process-definition")) {
      ResponseEntity<String> api = client("manager").get().uri(path).retrieve().toEntity(String.class);
      assertThat(api.getHeaders().getFirst("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      // Spring Security's "no-store" on /api; Camunda's REST sets its own "no-cache" (revalidate before any reuse).
      assertThat(api.getHeaders().getFirst("Cache-Control")).as(path).containsAnyOf("no-store", "no-cache");
      assertThat(api.getHeaders().getFirst("X-Frame-Options")).as(path).isNotBlank();
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** Who sees the task, claims it and completes it (with the form's {@code values}). */
  private Stream<DynamicNode> taskRows(String task, String instance, String taskId, Set<String> candidates,
      Map<String, Object> values) {
    Set<String> readers = new HashSet<>(candidates);
    readers.addAll(INSTANCE_READERS);
    return Stream.of(
        matrix("GET /engine-rest/task (sees " + task + "?)", user -> listed(user,
                "/engine-rest/task?processInstanceId=" + instance, taskId),
            user -> user == null ? 401 : readers.contains(user) ? 1 : 0),
        matrix("GET /engine-rest/task/{" + task + "}", user -> status(get(user, "/engine-rest/task/" + taskId)),
            user -> user == null ? 401 : readers.contains(user) ? 200 : 404),
        matrix("POST /engine-rest/task/{" + task + "}/claim", user -> status(post(user, "/engine-rest/task/" + taskId
                + "/claim", Map.of("userId", user == null ? "x" : user))),
            user -> user == null ? Integer.valueOf(401) : candidates.contains(user) ? null : Integer.valueOf(403)),
        matrix("POST /engine-rest/task/{" + task + "}/complete", user -> status(post(user, "/engine-rest/task/"
                + taskId + "/complete", Map.of("variables", typed(values)))),
            user -> user == null ? Integer.valueOf(401) : candidates.contains(user) ? null : Integer.valueOf(403)),
        // Passing the task on is for admins only, candidates included (platform/process/TaskAssignmentGuard).
        matrix("POST /engine-rest/task/{" + task + "}/claim (for cab3)", user -> status(post(user,
                "/engine-rest/task/" + taskId + "/claim", Map.of("userId", HAND_OVER_TO))), ADMINS_ONLY),
        matrix("POST /engine-rest/task/{" + task + "}/assignee (cab3)", user -> status(post(user,
                "/engine-rest/task/" + taskId + "/assignee", Map.of("userId", HAND_OVER_TO))), ADMINS_ONLY),
        matrix("POST /engine-rest/task/{" + task + "}/delegate (cab3)", user -> status(post(user,
                "/engine-rest/task/" + taskId + "/delegate", Map.of("userId", HAND_OVER_TO))), ADMINS_ONLY),
        matrix("POST /engine-rest/task/{" + task + "}/identity-links (candidate user cab3)", user -> status(post(user,
                "/engine-rest/task/" + taskId + "/identity-links", Map.of("userId", HAND_OVER_TO, "type",
                    "candidate"))), ADMINS_ONLY),
        matrix("POST /engine-rest/task/{" + task + "}/identity-links (candidate group service-desk)", user ->
                status(post(user, "/engine-rest/task/" + taskId + "/identity-links", Map.of("groupId",
                    "service-desk", "type", "candidate"))), ADMINS_ONLY),
        matrix("PUT /engine-rest/task/{" + task + "} (name, due date)", user -> status(put(user,
                "/engine-rest/task/" + taskId, Map.of("name", "Renamed", "due", "2099-01-01T00:00:00.000+0000"))),
            user -> user == null ? Integer.valueOf(401) : "admin".equals(user) ? null
                : readers.contains(user) ? Integer.valueOf(403) : Integer.valueOf(404)));
  }

  /** Someone no row acts as: a task passed on to them would show in nobody's answers. */
  static final String HAND_OVER_TO = "cab3";

  /** What only admins may do (not probed for them): 401 anonymous, 403 everyone else. */
  static final Function<String, Integer> ADMINS_ONLY = user -> user == null ? Integer.valueOf(401)
      : "admin".equals(user) ? null : Integer.valueOf(403);

  /** The candidate claims and completes the task through the engine REST API, as Tasklist does. */
  private void claimAndComplete(String user, String taskId, Map<String, Object> values) {
    assertThat(status(post(user, "/engine-rest/task/" + taskId + "/claim", Map.of("userId", user))))
        .isEqualTo(204);
    assertThat(status(post(user, "/engine-rest/task/" + taskId + "/complete", Map.of("variables", typed(values)))))
        .isEqualTo(204);
    assertThat(taskService.createTaskQuery().taskId(taskId).count()).isZero();
  }

  /** Form values as the engine REST API takes them. */
  private static Map<String, Object> typed(Map<String, Object> values) {
    Map<String, Object> variables = new LinkedHashMap<>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value, "type",
        value instanceof Boolean ? "Boolean" : "String")));
    return variables;
  }

  /** Completes the instance's open task as this person in one group, as Tasklist would. */
  private void completeAs(String user, String group, String instance, Map<String, Object> values) {
    identityService.setAuthentication(user, List.of(group));
    try {
      taskService.complete(openTask(instance).getId(), values);
    } finally {
      identityService.clearAuthentication();
    }
  }

  private Task openTask(String instance) {
    return taskService.createTaskQuery().processInstanceId(instance).singleResult();
  }

  private JsonNode created(String user, String path, Object body) {
    ResponseEntity<JsonNode> response = client(user).post().uri(path).contentType(MediaType.APPLICATION_JSON)
        .body(body).retrieve().toEntity(JsonNode.class);
    assertThat(response.getStatusCode().value()).as("POST %s as %s: %s", path, user, response.getBody())
        .isEqualTo(201);
    return response.getBody();
  }

  private static Map<String, Object> resourceBody(String key, String ownerGroup, String maxGrantDuration) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (key != null) {
      body.put("key", key);
    }
    body.put("name", key == null ? "Release manager membership" : "Matrix probe");
    body.put("ownerGroup", ownerGroup);
    body.put("riskLevel", "MEDIUM");
    body.put("maxGrantDuration", maxGrantDuration);
    body.put("connectorType", "identity-group");
    return body;
  }

  /**
   * One cell per user of {@link #USERS} and per person of {@link #TWO_GROUP_PEOPLE}. A person in two groups gets what
   * their groups' users get where that differs from what nobody gets (DESIGN.md: a member sees what their groups may
   * see), unless the row is {@link #personal}.
   */
  private DynamicContainer matrix(String operation, Function<String, Integer> actual,
      Function<String, Integer> expected) {
    List<DynamicNode> cells = new ArrayList<>();
    USERS.forEach((group, user) -> cell(cells, operation, actual, group, user, expected.apply(user)));
    TWO_GROUP_PEOPLE.forEach((person, groups) -> cell(cells, operation, actual, String.join("+", groups), person,
        expected instanceof Personal ? expected.apply(person)
            : ofGroups(expected.apply(person), groups.stream().map(g -> expected.apply(USERS.get(g))).toList())));
    return DynamicContainer.dynamicContainer(operation, cells);
  }

  private static void cell(List<DynamicNode> cells, String operation, Function<String, Integer> actual, String group,
      String user, Integer expectedAnswer) {
    if (expectedAnswer != null) {
      cells.add(dynamicTest(group + (user == null ? "" : " (" + user + ")") + " -> " + expectedAnswer, () ->
          assertThat(actual.apply(user)).as("%s as %s", operation, group).isEqualTo(expectedAnswer)));
    }
  }

  /**
   * What someone in several groups gets: what a group gives where it gives anything other than {@code nobody}'s answer
   * (the expectation asked for a user in no set of the row). Should two groups give different answers, the one that
   * allows most: null (allowed, not probed), then an allowed caller's answer, then 403, then 404 or 0.
   */
  private static Integer ofGroups(Integer nobody, List<Integer> answers) {
    List<Integer> given = answers.stream().filter(answer -> !Objects.equals(answer, nobody)).toList();
    if (given.isEmpty()) {
      return nobody;
    }
    if (given.contains(null)) {
      return null;
    }
    Function<Integer, Integer> rank = answer -> answer == 404 || answer == 0 ? 0 : answer == 403 ? 1 : 2;
    return given.stream().max(Comparator.comparing(rank)).orElseThrow();
  }

  /**
   * A row whose answers come from being a particular person (cab3's line manager), not from a group: a person of
   * {@link #TWO_GROUP_PEOPLE} is asked as themselves.
   */
  private static Function<String, Integer> personal(Function<String, Integer> expected) {
    return new Personal(expected);
  }

  private record Personal(Function<String, Integer> expected) implements Function<String, Integer> {
    @Override
    public Integer apply(String user) {
      return expected.apply(user);
    }
  }

  private RestClient client(String user) {
    return user == null ? anonymous() : as(user);
  }

  private ResponseEntity<String> get(String user, String path) {
    return client(user).get().uri(path).retrieve().toEntity(String.class);
  }

  private ResponseEntity<String> post(String user, String path, Object body) {
    return client(user).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(String.class);
  }

  private ResponseEntity<String> delete(String user, String path) {
    return client(user).delete().uri(path).retrieve().toEntity(String.class);
  }

  private ResponseEntity<String> put(String user, String path, Object body) {
    return client(user).put().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(String.class);
  }

  private static int status(ResponseEntity<?> response) {
    return response.getStatusCode().value();
  }

  /** 401/403 as they come; otherwise 1 if the list at {@code path} contains {@code id}, else 0. */
  private int listed(String user, String path, String id) {
    ResponseEntity<String> response = get(user, path);
    if (response.getStatusCode().value() != 200) {
      return response.getStatusCode().value();
    }
    return response.getBody() != null && response.getBody().contains("\"" + id + "\"") ? 1 : 0;
  }

  private int deploy(String user) {
    try {
      Path model = Files.createTempFile("matrix", ".bpmn");
      Files.writeString(model, """
          <?xml version="1.0" encoding="UTF-8"?>
          <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
              xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Matrix" targetNamespace="http://sopflow.io">
            <bpmn:process id="Process_MatrixProbe" isExecutable="true" camunda:historyTimeToLive="P1D">
              <bpmn:startEvent id="StartEvent_Probe"/>
            </bpmn:process>
          </bpmn:definitions>
          """);
      var body = new LinkedMultiValueMap<String, Object>();
      body.add("deployment-name", "matrix-" + user);
      body.add("data", new FileSystemResource(model));
      return status(client(user).post().uri("/engine-rest/deployment/create").contentType(MediaType.MULTIPART_FORM_DATA)
          .body(body).retrieve().toEntity(String.class));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------- backup verification

  /** Who may start an ad-hoc backup verification (DESIGN.md); the others get 403 before anything is said of sets. */
  static final Set<String> BACKUP_STARTERS = Set.of("l2", "l3", "admin");
  /** The support groups, managers and admins see every verification. */
  static final Set<String> BACKUP_READERS = Set.of("desk", "l2", "l3", "manager", "admin");
  /** A scheduled verification (no set is configured in this context, so it is stored as the scheduler would). */
  static final String BACKUP_KEY = "BKP-900001";
  /** A scheduled verification of a set finance owns: finance investigates its failures, so its members see it too. */
  static final String OWNED_BACKUP_KEY = "BKP-900002";

  @BeforeAll
  void aScheduledBackupVerification() {
    String insert = "insert into backup_verification (verification_key, backup_set, verification_trigger, requested_by,"
        + " scheduled_for, status, owner_group, started_at, mismatch_count, row_version) values (?, ?,"
        + " 'SCHEDULED', 'system', current_timestamp, 'PASSED', ?, current_timestamp, 0, 0)";
    jdbc().update(insert, BACKUP_KEY, "matrix-share", "support-l3");
    jdbc().update(insert, OWNED_BACKUP_KEY, "matrix-payroll", "finance");
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> backupVerificationEndpoints() {
    return Stream.of(
        matrix("POST /api/backup-verifications (no such set)", user -> status(post(user,
                "/api/backup-verifications", Map.of("backupSet", "matrix-no-such-set"))),
            user -> user == null ? 401 : BACKUP_STARTERS.contains(user) ? 400 : 403),
        matrix("GET /api/backup-verifications/{scheduled}", user -> status(get(user,
                "/api/backup-verifications/" + BACKUP_KEY)),
            user -> user == null ? 401 : BACKUP_READERS.contains(user) ? 200 : 404),
        matrix("GET /api/backup-verifications (list shows the scheduled one?)", user -> listed(user,
                "/api/backup-verifications?backupSet=matrix-share", BACKUP_KEY),
            user -> user == null ? 401 : BACKUP_READERS.contains(user) ? 1 : 0),
        matrix("GET /api/backup-verifications/{owned by finance}", user -> status(get(user,
                "/api/backup-verifications/" + OWNED_BACKUP_KEY)),
            user -> user == null ? 401 : BACKUP_READERS.contains(user) || "fin".equals(user) ? 200 : 404),
        matrix("GET /api/backup-verifications (list shows the one owned by finance?)", user -> listed(user,
                "/api/backup-verifications?backupSet=matrix-payroll", OWNED_BACKUP_KEY),
            user -> user == null ? 401 : BACKUP_READERS.contains(user) || "fin".equals(user) ? 1 : 0));
  }

  // ---------------------------------------------------------------------------------------------- problems

  /** Who may raise a problem (DESIGN.md). */
  static final Set<String> PROBLEM_RAISERS = Set.of("probman", "l2", "l3", "incman", "admin");
  /** Problem managers, the support groups, incident managers, managers and admins see every problem. */
  static final Set<String> PROBLEM_READERS = Set.of("probman", "desk", "l2", "l3", "incman", "manager", "admin");

  private String problem;

  @BeforeAll
  void aProblemRaisedByAProblemManager() {
    problem = client("probman").post().uri("/api/problems").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Matrix problem", "description", "who sees it", "configurationItem", "matrix-gw"))
        .retrieve().body(JsonNode.class).path("number").asText();
  }

  // ---------------------------------------------------------------------------------------------- delegations

  /** cab3 (not in {@link #USERS}) delegates to relman: seen by the delegate, cab3's line manager and admins. */
  static final Set<String> DELEGATION_READERS = Set.of("relman", "manager", "admin");
  /** Who may make cab3's delegation: cab3's line manager and admins (cab3 too, who is not in {@link #USERS}). */
  static final Set<String> DELEGATION_MAKERS = Set.of("manager", "admin");
  static final String DELEGATION_KEY = "DLG-900001";

  @BeforeAll
  void aScheduledDelegation() {
    java.sql.Timestamp from = java.sql.Timestamp.from(java.time.Instant.now().plus(java.time.Duration.ofDays(300)));
    java.sql.Timestamp until = java.sql.Timestamp.from(java.time.Instant.now().plus(java.time.Duration.ofDays(301)));
    jdbc().update("insert into delegation (delegation_key, delegator, delegate, delegator_manager, valid_from,"
        + " valid_until, status, created_by, created_at, row_version) values (?, 'cab3', 'relman', 'manager', ?, ?,"
        + " 'SCHEDULED', 'cab3', current_timestamp, 0)", DELEGATION_KEY, from, until);
  }

  // ---------------------------------------------------------------------------------------------- service requests

  /** fin asked for a laptop for fin: fulfilled and owned by the service desk; managers and admins oversee it. */
  static final Set<String> SERVICE_REQUEST_READERS = Set.of("fin", "desk", "manager", "admin");
  static final Set<String> CATALOGUE_EDITORS = Set.of("owner", "admin");

  private String serviceRequest;

  @BeforeAll
  void aServiceRequestForALaptop() {
    serviceRequest = created("fin", "/api/service-requests", Map.of("item", "laptop", "requestedFor", "fin",
        "justification", "matrix", "details", Map.of("model", "standard", "deliveryAddress", "Room 1")))
        .path("number").asText();
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> problemEndpoints() {
    return Stream.of(
        matrix("POST /api/problems (unknown incident)", user -> status(post(user, "/api/problems",
                Map.of("title", "Probe", "description", "probe", "incidentNumbers", List.of("INC-999999")))),
            user -> user == null ? 401 : PROBLEM_RAISERS.contains(user) ? 400 : 403),
        matrix("GET /api/problems/{number}", user -> status(get(user, "/api/problems/" + problem)),
            user -> user == null ? 401 : PROBLEM_READERS.contains(user) ? 200 : 404),
        matrix("GET /api/problems (list shows it?)", user -> listed(user,
                "/api/problems?configurationItem=matrix-gw", problem),
            user -> user == null ? 401 : PROBLEM_READERS.contains(user) ? 1 : 0));
  }

  // ---- issue 25: the API description and Swagger UI -------------------------------------------------------------

  @TestFactory
  @Order(1)
  Stream<DynamicNode> apiDescriptionAndMetrics() {
    return Stream.of(
        matrix("GET /v3/api-docs (OpenAPI description)", user -> status(get(user, "/v3/api-docs")),
            user -> user == null ? 401 : 200),
        matrix("GET /v3/api-docs/incident (one SOP's group)", user -> status(get(user, "/v3/api-docs/incident")),
            user -> user == null ? 401 : 200),
        matrix("GET /swagger-ui/index.html", user -> status(client(user).get().uri("/swagger-ui/index.html")
                .accept(MediaType.TEXT_HTML).retrieve().toEntity(String.class)),
            user -> user == null ? 401 : 200));
    // /actuator/prometheus (managers, admins, metrics-readers): SopMetricsIntegrationTest, whose context exports metrics
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> delegationEndpoints() {
    return Stream.of(
        matrix("POST /api/delegations for cab3 (to an unknown user)", user -> status(post(user, "/api/delegations",
                Map.of("delegator", "cab3", "delegate", "matrix-nobody", "until", inDays(302)))),
            personal(user -> user == null ? 401 : DELEGATION_MAKERS.contains(user) ? 400 : 403)),
        matrix("GET /api/delegations/{cab3's}", user -> status(get(user, "/api/delegations/" + DELEGATION_KEY)),
            user -> user == null ? 401 : DELEGATION_READERS.contains(user) ? 200 : 404),
        matrix("GET /api/delegations?user=cab3 (list shows it?)", user -> listed(user,
                "/api/delegations?user=cab3", DELEGATION_KEY),
            user -> user == null ? 401 : DELEGATION_READERS.contains(user) ? 1 : 0));
  }

  // ---- SLA reports (issue 18) ----------------------------------------------------------------------------------------

  /** Managers, incident managers and admins read SLA figures and start a month's report; everyone else gets 403. */
  static final Set<String> SLA_REPORT_READERS = Set.of("manager", "incman", "admin");

  @TestFactory
  @Order(1)
  Stream<DynamicNode> slaReportEndpoints() {
    return Stream.of(
        matrix("GET /api/reports/sla", user -> status(get(user,
                "/api/reports/sla?sop=incident&from=2026-01-01&to=2026-01-31&groupBy=priority")),
            user -> user == null ? 401 : SLA_REPORT_READERS.contains(user) ? 200 : 403),
        // A month that has not ended: refused after the caller's groups, so nothing is started by this row.
        matrix("POST /api/reports/sla/runs (a month not ended)", user -> status(post(user, "/api/reports/sla/runs",
                Map.of("month", "2999-01"))),
            user -> user == null ? 401 : SLA_REPORT_READERS.contains(user) ? 400 : 403),
        matrix("GET /api/reports/sla/runs/{no such run}", user -> status(get(user, "/api/reports/sla/runs/SLA-1999-01")),
            user -> user == null ? 401 : SLA_REPORT_READERS.contains(user) ? 404 : 403));
  }

  // ---------------------------------------------------------------------------------------------- security incidents

  /** l2 reported it: the reporter, the working groups (security and data protection officers), managers, admins. */
  static final Set<String> SECURITY_INCIDENT_READERS = Set.of("l2", "secoff", "dpo", "manager", "admin");
  static final Set<String> EVIDENCE_WRITERS = Set.of("secoff", "admin");
  private String securityIncident;
  private String securityIncidentInstance;

  @BeforeAll
  void aSecurityIncidentReportedBySupport() {
    JsonNode reported = client("l2").post().uri("/api/security-incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Matrix: credentials phished", "description", "entered the password on a fake page",
            "category", "PHISHING", "detectedAt", OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS)
                .toString()))
        .retrieve().body(JsonNode.class);
    securityIncident = reported.path("number").asText();
    securityIncidentInstance = reported.path("processInstanceId").asText();
  }

  /** A security incident with personal data, confirmed: its notification waits for the data protection officers. */
  private String personalDataIncident;
  private String notificationTaskId;

  @BeforeAll
  void aSecurityIncidentWithPersonalDataConfirmed() {
    JsonNode reported = created("desk", "/api/security-incidents", Map.of("title", "Matrix: payroll export lost",
        "description", "a USB stick", "category", "DATA_BREACH", "personalDataInvolved", true, "detectedAt",
        OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString()));
    personalDataIncident = reported.path("number").asText();
    String instance = reported.path("processInstanceId").asText();
    identityService.setAuthentication("secoff", List.of("security-officers"));
    try {
      taskService.complete(openTask(instance).getId(), Map.of("confirmed", "true", "category", "DATA_BREACH",
          "lockAccounts", "", "triageNotes", "matrix"));
    } finally {
      identityService.clearAuthentication();
    }
    notificationTaskId = taskService.createTaskQuery().processInstanceId(instance)
        .taskDefinitionKey("Task_NotifySupervisoryAuthority").singleResult().getId();
  }

  /**
   * The notification's outcome, the assessment that a breach is not notifiable included, is the data protection
   * officers' decision: nobody else completes it, not even an admin the task could reach (403 from the listener,
   * admins are not members by being admins); a dpo does below.
   */
  @TestFactory
  @Order(2)
  Stream<DynamicNode> onlyDataProtectionOfficersSettleTheNotification() {
    return Stream.of(matrix("POST /engine-rest/task/{notification}/complete (not notifiable)", user -> status(post(
            user, "/engine-rest/task/" + notificationTaskId + "/complete", Map.of("variables", typed(Map.of(
                "notificationOutcome", "NOT_NOTIFIABLE", "notNotifiableReason", "matrix: no risk"))))),
        user -> user == null ? Integer.valueOf(401) : "dpo".equals(user) ? null : Integer.valueOf(403)));
  }

  @Test
  @Order(3)
  void aDataProtectionOfficerAssessesTheBreachAsNotNotifiable() {
    claimAndComplete("dpo", notificationTaskId, Map.of("notificationOutcome", "NOT_NOTIFIABLE",
        "notNotifiableReason", "matrix: no risk"));
    assertThat(get("dpo", "/api/security-incidents/" + personalDataIncident).getBody())
        .contains("\"NOT_NOTIFIABLE\"");
  }

  /**
   * Security incidents are confidential: invisible to service desk and support unless they reported them (404, not in
   * lists), never in the incident list, the audit or notification listings of anyone but managers and admins, and in
   * Cockpit, Tasklist and {@code /engine-rest} only for their candidates, managers and admins (not process owners).
   */
  @TestFactory
  @Order(1)
  Stream<DynamicNode> securityIncidentEndpoints() {
    String sec = "/api/security-incidents/" + securityIncident;
    return Stream.of(
        matrix("GET /api/security-incidents/{l2's}", user -> status(get(user, sec)),
            user -> user == null ? 401 : SECURITY_INCIDENT_READERS.contains(user) ? 200 : 404),
        matrix("GET /api/security-incidents (lists l2's?)", user -> listed(user, "/api/security-incidents?size=100",
                securityIncident),
            user -> user == null ? 401 : SECURITY_INCIDENT_READERS.contains(user) ? 1 : 0),
        matrix("GET /api/security-incidents/{l2's}/evidence", user -> status(get(user, sec + "/evidence")),
            user -> user == null ? 401 : SECURITY_INCIDENT_READERS.contains(user) ? 200 : 404),
        matrix("POST /api/security-incidents/{l2's}/evidence", user -> status(post(user, sec + "/evidence",
                Map.of("note", "matrix evidence"))),
            user -> user == null ? 401 : EVIDENCE_WRITERS.contains(user) ? 201
                : SECURITY_INCIDENT_READERS.contains(user) ? 403 : 404),
        matrix("GET /api/incidents (lists the security incident?)", user -> listed(user, "/api/incidents?size=100",
                securityIncident),
            user -> user == null ? 401 : 0),
        matrix("GET /api/audit?subject={l2's}", user -> status(get(user, "/api/audit?subject=" + securityIncident)),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 200 : 403),
        matrix("GET /api/notifications?reference={l2's}", user -> status(get(user,
                "/api/notifications?reference=" + securityIncident)),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 200 : 403),
        // Process owners do not even list it (a per-instance REVOKE: platform/process/ConfidentialInstances); a
        // manager who is also a process owner does (the managers' GRANT on the instance beats the owners' REVOKE).
        matrix("GET /engine-rest/process-instance (sees the security incident?)", user -> listed(user,
                "/engine-rest/process-instance?businessKey=" + securityIncident, securityIncident),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 1 : 0),
        matrix("GET /engine-rest/variable-instance?processInstanceIdIn={l2's} (reads its reporter?)", user -> listed(
                user, "/engine-rest/variable-instance?processInstanceIdIn=" + securityIncidentInstance, "reporter"),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 1 : 0),
        matrix("GET /engine-rest/process-instance/{l2's}/variables", user -> status(get(user,
                "/engine-rest/process-instance/" + securityIncidentInstance + "/variables")),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 200 : 403),
        matrix("GET /engine-rest/history/variable-instance?processInstanceId={l2's} (reads its reporter?)",
            user -> listed(user, "/engine-rest/history/variable-instance?processInstanceId="
                + securityIncidentInstance, "reporter"),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 1 : 0),
        // The severity table's evaluations hold every security incident's inputs.
        matrix("GET /engine-rest/history/decision-instance?decisionDefinitionKey=SecuritySeverity (any?)",
            user -> counted(user, "/engine-rest/history/decision-instance/count?decisionDefinitionKey="
                + "SecuritySeverity"),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 1 : 0),
        matrix("DELETE /engine-rest/process-instance/{l2's}?skipCustomListeners=true", user -> status(client(user)
                .delete().uri("/engine-rest/process-instance/" + securityIncidentInstance + "?skipCustomListeners=true")
                .retrieve().toEntity(String.class)),
            user -> user == null ? Integer.valueOf(401) : "admin".equals(user) ? null : Integer.valueOf(403)),
        matrix("GET /engine-rest/history/process-instance (sees the security incident?)", user -> listed(user,
                "/engine-rest/history/process-instance?processInstanceBusinessKey=" + securityIncident,
                securityIncident),
            user -> user == null ? 401 : OVERSEERS.contains(user) ? 1 : 0),
        matrix("GET /engine-rest/task (sees its triage?)", user -> counted(user,
                "/engine-rest/task/count?processInstanceBusinessKey=" + securityIncident),
            user -> user == null ? 401 : Set.of("secoff", "manager", "admin").contains(user) ? 1 : 0));
  }

  /** 401/403 as they come; otherwise 1 if the count at {@code path} is not 0, else 0. */
  private int counted(String user, String path) {
    ResponseEntity<String> response = get(user, path);
    if (response.getStatusCode().value() != 200) {
      return response.getStatusCode().value();
    }
    return response.getBody().contains("\"count\":0") ? 0 : 1;
  }

  @TestFactory
  @Order(1)
  Stream<DynamicNode> serviceRequestEndpoints() {
    Map<String, Object> laptopAgain = new LinkedHashMap<>();
    laptopAgain.put("key", "laptop");
    laptopAgain.put("name", "Laptop");
    laptopAgain.put("approval", "MANAGER");
    laptopAgain.put("ownerGroup", "service-desk");
    laptopAgain.put("fulfilmentGroup", "service-desk");
    laptopAgain.put("fulfilmentTarget", "P5D");
    return Stream.of(
        matrix("GET /api/service-catalogue", user -> status(get(user, "/api/service-catalogue")),
            user -> user == null ? 401 : 200),
        matrix("POST /api/service-catalogue (an item that exists)", user -> status(post(user,
                "/api/service-catalogue", laptopAgain)),
            user -> user == null ? 401 : CATALOGUE_EDITORS.contains(user) ? 409 : 403),
        matrix("PUT /api/service-catalogue/{missing}", user -> status(put(user,
                "/api/service-catalogue/matrix-no-such-item", laptopAgain)),
            user -> user == null ? 401 : CATALOGUE_EDITORS.contains(user) ? 404 : 403),
        matrix("POST /api/service-requests (no such item)", user -> status(post(user, "/api/service-requests",
                Map.of("item", "matrix-no-such-item", "requestedFor", "desk", "justification", "matrix"))),
            user -> user == null ? 401 : 400),
        matrix("GET /api/service-requests/{laptop of fin}", user -> status(get(user,
                "/api/service-requests/" + serviceRequest)),
            user -> user == null ? 401 : SERVICE_REQUEST_READERS.contains(user) ? 200 : 404),
        matrix("GET /api/service-requests (list shows the laptop of fin?)", user -> listed(user,
                "/api/service-requests?item=laptop&size=100", serviceRequest),
            user -> user == null ? 401 : SERVICE_REQUEST_READERS.contains(user) ? 1 : 0));
  }

  // ---- what process owners may not do past /api: delete, suspend, migrate (IdentitySetup) ---------------------------

  /** A probe model (a task behind a one-hour timer): version 1 running, version 2 deployed. */
  private String probeDeployment;
  private String probeDefinition;
  private String probeNextDefinition;
  private String probeInstance;
  private String probeJobDefinition;
  private String probeJob;

  @BeforeAll
  void aProbeSopWithARunningInstanceAndAPendingRevision() {
    var repository = processEngine.getRepositoryService();
    var v1 = repository.createDeployment().name("matrix-destructive")
        .addModelInstance("Process_MatrixDestructive.bpmn", probeModel("Task_Work")).deploy();
    probeDeployment = v1.getId();
    probeDefinition = repository.createProcessDefinitionQuery().deploymentId(probeDeployment).singleResult().getId();
    probeInstance = runtimeService.startProcessInstanceById(probeDefinition, "MATRIX-DESTRUCTIVE").getId();
    var management = processEngine.getManagementService();
    probeJobDefinition = management.createJobDefinitionQuery().processDefinitionId(probeDefinition).singleResult()
        .getId();
    probeJob = management.createJobQuery().processInstanceId(probeInstance).singleResult().getId();
    var v2 = repository.createDeployment().name("matrix-destructive")
        .addModelInstance("Process_MatrixDestructive.bpmn", probeModel("Task_Work revised")).deploy();
    probeNextDefinition = repository.createProcessDefinitionQuery().deploymentId(v2.getId()).singleResult().getId();
  }

  private static org.camunda.bpm.model.bpmn.BpmnModelInstance probeModel(String taskName) {
    return org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess("Process_MatrixDestructive")
        .camundaHistoryTimeToLive(1).startEvent("StartEvent_Probe")
        .userTask("Task_Work").name(taskName).camundaCandidateGroups("service-desk")
        .boundaryEvent("Timer_Sla").timerWithDuration("PT1H").endEvent("EndEvent_Late")
        .moveToActivity("Task_Work").endEvent("EndEvent_Done").done();
  }

  /**
   * Destructive engine operations: nobody but admins (not probed: the rows would destroy the probe). Process owners
   * deploy, read and retry; they migrate only through {@code POST /api/sops/{key}/migrations}.
   */
  @TestFactory
  @Order(2)
  Stream<DynamicNode> destructiveEngineOperations() {
    Map<String, Object> plan = Map.of("sourceProcessDefinitionId", probeDefinition, "targetProcessDefinitionId",
        probeNextDefinition, "instructions", List.of(Map.of("sourceActivityIds", List.of("Task_Work"),
            "targetActivityIds", List.of("Task_Work"))));
    return Stream.of(
        matrix("DELETE /engine-rest/deployment/{id}?cascade=true", user -> status(delete(user,
            "/engine-rest/deployment/" + probeDeployment + "?cascade=true")), ADMINS_ONLY),
        matrix("DELETE /engine-rest/process-definition/{id}?cascade=true", user -> status(delete(user,
            "/engine-rest/process-definition/" + probeDefinition + "?cascade=true")), ADMINS_ONLY),
        matrix("DELETE /engine-rest/process-instance/{id}?skipCustomListeners=true", user -> status(delete(user,
            "/engine-rest/process-instance/" + probeInstance + "?skipCustomListeners=true")), ADMINS_ONLY),
        matrix("PUT /engine-rest/process-definition/{id}/suspended", user -> status(put(user,
            "/engine-rest/process-definition/" + probeDefinition + "/suspended",
            Map.of("suspended", true, "includeProcessInstances", true))), ADMINS_ONLY),
        matrix("PUT /engine-rest/process-instance/{id}/suspended", user -> status(put(user,
            "/engine-rest/process-instance/" + probeInstance + "/suspended", Map.of("suspended", true))), ADMINS_ONLY),
        matrix("PUT /engine-rest/job-definition/{SLA timer}/suspended (with its jobs)", user -> status(put(user,
            "/engine-rest/job-definition/" + probeJobDefinition + "/suspended",
            Map.of("suspended", true, "includeJobs", true))), ADMINS_ONLY),
        matrix("PUT /engine-rest/job-definition/{SLA timer}/suspended (new jobs only)", user -> status(put(user,
            "/engine-rest/job-definition/" + probeJobDefinition + "/suspended",
            Map.of("suspended", true, "includeJobs", false))), ADMINS_ONLY),
        matrix("POST /engine-rest/migration/execute (past /api)", user -> status(post(user,
            "/engine-rest/migration/execute", Map.of("migrationPlan", plan,
                "processInstanceIds", List.of(probeInstance), "skipCustomListeners", true))), ADMINS_ONLY),
        // Retrying failed jobs is the process owners' (and admins') repair in Cockpit.
        matrix("PUT /engine-rest/job/{SLA timer}/retries", user -> status(put(user,
                "/engine-rest/job/" + probeJob + "/retries", Map.of("retries", 3))),
            user -> user == null ? Integer.valueOf(401) : "admin".equals(user) ? null
                : "owner".equals(user) ? Integer.valueOf(204) : Integer.valueOf(403)),
        // One's own account: read it and keep one's profile up to date (Tasklist's profile page), never delete it
        // (Camunda's default for a new user would allow that; OwnAccountRights). Admins manage accounts.
        matrix("DELETE /engine-rest/user/{self}", user -> status(delete(user, "/engine-rest/user/" + user)),
            ADMINS_ONLY),
        matrix("PUT /engine-rest/user/{self}/profile (unchanged)", user -> status(put(user,
                "/engine-rest/user/" + user + "/profile", ownProfile(user))),
            user -> user == null ? 401 : 204),
        matrix("PUT /engine-rest/user/l3/profile (someone else's, unchanged)", user -> status(put(user,
                "/engine-rest/user/l3/profile", ownProfile("l3"))),
            // 404: the engine looks the user up with the caller's rights first, and nobody reads another's account
            user -> user == null ? 401 : "admin".equals(user) || "l3".equals(user) ? 204 : 404),
        matrix("DELETE /engine-rest/user/l3 (someone else's)", user -> status(delete(user, "/engine-rest/user/l3")),
            ADMINS_ONLY));
  }

  /** A user's profile as the engine holds it (for an unchanged update). */
  private Map<String, Object> ownProfile(String user) {
    if (user == null) {
      return Map.of("id", "nobody");
    }
    var profile = identityService.createUserQuery().userId(user).singleResult();
    return Map.of("id", profile.getId(), "firstName", profile.getFirstName(), "lastName", profile.getLastName(),
        "email", profile.getEmail());
  }

  @Test
  @Order(3)
  void theProbeSopIsIntactAfterTheDestructiveRows() {
    assertThat(processEngine.getRepositoryService().createDeploymentQuery().deploymentId(probeDeployment).count())
        .isEqualTo(1);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(probeInstance).active().singleResult()
        .getProcessDefinitionId()).isEqualTo(probeDefinition);
    assertThat(processEngine.getManagementService().createJobDefinitionQuery().jobDefinitionId(probeJobDefinition)
        .active().count()).isEqualTo(1);
    assertThat(processEngine.getManagementService().createJobQuery().jobId(probeJob).active().count()).isEqualTo(1);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(securityIncidentInstance).count())
        .isEqualTo(1);
    List<String> accounts = new ArrayList<>(TWO_GROUP_PEOPLE.keySet());
    USERS.values().stream().filter(u -> u != null).forEach(accounts::add);
    assertThat(identityService.createUserQuery().userIdIn(accounts.toArray(String[]::new)).count())
        .as("every account outlived the rows that tried to delete one").isEqualTo(accounts.size());
  }

  // ---- SOP migrations and periodic reviews (issue 22, part) ---------------------------------------------------------

  /** Process owners and admins migrate SOP instances; the confidential security incident SOP only admins. */
  static final Set<String> SOP_MIGRATORS = Set.of("owner", "admin");
  /** The review history: process owners, managers, admins, and the SOP's owner group (process-owners by default). */
  static final Set<String> SOP_REVIEW_READERS = Set.of("owner", "manager", "admin");

  @TestFactory
  @Order(1)
  Stream<DynamicNode> sopMigrationAndReviewEndpoints() {
    // Version 1 to itself: refused after the caller's groups (400), so no row migrates anything.
    Map<String, Object> sameVersion = Map.of("fromVersion", 1, "toVersion", 1, "dryRun", true);
    return Stream.of(
        matrix("POST /api/sops/{incident}/migrations (version 1 to itself)", user -> status(post(user,
                "/api/sops/IncidentEscalationProcess/migrations", sameVersion)),
            user -> user == null ? 401 : SOP_MIGRATORS.contains(user) ? 400 : 403),
        matrix("POST /api/sops/{security incident}/migrations (version 1 to itself)", user -> status(post(user,
                "/api/sops/SecurityIncidentProcess/migrations", sameVersion)),
            user -> user == null ? 401 : "admin".equals(user) ? 400 : 403),
        matrix("POST /api/sops/{no such SOP}/migrations", user -> status(post(user,
                "/api/sops/NoSuchProcess/migrations", sameVersion)),
            user -> user == null ? 401 : SOP_MIGRATORS.contains(user) ? 404 : 403),
        matrix("GET /api/sops/{incident}/reviews", user -> status(get(user,
                "/api/sops/IncidentEscalationProcess/reviews")),
            user -> user == null ? 401 : SOP_REVIEW_READERS.contains(user) ? 200 : 403),
        // An SOP most users may not start (no READ on its definition): still 403, not 404, for them.
        matrix("GET /api/sops/{project closure}/reviews", user -> status(get(user,
                "/api/sops/ProjectClosureProcess/reviews")),
            user -> user == null ? 401 : SOP_REVIEW_READERS.contains(user) ? 200 : 403),
        matrix("GET /api/sops/{no such SOP}/reviews", user -> status(get(user, "/api/sops/NoSuchProcess/reviews")),
            user -> user == null ? 401 : 404));
  }

  // ---- issue 22: the SOP catalogue and revision history (the SOPs' distribution: everyone signed in reads them;
  // revisions change only through deployments and their review) ---------------------------------------------------

  @TestFactory
  @Order(1)
  Stream<DynamicNode> sopCatalogueEndpoints() {
    return Stream.of(
        matrix("GET /api/sops", user -> status(get(user, "/api/sops")), user -> user == null ? 401 : 200),
        matrix("GET /api/sops/{key}", user -> status(get(user, "/api/sops/IncidentEscalationProcess")),
            user -> user == null ? 401 : 200),
        matrix("GET /api/sops/{key}/revisions", user -> status(get(user,
                "/api/sops/IncidentEscalationProcess/revisions")),
            user -> user == null ? 401 : 200),
        // How many security incidents run is known to those who see them all (a security incident runs here).
        matrix("GET /api/sops/{security incident} (shows how many run?)", user -> {
              ResponseEntity<JsonNode> answer = client(user).get().uri("/api/sops/SecurityIncidentProcess").retrieve()
                  .toEntity(JsonNode.class);
              return answer.getStatusCode().value() != 200 ? answer.getStatusCode().value()
                  : answer.getBody().path("openInstancesPerVersion").isEmpty() ? 0 : 1;
            },
            user -> user == null ? 401 : Set.of("secoff", "dpo", "manager", "admin").contains(user) ? 1 : 0),
        matrix("POST /api/sops (no writes: revisions go through deployments)", user -> status(post(user,
                "/api/sops", Map.of("key", "IncidentEscalationProcess"))),
            user -> user == null ? 401 : 405));
  }
}
