package io.sopflow.platform;

import static io.sopflow.support.ReleaseFixtures.goForm;
import static io.sopflow.support.ReleaseFixtures.releaseAwaitingGo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.support.IntegrationTestBase;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * A person a task is offered to (a candidate group's member, a candidate user, its assignee) works it: claims it for
 * themselves, returns it, completes it. Who it is for is the model's and SOPFlow's decision, not theirs: they cannot
 * give it to someone else, add or remove its candidates, delegate it or edit it (due date, name) through the engine's
 * REST API or Tasklist ({@code platform/process/TaskAssignmentGuard}; Camunda's {@code TASK_WORK} instead of
 * {@code UPDATE} for what the engine grants them). Admins still reassign. Grants made under the old default are
 * narrowed at start-up ({@code IdentitySetup}).
 *
 * <p>The defect this closes: relman, asked for the GO of his own production release, assigned the GO task to desk
 * ({@code POST /task/{id}/assignee}, 204), and desk's GO scheduled the release as a four-eyes decision.
 */
class TaskHandOverIntegrationTest extends IntegrationTestBase {

  static final String GO_TASK = "Task_DecideGoNoGo";
  static final String OTHER_RELEASE_MANAGER = "relman2";

  @Autowired IdentitySetup identitySetup;

  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void secondReleaseManager() {
    personIn(OTHER_RELEASE_MANAGER, "release-managers");
  }

  @Test
  void aReleaseManagerCannotHandTheGoOfHisOwnReleaseToSomeoneOutsideTheGroup() {
    String release = releaseAwaitingGo(this::as, "production");
    Task go = taskOf(release, GO_TASK);

    ResponseEntity<JsonNode> handedOn = engineRestAs("relman", HttpMethod.POST, "/task/" + go.getId() + "/assignee",
        Map.of("userId", "desk"));

    assertThat(handedOn.getStatusCode().value()).as(String.valueOf(handedOn.getBody())).isEqualTo(403);
    assertThat(taskOf(release, GO_TASK).getAssignee()).isNull();
    assertThat(complete("desk", go.getId(), goForm("GO")).getStatusCode().value()).isEqualTo(403);
    assertThat(status(release)).isEqualTo("AWAITING_GO");
  }

  @Test
  void aCandidateCannotPassTheTaskOnByAnyRoute() {
    String release = releaseAwaitingGo(this::as, "staging");
    Task go = taskOf(release, GO_TASK);
    String path = "/task/" + go.getId();
    Set<String> linksBefore = links(go.getId());

    Map<String, ResponseEntity<JsonNode>> routes = passOn("relman", go);
    routes.put("assignee (himself)", engineRestAs("relman", HttpMethod.POST, path + "/assignee",
        Map.of("userId", "relman")));
    routes.put("claim for another", engineRestAs("relman", HttpMethod.POST, path + "/claim", Map.of("userId", "desk")));
    routes.put("resolve (not delegated)", engineRestAs("relman", HttpMethod.POST, path + "/resolve",
        Map.of("variables", Map.of())));

    assertAllRefusedAndTaskUnchanged(routes, release, go, linksBefore);
    assertThat(linksBefore).containsExactly("candidate group release-managers");

    // The assignee cannot pass it on either, nor can another member of the group take it from him.
    assertThat(engineRestAs("relman", HttpMethod.POST, path + "/claim", Map.of("userId", "relman"))
        .getStatusCode().value()).isEqualTo(204);
    assertThat(engineRestAs("relman", HttpMethod.POST, path + "/assignee", Map.of("userId", "desk"))
        .getStatusCode().value()).isEqualTo(403);
    assertThat(engineRestAs("relman", HttpMethod.POST, path + "/delegate", Map.of("userId", OTHER_RELEASE_MANAGER))
        .getStatusCode().value()).isEqualTo(403);
    assertThat(engineRestAs(OTHER_RELEASE_MANAGER, HttpMethod.POST, path + "/unclaim", null).getStatusCode().value())
        .as("another member returns relman's claim").isEqualTo(403);
    Map<String, Object> nobody = new HashMap<>();
    nobody.put("userId", null);
    assertThat(engineRestAs(OTHER_RELEASE_MANAGER, HttpMethod.POST, path + "/claim", nobody).getStatusCode().value())
        .as("another member claims it for nobody").isEqualTo(403);
    assertThat(taskOf(release, GO_TASK).getAssignee()).isEqualTo("relman");
    assertThat(engineRestAs("relman", HttpMethod.POST, path + "/unclaim", null).getStatusCode().value())
        .as("his own claim he returns").isEqualTo(204);
    assertThat(taskOf(release, GO_TASK).getAssignee()).isNull();
  }

  @Test
  void tasklistStillClaimsReturnsAndSubmitsATaskForACandidate() throws Exception {
    String release = releaseAwaitingGo(this::as, "staging");
    String task = taskOf(release, GO_TASK).getId();
    ClientAt tasklist = ClientAt.signedInToTasklist(port, "relman", PASSWORD);

    assertThat(tasklist(tasklist, task, "claim", Map.of("userId", "relman")).status()).isEqualTo(204);
    assertThat(taskOf(release, GO_TASK).getAssignee()).isEqualTo("relman");
    assertThat(tasklist(tasklist, task, "unclaim", null).status()).isEqualTo(204);
    assertThat(taskOf(release, GO_TASK).getAssignee()).isNull();
    assertThat(tasklist(tasklist, task, "assignee", Map.of("userId", "desk")).status()).isEqualTo(403);
    assertThat(tasklist(tasklist, task, "claim", Map.of("userId", "relman")).status()).isEqualTo(204);
    ClientAt.Answer submitted = tasklist(tasklist, task, "submit-form", Map.of("variables", goForm("GO")));

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(204);
    assertThat(status(release)).isEqualTo("SCHEDULED");
  }

  @Test
  void anAdminStillReassignsATask() {
    String release = releaseAwaitingGo(this::as, "production");
    Task go = taskOf(release, GO_TASK);

    assertThat(engineRestAs("admin", HttpMethod.POST, "/task/" + go.getId() + "/assignee",
        Map.of("userId", OTHER_RELEASE_MANAGER)).getStatusCode().value()).isEqualTo(204);
    assertThat(taskOf(release, GO_TASK).getAssignee()).isEqualTo(OTHER_RELEASE_MANAGER);
    ResponseEntity<JsonNode> decided = complete(OTHER_RELEASE_MANAGER, go.getId(), goForm("GO"));

    assertThat(decided.getStatusCode().value()).as(String.valueOf(decided.getBody())).isEqualTo(204);
    assertThat(status(release)).isEqualTo("SCHEDULED");
  }

  @Test
  void theStartNarrowsWhatTheOldDefaultGrantedOnRunningTasksToWork() {
    String release = releaseAwaitingGo(this::as, "staging");
    Task go = taskOf(release, GO_TASK);
    grantAsTheOldDefaultDid(go);
    var authorizations = processEngine.getAuthorizationService();

    identitySetup.afterPropertiesSet();

    for (Authorization narrowed : authorizations.createAuthorizationQuery().resourceType(Resources.TASK)
        .resourceId(go.getId()).list()) {
      assertThat(narrowed.isPermissionGranted(Permissions.UPDATE)).as(narrowed.toString()).isFalse();
      assertThat(narrowed.isPermissionGranted(Permissions.TASK_WORK)).as(narrowed.toString()).isTrue();
      assertThat(narrowed.isPermissionGranted(Permissions.READ)).as(narrowed.toString()).isTrue();
    }
    assertThat(engineRestAs(OTHER_RELEASE_MANAGER, HttpMethod.POST, "/task/" + go.getId() + "/assignee",
        Map.of("userId", "desk")).getStatusCode().value()).isEqualTo(403);
    assertThat(engineRestAs("relman", HttpMethod.POST, "/task/" + go.getId() + "/identity-links",
        Map.of("userId", "desk", "type", "candidate")).getStatusCode().value()).isEqualTo(403);
    assertThat(complete(OTHER_RELEASE_MANAGER, go.getId(), goForm("GO")).getStatusCode().value()).isEqualTo(204);
    assertThat(status(release)).isEqualTo("SCHEDULED");
  }

  /**
   * In a rolling upgrade a node of the old version keeps granting READ and UPDATE on the tasks it creates after the new
   * nodes started (and narrowed the grants they found): UPDATE on a task is no way to pass it on either.
   */
  @Test
  void aGrantOfUpdateAnOldNodeWroteAfterTheStartDoesNotLetACandidatePassTheTaskOn() {
    String release = releaseAwaitingGo(this::as, "staging");
    Task go = taskOf(release, GO_TASK);
    String path = "/task/" + go.getId();
    grantAsTheOldDefaultDid(go);
    Set<String> linksBefore = links(go.getId());

    Map<String, ResponseEntity<JsonNode>> routes = passOn("relman", go);
    passOn(OTHER_RELEASE_MANAGER, go).forEach((route, answer) -> routes.put(OTHER_RELEASE_MANAGER + ": " + route,
        answer));

    assertAllRefusedAndTaskUnchanged(routes, release, go, linksBefore);
    // The grant still lets them work it: claim for themselves and decide.
    assertThat(engineRestAs(OTHER_RELEASE_MANAGER, HttpMethod.POST, path + "/claim",
        Map.of("userId", OTHER_RELEASE_MANAGER)).getStatusCode().value()).isEqualTo(204);
    assertThat(complete(OTHER_RELEASE_MANAGER, go.getId(), goForm("GO")).getStatusCode().value()).isEqualTo(204);
    assertThat(status(release)).isEqualTo("SCHEDULED");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /**
   * What the engine granted under Camunda's default, as an old node still does: READ and UPDATE on the task for its
   * candidate group, and for a person it was given to (relman2).
   */
  private void grantAsTheOldDefaultDid(Task task) {
    var authorizations = processEngine.getAuthorizationService();
    Authorization group = authorizations.createAuthorizationQuery().resourceType(Resources.TASK)
        .resourceId(task.getId()).groupIdIn("release-managers").singleResult();
    group.removePermission(Permissions.TASK_WORK);
    group.addPermission(Permissions.UPDATE);
    authorizations.saveAuthorization(group);
    Authorization user = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    user.setUserId(OTHER_RELEASE_MANAGER);
    user.setResource(Resources.TASK);
    user.setResourceId(task.getId());
    user.addPermission(Permissions.READ);
    user.addPermission(Permissions.UPDATE);
    authorizations.saveAuthorization(user);
  }

  /** Every route answered 403, and the task is for whom it was: assignee, owner, due date, candidates. */
  private void assertAllRefusedAndTaskUnchanged(Map<String, ResponseEntity<JsonNode>> routes, String release,
      Task before, Set<String> linksBefore) {
    assertThat(routes).allSatisfy((route, answer) ->
        assertThat(answer.getStatusCode().value()).as(route + ": " + answer.getBody()).isEqualTo(403));
    Task after = taskOf(release, GO_TASK);
    assertThat(after.getAssignee()).isNull();
    assertThat(after.getOwner()).isNull();
    assertThat(after.getDueDate()).isEqualTo(before.getDueDate());
    assertThat(links(before.getId())).isEqualTo(linksBefore);
  }

  /** {@code user} tries every way of passing the task on or editing it, by route. */
  private Map<String, ResponseEntity<JsonNode>> passOn(String user, Task task) {
    String path = "/task/" + task.getId();
    Map<String, ResponseEntity<JsonNode>> routes = new LinkedHashMap<>();
    routes.put("assignee", engineRestAs(user, HttpMethod.POST, path + "/assignee", Map.of("userId", "desk")));
    routes.put("delegate", engineRestAs(user, HttpMethod.POST, path + "/delegate", Map.of("userId", "desk")));
    routes.put("candidate user", engineRestAs(user, HttpMethod.POST, path + "/identity-links",
        Map.of("userId", "desk", "type", "candidate")));
    routes.put("candidate group", engineRestAs(user, HttpMethod.POST, path + "/identity-links",
        Map.of("groupId", "service-desk", "type", "candidate")));
    routes.put("owner", engineRestAs(user, HttpMethod.POST, path + "/identity-links",
        Map.of("userId", "desk", "type", "owner")));
    routes.put("remove candidate group", engineRestAs(user, HttpMethod.POST, path + "/identity-links/delete",
        Map.of("groupId", "release-managers", "type", "candidate")));
    Map<String, Object> edited = new HashMap<>();
    edited.put("name", task.getName());
    edited.put("priority", task.getPriority());
    edited.put("due", "2099-01-01T00:00:00.000+0000");
    routes.put("PUT task (due date)", engineRestAs(user, HttpMethod.PUT, path, edited));
    return routes;
  }

  private String status(String release) {
    return as("admin").get().uri("/api/releases/{key}", release).retrieve().body(JsonNode.class).path("status")
        .asText();
  }

  private Set<String> links(String taskId) {
    return processEngine.getTaskService().getIdentityLinksForTask(taskId).stream()
        .map(TaskHandOverIntegrationTest::describe).collect(Collectors.toSet());
  }

  private static String describe(IdentityLink link) {
    return link.getType() + (link.getGroupId() != null ? " group " + link.getGroupId() : " user " + link.getUserId());
  }

  private ResponseEntity<JsonNode> complete(String user, String taskId, Map<String, Object> variables) {
    return engineRestAs(user, HttpMethod.POST, "/task/" + taskId + "/complete", Map.of("variables", variables));
  }

  /** A task call as Tasklist sends it: its session, its CSRF token, its origin. */
  private ClientAt.Answer tasklist(ClientAt tasklist, String task, String operation, Object body) throws Exception {
    String origin = "http://127.0.0.1:" + port;
    return tasklist.post("/camunda/api/engine/engine/default/task/" + task + "/" + operation, "application/json",
        body == null ? "" : json.writeValueAsString(body), "X-XSRF-TOKEN", tasklist.cookie("XSRF-TOKEN"),
        "Origin", origin, "Referer", origin + "/camunda/app/tasklist/default/", "Accept",
        "application/json, text/plain, */*");
  }
}
