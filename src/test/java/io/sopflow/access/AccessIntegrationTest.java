package io.sopflow.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.access.AccessProcessData.Provisioning;
import io.sopflow.access.process.AccessProvisioningProcess;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.support.HeldTransaction;
import io.sopflow.support.IntegrationTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class AccessIntegrationTest extends IntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired
  AuditTrail auditTrail;

  @Autowired
  AccessRequestService accessRequests;

  @Autowired
  AccountContainment containment;

  @Autowired
  PlatformTransactionManager transactionManager;

  @Autowired
  DataSource dataSource;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** Leavers' accounts are locked; the users are shared with other tests of this context, so the lock is lifted. */
  @AfterEach
  void unlockLeavers() {
    var identity = processEngine.getIdentityService();
    identity.setAuthentication("admin", List.of("camunda-admin"));
    try {
      for (String user : List.of("relman", "cab3", "l3")) {
        identity.unlockUser(user);
      }
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  void anyoneMayRequestAccessThroughTheStartFormWhichSavesTheRecordAndExactlyOneInstance() {
    long before = instances();

    ResponseEntity<JsonNode> started = submitForm("l3", Map.of(
        "beneficiary", Map.of("value", "l3"), "resource", Map.of("value", "support-l2"),
        "justification", Map.of("value", "on-call rota"),
        "validUntil", Map.of("value", OffsetDateTime.now(ZoneOffset.ofHours(1)).plusDays(10).withNano(0).toString())));

    assertThat(started.getStatusCode().value()).isEqualTo(200);
    String businessKey = started.getBody().get("businessKey").asText();
    assertThat(businessKey).matches("ACC-\\d{6}");
    assertThat(instances()).isEqualTo(before + 1);
    JsonNode record = as("l3").get().uri("/api/access-requests/" + businessKey).retrieve().body(JsonNode.class);
    assertThat(record.get("requester").asText()).isEqualTo("l3");
    assertThat(record.get("beneficiary").asText()).isEqualTo("l3");
    assertThat(record.get("status").asText()).isEqualTo("MANAGER_APPROVAL");
    assertThat(record.get("processInstanceId").asText()).isEqualTo(started.getBody().get("id").asText());
    assertThat(processEngine.getRuntimeService().getVariables(record.get("processInstanceId").asText()))
        .as("references only").doesNotContainKeys("justification", "resource", "validUntil");
  }

  @Test
  void aStartFormWithBadInputIsRefusedNamingTheFieldAndStoresNothing() {
    long before = instances();
    long records = as("admin").get().uri("/api/access-requests?size=1").retrieve().body(JsonNode.class)
        .get("totalElements").asLong();

    assertRefused(submitForm("l3", Map.of("beneficiary", Map.of("value", "nobody"), "resource",
        Map.of("value", "support-l2"), "justification", Map.of("value", "x"))), "beneficiary");
    assertRefused(submitForm("l3", Map.of("beneficiary", Map.of("value", "l3"), "resource",
        Map.of("value", "nuclear-codes"), "justification", Map.of("value", "x"))), "resource");
    assertRefused(submitForm("l3", Map.of("beneficiary", Map.of("value", "l3"), "resource",
        Map.of("value", "support-l2"), "justification", Map.of("value", " "))), "justification");

    assertThat(instances()).isEqualTo(before);
    assertThat(as("admin").get().uri("/api/access-requests?size=1").retrieve().body(JsonNode.class)
        .get("totalElements").asLong()).isEqualTo(records);
  }

  /**
   * Provisioned, but not confirmed yet when the leaver call comes: the grant is revoked once confirmed. (A leaver call
   * before provisioning gets nothing provisioned: aBeneficiaryLockedBetweenTheApprovalsAndProvisioningGetsNothing.)
   */
  @Test
  void aGrantStillBeingProvisionedWhenTheLeaverCallCameIsRevokedOnceProvisioned() {
    String leaving = newPerson("leaving");
    var management = processEngine.getManagementService();
    List<String> verification = jobDefinitionsOf(AccessProvisioningProcess.TASK_VERIFY_ACCESS);
    // Hold the verification so that the leaver call surely finds the grant provisioned but not confirmed.
    verification.forEach(id -> management.suspendJobDefinitionById(id, true));
    String key;
    try {
      ResponseEntity<JsonNode> created = submit(leaving, leaving, "release-managers", "release cover", null);
      key = created.getBody().get("key").asText();
      String pid = created.getBody().get("processInstanceId").asText();
      decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
      decide(pid, "relman", List.of("release-managers"), AccessProvisioningProcess.OWNER_DECISION, "APPROVE");
      // The job executor provisions (executeDueJobs would run the held verification too).
      await().atMost(WAIT).until(() -> isMember(leaving, "release-managers"));
      assertThat(status("manager", key)).isEqualTo("PROVISIONING");

      JsonNode leaver = as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("user", leaving)).retrieve().body(JsonNode.class);
      assertThat(textValues(leaver.get("revokedOnceProvisioned"))).containsExactly(key);
      assertThat(status("manager", key)).as("provisioning goes on").isEqualTo("PROVISIONING");
    } finally {
      verification.forEach(id -> management.activateJobDefinitionById(id, true));
    }

    String grant = key;
    await().atMost(WAIT).until(() -> {
      executeDueJobs();
      return status("manager", grant).equals("REVOKED");
    });
    assertThat(isMember(leaving, "release-managers")).as("granted, then revoked for real").isFalse();
    JsonNode record = as("manager").get().uri("/api/access-requests/" + grant).retrieve().body(JsonNode.class);
    assertThat(record.get("decisions").findValuesAsText("action")).containsSubsequence("OWNER_APPROVED",
        "REVOCATION_REQUESTED", "GRANTED", "REVOKED");
    assertThat(mailsTo(leaving + "@sopflow.local")).noneMatch(m -> {
      try {
        return m.getSubject().startsWith("Access granted");
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    });
  }

  @Test
  void aLeaversAccountIsLockedUntilAnAdminLiftsTheLock() {
    assertThat(as("l3").get().uri("/api/access-grants").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(200);

    JsonNode leaver = as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "l3")).retrieve().body(JsonNode.class);

    assertThat(leaver.get("accountLocked").asBoolean()).isTrue();
    assertThat(as("l3").get().uri("/api/access-grants").retrieve().toBodilessEntity().getStatusCode().value())
        .as("/api refuses the right password").isEqualTo(401);
    assertThat(as("l3").get().uri("/engine-rest/task").retrieve().toBodilessEntity().getStatusCode().value())
        .as("/engine-rest too").isEqualTo(401);
    assertThat(processEngine.getIdentityService().checkPassword("l3", PASSWORD)).as("and Tasklist's log-in").isFalse();
    assertThat(auditTrail.entriesFor("l3")).extracting(e -> e.getDetails()).anyMatch(d -> d.contains("account locked"));

    // Only an admin lifts the lock (Camunda Admin's "Unlock" calls the same engine operation).
    assertThat(as("desk").post().uri("/engine-rest/user/l3/unlock").retrieve().toBodilessEntity().getStatusCode()
        .value()).isEqualTo(403);
    assertThat(as("l3").get().uri("/api/access-grants").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(401);
    assertThat(as("admin").post().uri("/engine-rest/user/l3/unlock").retrieve().toBodilessEntity().getStatusCode()
        .value()).isEqualTo(204);
    assertThat(as("l3").get().uri("/api/access-grants").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(200);
  }

  @Test
  void financeMembershipApprovedByManagerAndOwnerAppearsInTheIdentityStoreAndIsRemovedAtExpiry() throws Exception {
    String clerk = newPerson("clerk");
    Instant validUntil = Instant.now().plus(Duration.ofHours(2));
    ResponseEntity<JsonNode> created = submit("desk", clerk, "finance", "month-end close", validUntil);

    assertThat(created.getStatusCode().value()).isEqualTo(201);
    String key = created.getBody().get("key").asText();
    assertThat(key).matches("ACC-\\d{6}");
    assertThat(created.getHeaders().getLocation()).hasToString("/api/access-requests/" + key);
    assertThat(created.getBody().get("status").asText()).isEqualTo("MANAGER_APPROVAL");
    String pid = created.getBody().get("processInstanceId").asText();

    decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
    Task ownerTask = openTask(pid);
    assertThat(ownerTask.getTaskDefinitionKey()).isEqualTo(AccessProvisioningProcess.TASK_APPROVE_AS_RESOURCE_OWNER);
    decide(pid, "fin", List.of("finance"), AccessProvisioningProcess.OWNER_DECISION, "APPROVE");

    await().atMost(WAIT).until(() -> isMember(clerk, "finance"));
    await().atMost(WAIT).until(() -> status("desk", key).equals("ACTIVE"));
    assertThat(awaitMailAbout(clerk + "@sopflow.local", key, 1, WAIT).get(0).getSubject())
        .startsWith("Access granted: finance");
    JsonNode grants = as("fin").get().uri("/api/access-grants?user=" + clerk).retrieve().body(JsonNode.class);
    assertThat(grants.path("content").findValuesAsText("id")).as("a page, like every list").contains(key);
    assertThat(grants.path("totalElements").asLong()).isEqualTo(grants.path("content").size());
    assertThat(as("fin").get().uri("/api/access-grants?user=" + clerk + "&size=1&page=99").retrieve()
        .body(JsonNode.class).path("content").size()).as("past the last page").isZero();

    ClockUtil.setCurrentTime(Date.from(validUntil.plus(Duration.ofMinutes(1))));
    await().atMost(WAIT).until(() -> {
      executeDueJobs();
      return !isMember(clerk, "finance");
    });
    await().atMost(WAIT).until(() -> status("desk", key).equals("EXPIRED"));
    JsonNode record = as("desk").get().uri("/api/access-requests/" + key).retrieve().body(JsonNode.class);
    assertThat(record.get("decisions").findValuesAsText("action")).containsSubsequence("REQUESTED",
        "MANAGER_APPROVED", "OWNER_APPROVED", "GRANTED", "EXPIRED");
    assertThat(record.get("decisions").findValuesAsText("actor")).startsWith("desk", "system", "manager", "fin");
    assertThat(auditTrail.entriesFor(key)).extracting(e -> e.getAction())
        .contains("REQUESTED", "MANAGER_APPROVED", "OWNER_APPROVED", "GRANTED", "EXPIRED");
  }

  @Test
  void conflictingRequestLandsWithTheSecurityOfficers() {
    // fin is a member of finance, which conflicts with change-advisory-board
    ResponseEntity<JsonNode> created = submit("desk", "fin", "change-advisory-board", "covering for cab1", null);

    assertThat(created.getStatusCode().value()).isEqualTo(201);
    assertThat(created.getBody().get("status").asText()).isEqualTo("SOD_REVIEW");
    assertThat(created.getBody().get("sodConflict").asText()).contains("finance");
    Task task = openTask(created.getBody().get("processInstanceId").asText());
    assertThat(task.getName()).isEqualTo("Review SoD conflict");
    assertThat(processEngine.getTaskService().getIdentityLinksForTask(task.getId()))
        .anyMatch(link -> "security-officers".equals(link.getGroupId()));
    assertThat(created.getBody().get("validUntil").asText()).isNotBlank(); // capped by the resource's maximum
  }

  @Test
  void nobodyApprovesARequestForThemselves() {
    // manager has no line manager: the approval goes to the managers group, of which manager is a member
    ResponseEntity<JsonNode> created = submit("manager", "manager", "release-managers", "release cover", null);
    String pid = created.getBody().get("processInstanceId").asText();

    assertThatThrownBy(() -> decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION,
        "APPROVE")).hasRootCauseInstanceOf(SelfApprovalException.class);

    assertThat(openTask(pid).getTaskDefinitionKey()).isEqualTo(AccessProvisioningProcess.TASK_APPROVE_AS_LINE_MANAGER);
    assertThat(status("manager", created.getBody().get("key").asText())).isEqualTo("MANAGER_APPROVAL");
  }

  @Test
  void aSelfApprovalOrAnInvalidDecisionThroughTheEngineRestApiIsRefusedWith403Or400() {
    ResponseEntity<JsonNode> created = submit("manager", "manager", "support-l2", "on-call rota", null);
    String pid = created.getBody().get("processInstanceId").asText();
    String taskId = openTask(pid).getId();

    ResponseEntity<JsonNode> selfApproval = completeThroughEngineRest("manager", taskId,
        Map.of(AccessProvisioningProcess.MANAGER_DECISION, Map.of("value", "APPROVE")));
    assertThat(selfApproval.getStatusCode().value()).isEqualTo(403);
    assertThat(selfApproval.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(selfApproval.getBody().get("message").asText()).contains("manager may not decide");

    // Another manager could decide, but not with a value the form does not offer, nor without a decision.
    processEngine.getTaskService().addCandidateUser(taskId, "incman");
    ResponseEntity<JsonNode> invalid = completeThroughEngineRest("incman", taskId,
        Map.of(AccessProvisioningProcess.MANAGER_DECISION, Map.of("value", "MAYBE")));
    assertRefused(invalid, AccessProvisioningProcess.MANAGER_DECISION);
    ResponseEntity<JsonNode> missing = completeThroughEngineRest("incman", taskId,
        Map.of(AccessProvisioningProcess.MANAGER_COMMENT, Map.of("value", "looks fine")));
    assertRefused(missing, AccessProvisioningProcess.MANAGER_DECISION);
    assertThat(openTask(pid).getId()).as("the task is still open").isEqualTo(taskId);
    assertThat(status("manager", created.getBody().get("key").asText())).isEqualTo("MANAGER_APPROVAL");
  }

  @Test
  void aCompletionWithoutAnAuthenticatedPersonIsRefused() {
    ResponseEntity<JsonNode> created = submit("desk", newPerson("agent"), "support-l2", "on-call rota", null);
    String pid = created.getBody().get("processInstanceId").asText();
    String taskId = openTask(pid).getId();

    assertThatThrownBy(() -> processEngine.getTaskService().complete(taskId,
        Map.of(AccessProvisioningProcess.MANAGER_DECISION, "APPROVE")))
        .hasRootCauseInstanceOf(ForbiddenException.class);

    assertThat(openTask(pid).getId()).isEqualTo(taskId);
    assertThat(status("desk", created.getBody().get("key").asText())).isEqualTo("MANAGER_APPROVAL");
  }

  @Test
  void approvalTasksAreDueByTheirSlaAndShowTheRecord() {
    ResponseEntity<JsonNode> created = submit("desk", newPerson("agent"), "support-l2", "on-call rota", null);
    Task task = openTask(created.getBody().get("processInstanceId").asText());

    assertThat(task.getDueDate()).isAfter(task.getFollowUpDate()).isAfter(task.getCreateTime());
    assertThat(processEngine.getTaskService().getVariablesLocal(task.getId()))
        .containsEntry("justification", "on-call rota").containsKey("resourceName");
  }

  @Test
  void listShowsVisibleRequestsPageByPageWithFilters() {
    String person = newPerson("listed");
    String first = submit("desk", person, "support-l2", "list probe one", null).getBody().get("key").asText();
    String second = submit("desk", person, "security-officers", "list probe two", null).getBody().get("key").asText();
    String other = submit("desk", person, "release-managers", "list probe three", null).getBody().get("key").asText();

    JsonNode page = list("desk", "beneficiary=" + person + "&size=1");
    assertThat(page.get("size").asInt()).isEqualTo(1);
    assertThat(page.get("totalElements").asLong()).isEqualTo(3);
    assertThat(page.get("content").get(0).get("key").asText()).as("newest first").isEqualTo(other);
    assertThat(list("desk", "beneficiary=" + person + "&size=1&page=1").get("content").get(0).get("key").asText())
        .isEqualTo(second);
    assertThat(list("desk", "beneficiary=" + person + "&size=1&page=2").get("content").get(0).get("key").asText())
        .isEqualTo(first);
    assertThat(list("secoff", "beneficiary=" + person + "&size=100").findValuesAsText("key"))
        .contains(first, second, other);
    assertThat(list("secoff", "beneficiary=" + person + "&resource=release-managers&status=MANAGER_APPROVAL&size=100")
        .findValuesAsText("key")).contains(other).doesNotContain(first, second);
    assertThat(list("l2", "beneficiary=" + person + "&size=100").findValuesAsText("key"))
        .as("the owner group of support-l2").contains(first).doesNotContain(second, other);
    assertThat(list(person, "size=100").findValuesAsText("key")).as("the beneficiary").contains(first, other);
    JsonNode stranger = list("pm", "beneficiary=" + person + "&size=100");
    assertThat(stranger.get("totalElements").asLong()).isZero();
    assertThat(stranger.get("content")).isEmpty();

    assertRefused(as("desk").get().uri("/api/access-requests?size=101").retrieve().toEntity(JsonNode.class), "size");
    assertRefused(as("desk").get().uri("/api/access-requests?status=SOMETIMES").retrieve().toEntity(JsonNode.class),
        "status");
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
    long before = processEngine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(AccessProvisioningProcess.PROCESS_KEY).count();

    assertRefused(submit("desk", "nobody", "finance", "x", null), "beneficiary");
    assertRefused(submit("desk", "desk", "nuclear-codes", "x", null), "resource");
    assertRefused(submit("desk", "desk", "finance", "   ", null), "justification");
    assertRefused(submit("desk", "desk", "finance", "x", Instant.now().minus(Duration.ofHours(1))), "validUntil");

    assertThat(processEngine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(AccessProvisioningProcess.PROCESS_KEY).count()).isEqualTo(before);
  }

  /**
   * Only an admin lifts a lock, so only an admin locks an admin (the service desk locking every admin would leave
   * nobody to lift any lock); and nobody processes their own leaving.
   */
  @Test
  void theServiceDeskCannotLockAnAdminOrItself() {
    ResponseEntity<JsonNode> admin = as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "admin")).retrieve().toEntity(JsonNode.class);
    assertThat(admin.getStatusCode().value()).isEqualTo(403);
    assertThat(admin.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(processEngine.getIdentityService().checkPassword("admin", PASSWORD)).as("admin not locked").isTrue();
    assertThat(auditTrail.entriesFor("admin")).extracting(e -> e.getAction()).doesNotContain("LEAVER_PROCESSED");

    ResponseEntity<JsonNode> self = as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "desk")).retrieve().toEntity(JsonNode.class);
    assertRefused(self, "user");
    assertThat(processEngine.getIdentityService().checkPassword("desk", PASSWORD)).isTrue();
  }

  /** The beneficiary's line manager sees and revokes the grant, also when they are not in managers. */
  @Test
  void aLineManagerOutsideManagersRevokesTheirReportsGrant() {
    String report = newPerson("report");
    String key = grant(report, "finance", "budget review");
    var identity = processEngine.getIdentityService();
    identity.setUserInfo(report, io.sopflow.identity.Directory.MANAGER_INFO_KEY, "l3");
    try {
      assertThat(as("l3").get().uri("/api/access-requests/" + key).retrieve().toBodilessEntity().getStatusCode()
          .value()).isEqualTo(200);
      assertThat(as("cab1").get().uri("/api/access-requests/" + key).retrieve().toBodilessEntity().getStatusCode()
          .value()).as("nobody else").isEqualTo(404);
      assertThat(as("l3").post().uri("/api/access-grants/" + key + "/revoke").contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("reason", "moved to another team")).retrieve().toBodilessEntity().getStatusCode().value())
          .isEqualTo(202);
      await().atMost(WAIT).until(() -> status("desk", key).equals("REVOKED"));
      assertThat(isMember(report, "finance")).isFalse();
    } finally {
      // l3 lists what concerns them in aLineManagerOutsideManagersListsTheirReportsRequestsAndGrantsOnly.
      identity.setUserInfo(report, io.sopflow.identity.Directory.MANAGER_INFO_KEY, "manager");
    }
  }

  /**
   * The lists follow the single-record rule: a line manager outside managers lists the requests and active grants of
   * their reports, and nobody else's.
   */
  @Test
  void aLineManagerOutsideManagersListsTheirReportsRequestsAndGrantsOnly() {
    String report = newPerson("report");
    String reportsGrant = grant(report, "finance", "budget review");
    String reportsRequest = submit("desk", report, "support-l2", "on-call rota", null).getBody().get("key").asText();
    String othersRequest = submit("desk", newPerson("other"), "support-l2", "on-call rota", null).getBody().get("key")
        .asText();
    String othersGrant = grant(newPerson("other"), "support-l2", "on-call rota");
    var identity = processEngine.getIdentityService();
    identity.setUserInfo(report, io.sopflow.identity.Directory.MANAGER_INFO_KEY, "l3");
    try {
      JsonNode requests = list("l3", "size=100");
      assertThat(requests.get("content").findValuesAsText("key")).contains(reportsGrant, reportsRequest)
          .doesNotContain(othersRequest, othersGrant);
      assertThat(requests.get("content")).allSatisfy(r -> assertThat(List.of(r.get("beneficiary").asText(),
          r.get("requester").asText(), r.get("ownerGroup").asText())).as("l3's own, a report's or l3's group's")
          .containsAnyOf("l3", report, "support-l3"));
      assertThat(list("l3", "beneficiary=" + report + "&size=100").get("content").findValuesAsText("key"))
          .contains(reportsGrant, reportsRequest);

      JsonNode grants = as("l3").get().uri("/api/access-grants?size=100").retrieve().body(JsonNode.class);
      assertThat(grants.get("content").findValuesAsText("id")).contains(reportsGrant).doesNotContain(othersGrant);
      assertThat(grants.get("content")).allSatisfy(g -> assertThat(List.of(g.get("user").asText(),
          g.get("ownerGroup").asText())).containsAnyOf("l3", report, "support-l3"));
      assertThat(as("l3").get().uri("/api/access-grants?user=" + report).retrieve().body(JsonNode.class)
          .get("content").findValuesAsText("id")).contains(reportsGrant);
      assertThat(as("l3").get().uri("/api/access-grants?user=cab1").retrieve().body(JsonNode.class)
          .get("totalElements").asLong()).as("another user's grants").isZero();
    } finally {
      identity.setUserInfo(report, io.sopflow.identity.Directory.MANAGER_INFO_KEY, "manager");
      for (String grant : List.of(reportsGrant, othersGrant)) {
        as("secoff").post().uri("/api/access-grants/" + grant + "/revoke").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("reason", "test over")).retrieve().toBodilessEntity();
        await().atMost(WAIT).until(() -> status("secoff", grant).equals("REVOKED"));
      }
    }
    assertThat(as("l3").get().uri("/api/access-requests/" + reportsRequest).retrieve().toBodilessEntity()
        .getStatusCode().value()).as("no longer their report").isEqualTo(404);
    assertThat(list("l3", "size=100").get("content").findValuesAsText("key")).doesNotContain(reportsRequest);
  }

  @Test
  void earlyRevocationAndLeaverRevocationRemoveTheMembershipsThroughTheProcess() {
    String financeKey = grant("relman", "finance", "budget review");
    String supportKey = grant("relman", "support-l2", "on-call rota");
    assertThat(isMember("relman", "finance")).isTrue();
    assertThat(isMember("relman", "support-l2")).isTrue();

    // pm is not concerned: the grant does not exist for them
    assertThat(as("pm").post().uri("/api/access-grants/" + financeKey + "/revoke").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("reason", "x")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);
    ResponseEntity<JsonNode> revoked = as("secoff").post().uri("/api/access-grants/" + financeKey + "/revoke")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("reason", "audit finding")).retrieve()
        .toEntity(JsonNode.class);
    assertThat(revoked.getStatusCode().value()).isEqualTo(202);
    await().atMost(WAIT).until(() -> !isMember("relman", "finance"));
    await().atMost(WAIT).until(() -> status("secoff", financeKey).equals("REVOKED"));

    ResponseEntity<JsonNode> leaver = as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "relman")).retrieve().toEntity(JsonNode.class);
    assertThat(leaver.getStatusCode().value()).isEqualTo(202);
    assertThat(leaver.getBody().get("revokedGrants").get(0).asText()).isEqualTo(supportKey);
    await().atMost(WAIT).until(() -> !isMember("relman", "support-l2"));
    await().atMost(WAIT).until(() -> status("desk", supportKey).equals("REVOKED"));
    JsonNode record = as("manager").get().uri("/api/access-requests/" + supportKey).retrieve().body(JsonNode.class);
    assertThat(record.get("decisions").findValuesAsText("action")).endsWith("REVOCATION_REQUESTED", "REVOKED");
    assertThat(auditTrail.entriesFor(supportKey)).extracting(e -> e.getAction()).contains("REVOKED");
    assertThat(as("pm").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "relman")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(403);
  }

  @Test
  void leaverCancelsTheirPendingRequestsAndNoApproverIsLeftWithATask() {
    // cab3 sits on the change advisory board, so finance conflicts: the security officers review it first
    String inSodReview = submit("desk", "cab3", "finance", "quarter close", null).getBody().get("key").asText();
    String atManager = submit("cab3", "cab3", "support-l2", "on-call rota", null).getBody().get("key").asText();
    ResponseEntity<JsonNode> forOwner = submit("desk", "cab3", "release-managers", "release cover", null);
    String atOwner = forOwner.getBody().get("key").asText();
    decide(forOwner.getBody().get("processInstanceId").asText(), "manager", List.of("managers"),
        AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
    String someoneElses = submit("desk", newPerson("stays"), "support-l2", "on-call rota", null).getBody().get("key")
        .asText();
    assertThat(List.of(inSodReview, atManager, atOwner).stream().map(key -> status("manager", key)))
        .containsExactly("SOD_REVIEW", "MANAGER_APPROVAL", "OWNER_APPROVAL");
    List<String> pids = List.of(inSodReview, atManager, atOwner).stream().map(this::processInstanceId).toList();

    ResponseEntity<JsonNode> leaver = as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "cab3")).retrieve().toEntity(JsonNode.class);

    assertThat(leaver.getStatusCode().value()).isEqualTo(202);
    assertThat(textValues(leaver.getBody().get("cancelledRequests"))).containsExactly(inSodReview, atManager, atOwner);
    assertThat(textValues(leaver.getBody().get("revokedGrants"))).isEmpty();
    for (String key : List.of(inSodReview, atManager, atOwner)) {
      JsonNode record = as("manager").get().uri("/api/access-requests/" + key).retrieve().body(JsonNode.class);
      assertThat(record.get("status").asText()).isEqualTo("CANCELLED");
      assertThat(record.get("endedAt").isNull()).isFalse();
      JsonNode last = record.get("decisions").get(record.get("decisions").size() - 1);
      assertThat(last.get("action").asText()).isEqualTo("CANCELLED");
      assertThat(last.get("actor").asText()).isEqualTo("desk");
      JsonNode audit = as("manager").get().uri("/api/audit?subject=" + key + "&size=100").retrieve()
          .body(JsonNode.class).path("content");
      JsonNode cancelled = audit.get(audit.size() - 1);
      assertThat(cancelled.get("action").asText()).isEqualTo("CANCELLED");
      assertThat(cancelled.get("actor").asText()).isEqualTo("desk");
      assertThat(cancelled.get("onBehalfOf").asText()).isEqualTo("leaver-process");
    }
    for (String pid : pids) {
      assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceId(pid).count())
          .as("process instance %s ended", pid).isZero();
      assertThat(processEngine.getTaskService().createTaskQuery().processInstanceId(pid).count()).isZero();
      assertThat(processEngine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(pid)
          .activityId(AccessProvisioningProcess.END_ACCESS_REQUEST_CANCELLED).finished().count()).isEqualTo(1);
    }
    assertThat(processEngine.getTaskService().createTaskQuery().taskCandidateUser("manager")
        .processInstanceBusinessKeyIn(inSodReview, atManager, atOwner).count()).as("the manager's tasks").isZero();
    JsonNode leaverAudit = as("manager").get().uri("/api/audit?subject=cab3&size=100").retrieve()
        .body(JsonNode.class).path("content");
    assertThat(leaverAudit.findValuesAsText("action")).contains("LEAVER_PROCESSED");
    assertThat(leaverAudit.get(leaverAudit.size() - 1).get("details").asText()).contains(inSodReview, atManager, atOwner);

    // Somebody else's request goes on; a second leaver call finds nothing left to cancel.
    assertThat(status("manager", someoneElses)).isEqualTo("MANAGER_APPROVAL");
    assertThat(openTask(processInstanceId(someoneElses)).getTaskDefinitionKey())
        .isEqualTo(AccessProvisioningProcess.TASK_APPROVE_AS_LINE_MANAGER);
    JsonNode again = as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "cab3")).retrieve().body(JsonNode.class);
    assertThat(textValues(again.get("cancelledRequests"))).isEmpty();
  }

  @Test
  void recordIsVisibleOnlyToThePeopleItConcerns() {
    String key = submit("desk", "desk", "security-officers", "incident response", null).getBody().get("key").asText();

    assertThat(as("desk").get().uri("/api/access-requests/" + key).retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(200);
    assertThat(as("secoff").get().uri("/api/access-requests/" + key).retrieve().toBodilessEntity().getStatusCode()
        .value()).isEqualTo(200);
    assertThat(as("pm").get().uri("/api/access-requests/" + key).retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(404);
    assertThat(as("cab1").get().uri("/api/access-requests/" + key).retrieve().toBodilessEntity().getStatusCode()
        .value()).isEqualTo(404);
  }

  @Test
  void onlyAdminsManageTheCatalogue() {
    Map<String, Object> resource = Map.of("key", "vpn-admin", "name", "VPN administration", "ownerGroup",
        "support-l3", "riskLevel", "HIGH", "maxGrantDuration", "P30D", "connectorType", "identity-group");

    assertThat(as("desk").post().uri("/api/access-resources").contentType(MediaType.APPLICATION_JSON).body(resource)
        .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(403);
    ResponseEntity<JsonNode> created = as("admin").post().uri("/api/access-resources")
        .contentType(MediaType.APPLICATION_JSON).body(resource).retrieve().toEntity(JsonNode.class);
    assertThat(created.getStatusCode().value()).isEqualTo(201);
    assertThat(created.getBody().get("maxGrantDuration").asText()).isEqualTo("PT720H");
    Map<String, Object> bad = new HashMap<>(resource);
    bad.put("key", "other");
    bad.put("connectorType", "carrier-pigeon");
    assertRefused(as("admin").post().uri("/api/access-resources").contentType(MediaType.APPLICATION_JSON).body(bad)
        .retrieve().toEntity(JsonNode.class), "connectorType");
    JsonNode all = as("desk").get().uri("/api/access-resources").retrieve().body(JsonNode.class);
    assertThat(all.findValuesAsText("key")).contains("finance", "change-advisory-board", "support-l2",
        "security-officers", "release-managers", "vpn-admin");
  }


  // ---------------------------------------------------------------------------------------- locked beneficiaries

  /** A leaver's account gets nothing requested after the leaver call: refused at once, nothing stored. */
  @Test
  void aRequestForALeaverIsRefusedWith400NamingTheBeneficiary() {
    String leaver = newPerson("leaver");
    assertThat(as("admin").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", leaver)).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(202);
    long before = instances();

    ResponseEntity<JsonNode> refused = submit("desk", leaver, "support-l2", "on-call rota", null);

    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(refused.getBody().get("field").asText()).isEqualTo("beneficiary");
    assertThat(instances()).isEqualTo(before);
    assertThat(list("admin", "beneficiary=" + leaver).get("totalElements").asLong()).isZero();
  }

  /**
   * A security incident contains the beneficiary while the request waits for the line manager: their approval ends
   * the request, refused by the system (audited, mailed), and nothing is granted during the containment.
   */
  @Test
  void aRequestWhoseBeneficiaryIsContainedWhileItWaitsEndsRefusedAtTheNextApproval() throws Exception {
    String suspect = newPerson("suspect");
    ResponseEntity<JsonNode> created = submit("desk", suspect, "support-l2", "on-call rota", null);
    String key = created.getBody().get("key").asText();
    String pid = created.getBody().get("processInstanceId").asText();
    containment.suspend(suspect, "SEC-TEST");

    decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");

    JsonNode record = as("admin").get().uri("/api/access-requests/" + key).retrieve().body(JsonNode.class);
    assertThat(record.get("status").asText()).isEqualTo("REJECTED");
    assertThat(record.get("decisions").findValuesAsText("action")).endsWith("MANAGER_APPROVED", "REFUSED");
    assertThat(lastDecision(record).get("comment").asText()).contains("locked");
    assertThat(auditTrail.entriesFor(key)).extracting(e -> e.getAction()).contains("REFUSED");
    assertThat(openTask(pid)).as("no owner approval asked for").isNull();
    assertThat(isMember(suspect, "support-l2")).isFalse();
    assertThat(awaitMailAbout("desk@sopflow.local", key, 1, WAIT).get(0).getSubject()).contains("was rejected");
  }

  /** The account is locked after the last approval, before the provisioning job runs: nothing is provisioned. */
  @Test
  void aBeneficiaryLockedBetweenTheApprovalsAndProvisioningGetsNothing() throws Exception {
    String suspect = newPerson("suspect");
    String key;
    String pid;
    List<String> provisioning = jobDefinitionsOf(AccessProvisioningProcess.TASK_PROVISION_ACCESS);
    provisioning.forEach(id -> processEngine.getManagementService().suspendJobDefinitionById(id, true));
    try {
      ResponseEntity<JsonNode> created = submit("desk", suspect, "release-managers", "release cover", null);
      key = created.getBody().get("key").asText();
      pid = created.getBody().get("processInstanceId").asText();
      decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
      decide(pid, "relman", List.of("release-managers"), AccessProvisioningProcess.OWNER_DECISION, "APPROVE");
      containment.suspend(suspect, "SEC-TEST");
    } finally {
      provisioning.forEach(id -> processEngine.getManagementService().activateJobDefinitionById(id, true));
    }

    String request = key;
    await().atMost(WAIT).until(() -> {
      executeDueJobs();
      return !status("admin", request).equals("PROVISIONING");
    });
    assertThat(status("admin", request)).isEqualTo("REJECTED");
    assertThat(isMember(suspect, "release-managers")).isFalse();
    JsonNode record = as("admin").get().uri("/api/access-requests/" + request).retrieve().body(JsonNode.class);
    assertThat(record.get("decisions").findValuesAsText("action")).endsWith("OWNER_APPROVED", "REFUSED")
        .doesNotContain("GRANTED");
    assertThat(awaitMailAbout("desk@sopflow.local", request, 1, WAIT).get(0).getSubject()).contains("was rejected");
  }

  /**
   * A containment and a provisioning of the same person at the same moment take turns on the person's lock row: the
   * containment that comes second sees the membership the provisioning committed and revokes it. Before, it read the
   * memberships while the provisioning was still open, revoked the others, and the contained account kept the new one.
   */
  @Test
  void aContainmentWhileTheBeneficiaryIsProvisionedWaitsAndRevokesTheNewMembershipToo() throws Exception {
    String suspect = newPerson("suspect");
    String pid;
    List<String> provisioning = jobDefinitionsOf(AccessProvisioningProcess.TASK_PROVISION_ACCESS);
    provisioning.forEach(id -> processEngine.getManagementService().suspendJobDefinitionById(id, true));
    ExecutorService containing = Executors.newSingleThreadExecutor();
    try {
      pid = submit("desk", suspect, "release-managers", "release cover", null).getBody().get("processInstanceId")
          .asText();
      decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
      decide(pid, "relman", List.of("release-managers"), AccessProvisioningProcess.OWNER_DECISION, "APPROVE");
      Long id = (Long) processEngine.getRuntimeService().getVariable(pid, AccessProvisioningProcess.ACCESS_REQUEST_ID);

      try (HeldTransaction<Provisioning> held = HeldTransaction.start(transactionManager, "system", List.of(),
          () -> accessRequests.provision(id))) {
        assertThat(held.awaitWritten()).isEqualTo(Provisioning.PROVISIONED);
        Future<AccountContainment.Suspension> contained = containing.submit(() ->
            new TransactionTemplate(transactionManager).execute(status -> containment.suspend(suspect, "SEC-TEST")));
        HeldTransaction.awaitWaitingOrAnswered(dataSource, "%access_beneficiary_lock%for update%", contained);
        held.commit();
        assertThat(contained.get(60, TimeUnit.SECONDS).removedGroups()).as("the provisioned membership is revoked")
            .contains("release-managers");
      }
    } finally {
      containing.shutdown();
      provisioning.forEach(id -> processEngine.getManagementService().activateJobDefinitionById(id, true));
    }
    assertThat(isMember(suspect, "release-managers")).isFalse();
  }

  // ------------------------------------------------------------------------------------ segregation of duties

  /**
   * Two requests for a conflicting pair, one after the other: the second goes to the security officers at once (the
   * first one counts while it waits), and the first, approved meanwhile, is checked again before provisioning and
   * goes to them too; an exception granted then covers it, and it is provisioned after its approvals.
   */
  @Test
  void twoRequestsForAConflictingPairBothReachTheSecurityOfficersBeforeEitherIsProvisioned() {
    String person = newPerson("sod");
    ResponseEntity<JsonNode> finance = submit("desk", person, "finance", "month-end close", null);
    String financeKey = finance.getBody().get("key").asText();
    String financePid = finance.getBody().get("processInstanceId").asText();
    assertThat(finance.getBody().get("status").asText()).isEqualTo("MANAGER_APPROVAL");

    ResponseEntity<JsonNode> cab = submit("desk", person, "change-advisory-board", "covering for cab1", null);

    assertThat(cab.getBody().get("status").asText()).as("finance is asked for already").isEqualTo("SOD_REVIEW");
    assertThat(cab.getBody().get("sodConflict").asText()).contains("finance", financeKey);

    decide(financePid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
    decide(financePid, "fin", List.of("finance"), AccessProvisioningProcess.OWNER_DECISION, "APPROVE");
    await().atMost(WAIT).until(() -> {
      executeDueJobs();
      return !status("admin", financeKey).equals("PROVISIONING");
    });

    assertThat(status("admin", financeKey)).as("checked again before provisioning").isEqualTo("SOD_REVIEW");
    assertThat(isMember(person, "finance")).isFalse();
    Task review = openTask(financePid);
    assertThat(review.getTaskDefinitionKey()).isEqualTo(AccessProvisioningProcess.TASK_REVIEW_SOD_CONFLICT);
    assertThat(processEngine.getTaskService().getIdentityLinksForTask(review.getId()))
        .anyMatch(link -> "security-officers".equals(link.getGroupId()));
    JsonNode record = as("admin").get().uri("/api/access-requests/" + financeKey).retrieve().body(JsonNode.class);
    assertThat(record.get("sodConflict").asText()).contains("change-advisory-board");

    // An exception covers the conflict it was granted for: after the approvals again, the grant is provisioned.
    decideWith(financePid, "secoff", List.of("security-officers"), Map.of(AccessProvisioningProcess.SOD_DECISION,
        "GRANT_EXCEPTION", AccessProvisioningProcess.SOD_COMMENT, "cover until the audit, both needed"));
    decide(financePid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
    decide(financePid, "fin", List.of("finance"), AccessProvisioningProcess.OWNER_DECISION, "APPROVE");
    await().atMost(WAIT).until(() -> {
      executeDueJobs();
      return status("admin", financeKey).equals("ACTIVE");
    });
    assertThat(isMember(person, "finance")).isTrue();
  }

  /**
   * Two requests for a conflicting pair at the same moment (a double submit, two nodes): the first is held open in
   * its transaction, written but not committed; the second waits for the beneficiary's lock row, then sees the first
   * and goes to the security officers. Without the lock it saw nothing and both went to the line manager.
   */
  @Test
  void twoConflictingRequestsAtTheSameMomentTakeTurnsAndTheSecondGoesToTheSecurityOfficers() throws Exception {
    String person = newPerson("race");
    assertTheSecondSawTheFirst(conflictingAtTheSameMoment(transactionManager, accessRequests, dataSource, person,
        body -> as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON).body(body)
            .retrieve().toEntity(JsonNode.class)));
  }

  /**
   * {@code person}'s request for finance, the real service call in a transaction held open after its insert, and a
   * real POST of their request for change-advisory-board (configured as conflicting) meanwhile; the first commits once
   * the second waits for a row lock or has answered. Returns the first one and the second's answer.
   */
  static Map.Entry<AccessRequestView, ResponseEntity<JsonNode>> conflictingAtTheSameMoment(
      PlatformTransactionManager transactionManager, AccessRequestService service, DataSource dataSource,
      String person, Function<Map<String, Object>, ResponseEntity<JsonNode>> post) throws Exception {
    ExecutorService secondRequest = Executors.newSingleThreadExecutor();
    try (HeldTransaction<AccessRequestView> held = HeldTransaction.start(transactionManager, "desk",
        List.of("service-desk"), () -> service.submitFor("desk",
            new AccessRequestInput(person, "finance", "month-end close", null)))) {
      held.awaitWritten();
      Future<ResponseEntity<JsonNode>> answer = secondRequest.submit(() -> post.apply(Map.of("beneficiary", person,
          "resource", "change-advisory-board", "justification", "covering for cab1")));
      HeldTransaction.awaitWaitingOrAnswered(dataSource, "%access_beneficiary_lock%for update%", answer);
      AccessRequestView first = held.commit();
      return Map.entry(first, answer.get(60, TimeUnit.SECONDS));
    } finally {
      secondRequest.shutdown();
    }
  }

  static void assertTheSecondSawTheFirst(Map.Entry<AccessRequestView, ResponseEntity<JsonNode>> outcome) {
    assertThat(outcome.getKey().status()).isEqualTo(AccessRequestStatus.MANAGER_APPROVAL);
    ResponseEntity<JsonNode> second = outcome.getValue();
    assertThat(second.getStatusCode().value()).as("%s", second.getBody()).isEqualTo(201);
    assertThat(second.getBody().get("status").asText()).as("it saw the first request").isEqualTo("SOD_REVIEW");
    assertThat(second.getBody().get("sodConflict").asText()).contains("finance", outcome.getKey().key());
  }

  // ---------------------------------------------------------------------------------- one right, one grant

  /**
   * A permanent board member (as cab3 is) asked for a time-boxed board grant, which would take the seat away at its
   * end; and a second request while the first waits.
   */
  @Test
  void aRequestForARightTheBeneficiaryHoldsOrHasAskedForIsRefusedWith409NamingTheResource() {
    String boardMember = newPerson("seat");
    processEngine.getIdentityService().createMembership(boardMember, "change-advisory-board");
    long before = instances();
    ResponseEntity<JsonNode> member = submit("desk", boardMember, "change-advisory-board", "cover",
        Instant.now().plus(Duration.ofDays(2)));
    assertThat(member.getStatusCode().value()).isEqualTo(409);
    assertThat(member.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(member.getBody().get("field").asText()).isEqualTo("resource");
    assertThat(instances()).isEqualTo(before);

    String person = newPerson("twice");
    String first = submit("desk", person, "support-l2", "on-call rota", null).getBody().get("key").asText();
    ResponseEntity<JsonNode> again = submit(person, person, "support-l2", "on-call rota, again", null);
    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(again.getBody().get("field").asText()).isEqualTo("resource");
    assertThat(again.getBody().get("detail").asText()).contains(first);
    assertThat(list("admin", "beneficiary=" + person).get("totalElements").asLong()).isOne();
  }

  /**
   * Made a permanent member outside SOPFlow while the request waited (an admin in Camunda Admin): the grant finds
   * the right there, and its expiry leaves it.
   */
  @Test
  void aGrantThatFoundTheRightThereAlreadyLeavesItAtItsExpiry() {
    String person = newPerson("member");
    Instant validUntil = Instant.now().plus(Duration.ofHours(2));
    ResponseEntity<JsonNode> created = submit("desk", person, "change-advisory-board", "cover", validUntil);
    processEngine.getIdentityService().createMembership(person, "change-advisory-board");
    String key = approved(created, "change-advisory-board");

    ClockUtil.setCurrentTime(Date.from(validUntil.plus(Duration.ofMinutes(1))));
    await().atMost(WAIT).until(() -> {
      executeDueJobs();
      return status("admin", key).equals("EXPIRED");
    });

    assertThat(isMember(person, "change-advisory-board")).as("the permanent seat stays").isTrue();
    assertThat(lastDecision(as("admin").get().uri("/api/access-requests/" + key).retrieve().body(JsonNode.class))
        .get("comment").asText()).contains("held it before this grant");
  }

  /**
   * Two active grants of one right (from before they were refused): the shorter one's expiry leaves the right to
   * the other, which removes it at its own end.
   */
  @Test
  void ofTwoActiveGrantsOfOneRightTheFirstToEndLeavesItToTheOther() {
    String person = newPerson("double");
    Instant validUntil = Instant.now().plus(Duration.ofHours(2));
    String shortKey = approved(submit("desk", person, "support-l2", "on-call rota", validUntil), "support-l2");
    // The second grant, as an older version could make one: active, until revoked, without a process of its own.
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.update("insert into access_request (version, request_key, beneficiary, requester, resource_key, owner_group,"
        + " connector_type, justification, status, created_at, granted_at) values (0, ?, ?, 'desk', 'support-l2',"
        + " 'support-l2', 'identity-group', 'second grant', 'ACTIVE', ?, ?)", "OLD-" + person.substring(person.length() - 8),
        person, java.sql.Timestamp.from(Instant.now()), java.sql.Timestamp.from(Instant.now()));
    Long longId = jdbc.queryForObject("select id from access_request where beneficiary = ? and status = 'ACTIVE'"
        + " and justification = 'second grant'", Long.class, person);

    ClockUtil.setCurrentTime(Date.from(validUntil.plus(Duration.ofMinutes(1))));
    await().atMost(WAIT).until(() -> {
      executeDueJobs();
      return status("admin", shortKey).equals("EXPIRED");
    });

    assertThat(isMember(person, "support-l2")).as("the other grant still holds it").isTrue();
    accessRequests.expire(longId);
    accessRequests.verifyExpired(longId);
    assertThat(isMember(person, "support-l2")).as("removed at the other grant's end").isFalse();
  }

  // ------------------------------------------------------------------------------------------------ validity

  /** Approved only after the validity the requester asked for: nothing is granted, and the requester is told. */
  @Test
  void aRequestApprovedAfterItsValidityEndsRefusedAndNothingIsGranted() throws Exception {
    String person = newPerson("late");
    Instant validUntil = Instant.now().plus(Duration.ofHours(2));
    ResponseEntity<JsonNode> created = submit("desk", person, "support-l2", "weekend cover", validUntil);
    String key = created.getBody().get("key").asText();
    String pid = created.getBody().get("processInstanceId").asText();
    decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");

    ClockUtil.setCurrentTime(Date.from(validUntil.plus(Duration.ofHours(1))));
    decide(pid, "l2", List.of("support-l2"), AccessProvisioningProcess.OWNER_DECISION, "APPROVE");
    executeDueJobs();

    JsonNode record = as("admin").get().uri("/api/access-requests/" + key).retrieve().body(JsonNode.class);
    assertThat(record.get("status").asText()).isEqualTo("REJECTED");
    assertThat(record.get("decisions").findValuesAsText("action")).endsWith("OWNER_APPROVED", "REFUSED")
        .doesNotContain("GRANTED");
    assertThat(lastDecision(record).get("comment").asText()).contains("has passed");
    assertThat(isMember(person, "support-l2")).isFalse();
    assertThat(awaitMailAbout("desk@sopflow.local", key, 1, WAIT)).extracting(m -> m.getSubject())
        .allMatch(subject -> subject.contains("was rejected"));
  }

  // ----------------------------------------------------------------------------------------------

  private String grant(String beneficiary, String resource, String justification) {
    return approved(submit("desk", beneficiary, resource, justification, null), resource);
  }

  /**
   * Approves a submitted request as the line manager and a member of the resource's owner group would, and waits for
   * its grant to be active and waiting for its end; returns its key.
   */
  private String approved(ResponseEntity<JsonNode> created, String resource) {
    String pid = created.getBody().get("processInstanceId").asText();
    String key = created.getBody().get("key").asText();
    decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
    String owner = openTask(pid).getTaskDefinitionKey().equals(AccessProvisioningProcess.TASK_APPROVE_AS_RESOURCE_OWNER)
        ? ownerOf(resource) : null;
    decide(pid, owner, List.of(ownerGroupOf(resource)), AccessProvisioningProcess.OWNER_DECISION, "APPROVE");
    await().atMost(WAIT).until(() -> {
      executeDueJobs();
      return status("desk", key).equals("ACTIVE") && processEngine.getRuntimeService().createExecutionQuery()
          .processInstanceId(pid).messageEventSubscriptionName(AccessProvisioningProcess.MESSAGE_REVOCATION_REQUESTED)
          .count() == 1;
    });
    return key;
  }

  /** The job definitions of {@code activityId} in the newest version of the model (to hold its jobs). */
  private List<String> jobDefinitionsOf(String activityId) {
    var management = processEngine.getManagementService();
    String definitionId = processEngine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(AccessProvisioningProcess.PROCESS_KEY).latestVersion().singleResult().getId();
    return management.createJobDefinitionQuery().processDefinitionId(definitionId)
        .activityIdIn(activityId).list().stream().map(d -> d.getId()).toList();
  }

  private static JsonNode lastDecision(JsonNode record) {
    return record.get("decisions").get(record.get("decisions").size() - 1);
  }

  /** Completes the open task of the instance as the given person with these values, the way Tasklist does. */
  private void decideWith(String pid, String user, List<String> groups, Map<String, Object> values) {
    var identity = processEngine.getIdentityService();
    identity.setAuthentication(user, groups);
    try {
      processEngine.getTaskService().complete(openTask(pid).getId(), values);
    } finally {
      identity.clearAuthentication();
    }
  }

  private static String ownerOf(String resource) {
    return switch (resource) {
      case "finance" -> "fin";
      case "support-l2" -> "l2";
      case "change-advisory-board" -> "chgman";
      case "security-officers" -> "secoff";
      default -> throw new IllegalArgumentException(resource);
    };
  }

  private static String ownerGroupOf(String resource) {
    return resource.equals("change-advisory-board") ? "change-managers" : resource;
  }

  @Test
  void anOwnerApprovalNobodyGivesInTimeIsRejectedAndCountedAsABreachOfItsStep() {
    Instant validUntil = Instant.now().plus(Duration.ofDays(30));
    String key = submit("desk", newPerson("clerk"), "finance", "quarter close", validUntil).getBody().get("key")
        .asText();
    String pid = processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(key)
        .singleResult().getId();
    decide(pid, "manager", List.of("managers"), AccessProvisioningProcess.MANAGER_DECISION, "APPROVE");
    double before = slaBreaches("access", "none", "resource-owner-approval");

    processEngine.getManagementService().executeJob(processEngine.getManagementService().createJobQuery()
        .processInstanceId(pid).activityId(AccessProvisioningProcess.BOUNDARY_OWNER_OVERDUE).singleResult().getId());

    assertThat(status("desk", key)).isEqualTo("REJECTED");
    assertThat(slaBreaches("access", "none", "resource-owner-approval")).as("a breach of the step it waited in")
        .isEqualTo(before + 1);
    assertThat(processEngine.getTaskService().createTaskQuery().processInstanceId(pid).count()).as("nothing left to decide")
        .isZero();
  }

  private ResponseEntity<JsonNode> submit(String as, String beneficiary, String resource, String justification,
      Instant validUntil) {
    Map<String, Object> body = new HashMap<>();
    body.put("beneficiary", beneficiary);
    body.put("resource", resource);
    body.put("justification", justification);
    if (validUntil != null) {
      body.put("validUntil", OffsetDateTime.ofInstant(validUntil, ZoneOffset.ofHours(2)).toString());
    }
    return as(as).post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class);
  }

  private JsonNode list(String user, String query) {
    return as(user).get().uri("/api/access-requests?" + query).retrieve().body(JsonNode.class);
  }

  private ResponseEntity<JsonNode> completeThroughEngineRest(String user, String taskId, Map<String, Object> variables) {
    return as(user).post().uri("/engine-rest/task/" + taskId + "/complete").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", variables)).retrieve().toEntity(JsonNode.class);
  }

  private ResponseEntity<JsonNode> submitForm(String user, Map<String, Object> variables) {
    return as(user).post().uri("/engine-rest/process-definition/key/" + AccessProvisioningProcess.PROCESS_KEY
        + "/submit-form").contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", variables)).retrieve()
        .toEntity(JsonNode.class);
  }

  private long instances() {
    return processEngine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(AccessProvisioningProcess.PROCESS_KEY).count();
  }

  private String processInstanceId(String key) {
    return as("manager").get().uri("/api/access-requests/" + key).retrieve().body(JsonNode.class)
        .get("processInstanceId").asText();
  }

  private static List<String> textValues(JsonNode array) {
    List<String> values = new java.util.ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private void assertRefused(ResponseEntity<JsonNode> response, String field) {
    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(response.getBody().get("field").asText()).isEqualTo(field);
  }

  private Task openTask(String pid) {
    return processEngine.getTaskService().createTaskQuery().processInstanceId(pid).singleResult();
  }

  /** Completes the open task of the instance as the given person, the way Tasklist does. */
  private void decide(String pid, String user, List<String> groups, String field, String value) {
    decideWith(pid, user, groups, Map.of(field, value));
  }

  private boolean isMember(String user, String group) {
    return processEngine.getIdentityService().createUserQuery().userId(user).memberOfGroup(group).count() == 1;
  }

  private String status(String as, String key) {
    return as(as).get().uri("/api/access-requests/" + key).retrieve().body(JsonNode.class).get("status").asText();
  }
}
