package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
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
 * Who may do what, for one user of every group of DESIGN.md and for anonymous callers: the {@code /api} endpoints and
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
    USERS.put("anonymous", null);
  }

  static final Set<String> INCIDENT_READERS = Set.of("admin", "desk", "l2", "l3", "incman", "manager");
  static final Set<String> OVERSEERS = Set.of("admin", "manager");
  static final Set<String> DEPLOYERS = Set.of("admin", "owner");
  /** Who sees every process instance and its history in Cockpit. */
  static final Set<String> INSTANCE_READERS = Set.of("admin", "manager", "owner");

  @Autowired TaskService taskService;

  static final Set<String> CHANGE_READERS = Set.of("chgman", "l2", "cab1", "manager", "admin");
  static final Set<String> CLOSURE_READERS = Set.of("pm", "manager", "fin", "admin");
  static final Set<String> CLOSURE_REQUESTERS = Set.of("pm", "manager", "admin");

  private String incident;
  private String change;
  private String closure;
  private String processInstanceId;
  private String triageTaskId;

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

  private static Map<String, Object> changeBody() {
    String in7 = java.time.OffsetDateTime.now().plusDays(7).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    String in8 = java.time.OffsetDateTime.now().plusDays(8).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    return Map.of("title", "Upgrade VPN", "description", "New firmware", "type", "NORMAL", "affectedServices",
        List.of("vpn"), "implementationPlan", "flash", "backoutPlan", "reflash", "testEvidence", "lab",
        "plannedStart", in7, "plannedEnd", in8, "implementer", "l2");
  }

  private static Map<String, Object> closureBody(String code) {
    return Map.of("projectCode", code, "name", "Matrix project", "projectManager", "pm", "sponsor", "manager",
        "deliverables", List.of(Map.of("name", "Site", "acceptanceCriteria", "live")), "budget", 100000,
        "actualCost", 95000);
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
        matrix("POST /api/project-closures", user -> status(post(user, "/api/project-closures",
                closureBody("M" + (user == null ? "ANON" : user.toUpperCase())))),
            user -> user == null ? 401 : CLOSURE_REQUESTERS.contains(user) ? 201 : 403),
        matrix("POST /api/incidents (anyone signed in may report)", user -> status(post(user, "/api/incidents",
                Map.of("title", "Probe", "description", "authorization matrix", "impact", "LOW", "urgency", "LOW",
                    "category", "probe"))),
            user -> user == null ? 401 : 201));
  }

  @TestFactory
  @Order(2)
  Stream<DynamicNode> engineRestOperations() {
    return Stream.of(
        matrix("GET /engine-rest/process-definition", user -> status(get(user, "/engine-rest/process-definition")),
            user -> user == null ? 401 : 200),
        matrix("GET /engine-rest/task (sees the triage task?)", user -> listed(user,
                "/engine-rest/task?processInstanceId=" + processInstanceId, triageTaskId),
            user -> user == null ? 401 : Set.of("admin", "desk", "manager", "owner").contains(user) ? 1 : 0),
        matrix("GET /engine-rest/task/{id}", user -> status(get(user, "/engine-rest/task/" + triageTaskId)),
            user -> user == null ? 401 : Set.of("admin", "desk", "manager", "owner").contains(user) ? 200 : 404),
        matrix("GET /engine-rest/process-instance (sees the instance?)", user -> listed(user,
                "/engine-rest/process-instance?processInstanceIds=" + processInstanceId, processInstanceId),
            user -> user == null ? 401 : INSTANCE_READERS.contains(user) ? 1 : 0),
        matrix("GET /engine-rest/history/process-instance (sees it?)", user -> listed(user,
                "/engine-rest/history/process-instance?processInstanceId=" + processInstanceId, processInstanceId),
            user -> user == null ? 401 : INSTANCE_READERS.contains(user) ? 1 : 0),
        // The candidates (desk) and admins may; see aCandidateClaimsAndCompletesTheTaskThatNobodyElseCould.
        matrix("POST /engine-rest/task/{id}/claim", user -> status(post(user, "/engine-rest/task/" + triageTaskId
                + "/claim", Map.of("userId", user == null ? "x" : user))),
            user -> user == null ? Integer.valueOf(401) : Set.of("desk", "admin").contains(user) ? null : Integer.valueOf(403)),
        matrix("POST /engine-rest/task/{id}/complete", user -> status(post(user, "/engine-rest/task/" + triageTaskId
                + "/complete", Map.of("variables", Map.of("resolverGroup", Map.of("value", "support-l2", "type",
                "String"))))),
            user -> user == null ? Integer.valueOf(401) : Set.of("desk", "admin").contains(user) ? null : Integer.valueOf(403)),
        matrix("POST /engine-rest/deployment/create", this::deploy,
            user -> user == null ? 401 : DEPLOYERS.contains(user) ? 200 : 403));
  }

  @Test
  @Order(3)
  void aCandidateClaimsAndCompletesTheTaskThatNobodyElseCould() {
    assertThat(status(post("desk", "/engine-rest/task/" + triageTaskId + "/claim", Map.of("userId", "desk"))))
        .isEqualTo(204);
    assertThat(status(post("desk", "/engine-rest/task/" + triageTaskId + "/complete", Map.of("variables", Map.of(
        "resolverGroup", Map.of("value", "support-l2", "type", "String"))))))
        .isEqualTo(204);
    assertThat(taskService.createTaskQuery().taskId(triageTaskId).count()).isZero();
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

  private DynamicContainer matrix(String operation, Function<String, Integer> actual,
      Function<String, Integer> expected) {
    List<DynamicNode> cells = new ArrayList<>();
    USERS.forEach((group, user) -> {
      Integer expectedAnswer = expected.apply(user);
      if (expectedAnswer != null) {
        cells.add(dynamicTest(group + (user == null ? "" : " (" + user + ")") + " -> " + expectedAnswer, () ->
            assertThat(actual.apply(user)).as("%s as %s", operation, group).isEqualTo(expectedAnswer)));
      }
    });
    return DynamicContainer.dynamicContainer(operation, cells);
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
}
