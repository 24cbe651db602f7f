package io.sopflow.reliability;

import static io.sopflow.support.ReleaseFixtures.changeRequest;
import static io.sopflow.support.ReleaseFixtures.goForm;
import static io.sopflow.support.ReleaseFixtures.releaseAwaitingGo;
import static io.sopflow.support.ReleaseFixtures.typed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.change.ChangeProperties;
import io.sopflow.change.ChangeService;
import io.sopflow.identity.Directory;
import io.sopflow.support.IntegrationTestBase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * A decision that belongs to a group is refused (403 problem+json naming the group) to anyone outside it, also when
 * the task reached them: a person offered a task cannot pass it on ({@code TaskHandOverIntegrationTest}), but an admin
 * can, and an admin's mistake must not make a four-eyes or group-only decision someone else's. Each test has an admin
 * give the waiting task to a person outside the group, that person decide, and the record stay as it was; where the
 * test goes on, a member then decides as before. A member's delegate is outside the group too: a group's task is never
 * offered to a delegate (platform/process/DelegatedTasks).
 */
class GroupDecisionsIntegrationTest extends IntegrationTestBase {

  @Autowired
  ChangeService changeService;

  @Test
  void theGoOfAReleaseIsAReleaseManagersWhoeverTheTaskReached() {
    String release = releaseAwaitingGo(this::as, "production");
    Task go = taskOf(release, "Task_DecideGoNoGo");
    assertThat(status(engineRestAs("admin", HttpMethod.POST, "/task/" + go.getId() + "/assignee",
        Map.of("userId", "desk")))).isEqualTo(204);

    assertRefused(complete("desk", go.getId(), goForm("GO")), "release-managers");
    assertRefused(complete("desk", go.getId(), goForm("NO_GO")), "release-managers");

    assertThat(record("/api/releases/", release).path("status").asText()).isEqualTo("AWAITING_GO");
    assertThat(taskOf(release, "Task_DecideGoNoGo")).isNotNull();
  }

  @Test
  void aMembersDelegateGivenTheGroupsTaskByAnAdminDoesNotDecideForTheMember() {
    String number = change("NORMAL");
    Task review = taskOf(number, "Task_ReviewChange");
    assertThat(status(engineRestAs("chgman", HttpMethod.POST, "/task/" + review.getId() + "/claim",
        Map.of("userId", "chgman")))).isEqualTo(204);
    // chgman is away and l3 stands in for him (a SOPFlow delegation). A group's task is not offered to a delegate,
    // also not once a member claimed it: the group sees it anyway. An admin offers it to l3 all the same.
    String delegation = created("chgman", "/api/delegations", Map.of("delegate", "l3", "until",
        OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).truncatedTo(ChronoUnit.SECONDS).toString())).path("key")
        .asText();
    try {
      offer(review, "l3");

      assertRefused(complete("l3", review.getId(), Map.of("reviewDecision", typed("APPROVE"))), "change-managers");
    } finally {
      as("admin").delete().uri("/api/delegations/{key}", delegation).retrieve().toBodilessEntity();
    }
    assertThat(record("/api/changes/", number).path("status").asText()).isEqualTo("IN_REVIEW");
  }

  @Test
  void anEmergencyChangeIsApprovedByTwoMembersOfTheEmergencyCabOrAManagerOnceItIsOverdue() {
    String number = change("EMERGENCY");
    assertThat(status(complete("cab1", taskOf(number, "Task_ApproveEmergencyChange").getId(),
        Map.of("emergencyDecision", typed("APPROVE"))))).isEqualTo(204);
    Task second = taskOf(number, "Task_ApproveEmergencyChange");
    offer(second, "l3");
    offer(second, "manager");

    assertRefused(complete("l3", second.getId(), Map.of("emergencyDecision", typed("APPROVE"))),
        "change-advisory-board");
    assertRefused(complete("manager", second.getId(), Map.of("emergencyDecision", typed("APPROVE"))),
        "change-advisory-board");
    assertThat(record("/api/changes/", number).path("status").asText()).isEqualTo("EMERGENCY_APPROVAL");

    // Overdue: the approval is offered to the managers too, and a manager's approval is the second one.
    executeJob(second.getProcessInstanceId(), "BoundaryEvent_EmergencyApprovalSlaBreached");
    assertThat(status(complete("manager", second.getId(), Map.of("emergencyDecision", typed("APPROVE")))))
        .isEqualTo(204);
    assertThat(record("/api/changes/", number).path("status").asText()).isEqualTo("APPROVED");
  }

  @Test
  void theReviewOfAChangeIsAChangeManagers() {
    String number = change("NORMAL");
    Task review = taskOf(number, "Task_ReviewChange");
    offer(review, "l3");

    assertRefused(complete("l3", review.getId(), Map.of("reviewDecision", typed("APPROVE"))), "change-managers");

    assertThat(record("/api/changes/", number).path("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(taskOf(number, "Task_ReviewChange")).isNotNull();
  }

  @Test
  void anOverdueReviewIsTheManagersToDecideInItsOwnRoundOnly() {
    String number = change("NORMAL");
    // Round 1 is overdue: offered to the managers too, and a manager decides it (asks for more information).
    Task first = taskOf(number, "Task_ReviewChange");
    executeJob(first.getProcessInstanceId(), "BoundaryEvent_ReviewEscalation");
    assertThat(status(complete("manager", first.getId(), Map.of("reviewDecision", typed("MORE_INFO"),
        "reviewComment", typed("Which frontends?"))))).isEqualTo(204);
    assertThat(status(complete("desk", taskOf(number, "Task_ProvideChangeDetails").getId(),
        Map.of("requesterDetails", typed("Both intranet frontends"))))).isEqualTo(204);

    // Round 2 is a new review, not overdue: the change managers' alone, even once an admin gave it to a manager.
    Task second = taskOf(number, "Task_ReviewChange");
    offer(second, "manager");
    assertRefused(complete("manager", second.getId(), Map.of("reviewDecision", typed("APPROVE"))),
        "change-managers");
    assertThat(record("/api/changes/", number).path("status").asText()).isEqualTo("IN_REVIEW");

    // Overdue in its turn, round 2 is the managers' too.
    executeJob(second.getProcessInstanceId(), "BoundaryEvent_ReviewEscalation");
    assertThat(status(complete("manager", second.getId(), Map.of("reviewDecision", typed("APPROVE")))))
        .isEqualTo(204);
    assertThat(record("/api/changes/", number).path("status").asText()).isEqualTo("CAB_REVIEW");
  }

  /**
   * The emergency CAB of a running change is the group its approval was routed to when it started; a node restarted
   * with another {@code sopflow.change.ecab-group} routes new emergency changes to that group, and decides the running
   * ones by the group they were routed to.
   */
  @Test
  void anEmergencyChangeIsDecidedByTheEmergencyCabItWasRoutedToAfterTheConfigurationChanged() {
    String number = change("EMERGENCY");
    Task first = taskOf(number, "Task_ApproveEmergencyChange");
    ChangeService service = (ChangeService) AopTestUtils.getUltimateTargetObject(changeService);
    ChangeProperties routedWith = (ChangeProperties) ReflectionTestUtils.getField(service, "properties");
    // What a restart with sopflow.change.ecab-group=process-owners leaves: the change routed to the board.
    ReflectionTestUtils.setField(service, "properties", new ChangeProperties(routedWith.standardTemplates(),
        routedWith.cab(), routedWith.freezeWindows(), "process-owners", routedWith.minMeaningfulLength()));
    try {
      offer(first, "owner2");
      assertRefused(complete("owner2", first.getId(), Map.of("emergencyDecision", typed("APPROVE"))),
          "change-advisory-board");
      assertThat(status(complete("cab1", first.getId(), Map.of("emergencyDecision", typed("APPROVE")))))
          .isEqualTo(204);
      assertThat(status(complete("cab2", taskOf(number, "Task_ApproveEmergencyChange").getId(),
          Map.of("emergencyDecision", typed("APPROVE"))))).isEqualTo(204);
    } finally {
      ReflectionTestUtils.setField(service, "properties", routedWith);
    }
    assertThat(record("/api/changes/", number).path("status").asText()).isEqualTo("APPROVED");
  }

  @Test
  void theResourceOwnersApprovalOfAnAccessRequestIsTheOwnerGroups() {
    JsonNode request = created("l3", "/api/access-requests", Map.of("beneficiary", "l3", "resource",
        "release-managers", "justification", "release cover"));
    String key = request.path("key").asText();
    Task owner = ownerTaskAfterTheLineManager(key, "managerDecision", "Task_ApproveAsResourceOwner");
    offer(owner, "desk");

    assertRefused(complete("desk", owner.getId(), Map.of("ownerDecision", typed("APPROVE"))), "release-managers");
    assertThat(record("/api/access-requests/", key).path("status").asText()).isEqualTo("OWNER_APPROVAL");
    assertThat(status(complete("relman", owner.getId(), Map.of("ownerDecision", typed("REJECT"),
        "ownerComment", typed("Not this quarter")))))
        .as("a member decides (a rejection: the demo users keep their groups)").isEqualTo(204);
  }

  @Test
  void theOwnerApprovalOfAServiceRequestIsTheOwnerGroups() {
    JsonNode request = created("desk", "/api/service-requests", Map.of("item", "software-licence",
        "requestedFor", "desk", "justification", "Diagrams for the runbooks", "details",
        Map.of("software", "Diagram editor")));
    String number = request.path("number").asText();
    Task owner = ownerTaskAfterTheLineManager(number, "decision", "Task_ApproveAsOwnerGroup");
    offer(owner, "l3");

    assertRefused(complete("l3", owner.getId(), Map.of("decision", typed("APPROVE"))), "finance");
    assertThat(record("/api/service-requests/", number).path("status").asText()).isEqualTo("OWNER_APPROVAL");
    assertThat(status(complete("fin", owner.getId(), Map.of("decision", typed("APPROVE"))))).isEqualTo(204);
  }

  /**
   * A line manager's approval waits for whom the process routed it to when the request started. The directory may
   * say otherwise by the time someone decides (a line manager recorded, removed or replaced): the routing decides,
   * in both SOPs that route it. Routed to a team lead outside the managers group, the lead decides although the
   * directory no longer names them.
   */
  @Test
  void aServiceRequestsApprovalRoutedToALineManagerIsTheirsAlsoOnceTheDirectoryNamesNone() {
    theRoutedLineManagerDecidesOnceTheDirectoryNamesNone(SERVICE_REQUEST);
  }

  @Test
  void anAccessRequestsApprovalRoutedToALineManagerIsTheirsAlsoOnceTheDirectoryNamesNone() {
    theRoutedLineManagerDecidesOnceTheDirectoryNamesNone(ACCESS_REQUEST);
  }

  /** Routed to the managers group, it stays theirs when a line manager is recorded later: not the new lead's. */
  @Test
  void aServiceRequestsApprovalRoutedToTheManagersStaysTheirsOnceALineManagerIsRecorded() {
    theManagersDecideOnceALineManagerIsRecorded(SERVICE_REQUEST);
  }

  @Test
  void anAccessRequestsApprovalRoutedToTheManagersStaysTheirsOnceALineManagerIsRecorded() {
    theManagersDecideOnceALineManagerIsRecorded(ACCESS_REQUEST);
  }

  /** A line manager's approval of an SOP: how a request for a person is raised, and what its form submits. */
  private record LineManagerApproval(String collection, String keyField, String decisionField,
      java.util.function.Function<String, Map<String, Object>> requestFor, String waiting, String approved) {}

  private static final LineManagerApproval SERVICE_REQUEST = new LineManagerApproval("/api/service-requests",
      "number", "decision", person -> Map.of("item", "laptop", "requestedFor", person, "justification",
          "New colleague", "details", Map.of("model", "standard", "deliveryAddress", "Room 2.01")),
      "MANAGER_APPROVAL", "IN_FULFILMENT");
  private static final LineManagerApproval ACCESS_REQUEST = new LineManagerApproval("/api/access-requests", "key",
      "managerDecision", person -> Map.of("beneficiary", person, "resource", "finance", "justification",
          "Month-end close"), "MANAGER_APPROVAL", "OWNER_APPROVAL");

  private void theRoutedLineManagerDecidesOnceTheDirectoryNamesNone(LineManagerApproval sop) {
    String lead = personIn(unique("lead"));
    String report = reportingTo(unique("report"), lead);
    String key = requested(sop, report);
    Task approval = taskOf(key, "Task_ApproveAsLineManager");
    processEngine.getIdentityService().deleteUserInfo(report, Directory.MANAGER_INFO_KEY);

    assertThat(status(complete(lead, approval.getId(), Map.of(sop.decisionField(), typed("APPROVE")))))
        .isEqualTo(204);
    assertThat(record(sop.collection() + "/", key).path("status").asText()).isEqualTo(sop.approved());
  }

  private void theManagersDecideOnceALineManagerIsRecorded(LineManagerApproval sop) {
    String report = reportingTo(unique("alone"), null);
    String key = requested(sop, report);
    Task approval = taskOf(key, "Task_ApproveAsLineManager");
    String lead = personIn(unique("new-lead"));
    processEngine.getIdentityService().setUserInfo(report, Directory.MANAGER_INFO_KEY, lead);
    offer(approval, lead);

    assertRefused(complete(lead, approval.getId(), Map.of(sop.decisionField(), typed("APPROVE"))), "managers");
    assertThat(record(sop.collection() + "/", key).path("status").asText()).isEqualTo(sop.waiting());
    assertThat(status(complete("manager", approval.getId(), Map.of(sop.decisionField(), typed("APPROVE")))))
        .isEqualTo(204);
  }

  /** The request for {@code person}, raised by desk: its line manager's approval waits. */
  private String requested(LineManagerApproval sop, String person) {
    return created("desk", sop.collection(), sop.requestFor().apply(person)).path(sop.keyField()).asText();
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static String unique(String prefix) {
    return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  /** A new person whose line manager is {@code lead} (none: null), as the directory records it. */
  private String reportingTo(String userId, String lead) {
    personIn(userId);
    if (lead != null) {
      processEngine.getIdentityService().setUserInfo(userId, Directory.MANAGER_INFO_KEY, lead);
    }
    return userId;
  }


  private void assertRefused(ResponseEntity<JsonNode> answer, String group) {
    assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(403);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(answer.getBody().path("detail").asText()).contains("only a member of " + group);
  }

  /** The line manager (manager, for every demo user) approves; the owner group's approval task that follows. */
  private Task ownerTaskAfterTheLineManager(String key, String decisionField, String ownerTask) {
    assertThat(status(complete("manager", taskOf(key, "Task_ApproveAsLineManager").getId(),
        Map.of(decisionField, typed("APPROVE"))))).isEqualTo(204);
    return taskOf(key, ownerTask);
  }

  /** What an admin may do in Tasklist or {@code /engine-rest}: offer the task to one more person. */
  private void offer(Task task, String user) {
    assertThat(status(engineRestAs("admin", HttpMethod.POST, "/task/" + task.getId() + "/identity-links",
        Map.of("userId", user, "type", "candidate")))).isEqualTo(204);
  }

  private void executeJob(String processInstanceId, String activityId) {
    Job job = processEngine.getManagementService().createJobQuery().processInstanceId(processInstanceId)
        .activityId(activityId).singleResult();
    processEngine.getManagementService().executeJob(job.getId());
  }

  private String change(String type) {
    return created("desk", "/api/changes", changeRequest(type, OffsetDateTime.now(ZoneOffset.UTC).plusDays(3)
        .truncatedTo(ChronoUnit.SECONDS))).path("number").asText();
  }

  private JsonNode created(String user, String path, Object body) {
    ResponseEntity<JsonNode> answer = as(user).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
        .retrieve().toEntity(JsonNode.class);
    assertThat(answer.getStatusCode().value()).as(path + ": " + answer.getBody()).isEqualTo(201);
    return answer.getBody();
  }

  private JsonNode record(String collection, String key) {
    return as("admin").get().uri(collection + key).retrieve().body(JsonNode.class);
  }

  private ResponseEntity<JsonNode> complete(String user, String taskId, Map<String, Object> variables) {
    return engineRestAs(user, HttpMethod.POST, "/task/" + taskId + "/complete", Map.of("variables", variables));
  }

  private static int status(ResponseEntity<?> answer) {
    return answer.getStatusCode().value();
  }
}
