package io.sopflow.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.access.AccountLocks;
import io.sopflow.audit.AuditEntry;
import io.sopflow.audit.AuditTrail;
import io.sopflow.delegation.DelegationApi.CreateDelegation;
import io.sopflow.delegation.DelegationApi.DelegationView;
import io.sopflow.platform.process.DelegatedTasks;
import io.sopflow.support.HeldTransaction;
import io.sopflow.support.IntegrationTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Delegation end to end: through {@code /api/delegations}, the change and access SOPs, Tasklist's filter (through
 * {@code /engine-rest}), the audit trail and the mails. Every delegation a test makes is ended after it, so that no
 * other test of the shared context sees tasks offered to a delegate.
 */
class DelegationIntegrationTest extends IntegrationTestBase {

  private static final String VOTE_TASK = "Task_VoteOnChange";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired TaskService taskService;
  @Autowired IdentityService identityService;
  @Autowired DelegationWindows windows;
  @Autowired AuditTrail auditTrail;
  @Autowired AccountLocks locks;
  @Autowired DelegationService service;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired DataSource dataSource;

  private final List<String> made = new ArrayList<>();

  @AfterEach
  void endEveryDelegationMade() {
    ClockUtil.reset();
    identityService.clearAuthentication();
    for (String key : made) {
      as("admin").delete().uri("/api/delegations/{key}", key).retrieve().toBodilessEntity();
    }
  }

  @Test
  void cab2DelegatesToChgmanWhoFindsTheVoteUnderDelegatedToMeAndCastsItActingForCab2() {
    String number = changeAwaitingCab("desk", "l2");
    Task vote = voteOf(number, "cab2");
    assertThat(vote.getAssignee()).isEqualTo("cab2");

    ResponseEntity<JsonNode> created = delegate("cab2", Map.of("delegate", "chgman", "until", in(Duration.ofDays(2)),
        "groups", List.of("change-advisory-board")));

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode delegation = created.getBody();
    String key = delegation.get("key").asText();
    assertThat(key).matches("DLG-\\d{6}");
    assertThat(created.getHeaders().getLocation()).hasToString("/api/delegations/" + key);
    assertThat(delegation.get("delegator").asText()).isEqualTo("cab2");
    assertThat(delegation.get("delegate").asText()).isEqualTo("chgman");
    assertThat(delegation.get("groups").get(0).asText()).isEqualTo("change-advisory-board");
    assertThat(delegation.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(delegation.get("from").asText()).isNotBlank();
    assertThat(delegation.get("until").asText()).isNotBlank();

    // The waiting vote is offered to chgman too; cab2 keeps it (as a candidate, so that either may take it).
    Task offered = taskService.createTaskQuery().taskId(vote.getId()).singleResult();
    assertThat(offered.getAssignee()).isNull();
    assertThat(offered.getOwner()).isEqualTo("chgman");
    assertThat(candidateUsers(offered)).containsExactlyInAnyOrder("cab2", "chgman");
    assertThat(taskService.getVariableLocal(vote.getId(), DelegatedTasks.DELEGATED_FROM)).isEqualTo("cab2");
    assertThat(delegatedToMe("chgman")).contains(vote.getId());
    assertThat(delegatedToMe("cab2")).doesNotContain(vote.getId());

    // A vote created during the window is offered as it is created.
    String later = changeAwaitingCab("desk", "l2");
    Task newVote = voteOf(later, "cab2");
    assertThat(newVote.getOwner()).isEqualTo("chgman");
    assertThat(delegatedToMe("chgman")).contains(vote.getId(), newVote.getId());
    // Other members' votes are not affected.
    assertThat(voteOf(later, "cab1").getOwner()).isNull();

    ResponseEntity<JsonNode> cast = completeViaRest("chgman", vote.getId(),
        "{\"variables\":{\"cabVote\":{\"value\":\"APPROVE\",\"type\":\"String\"},"
            + "\"cabComment\":{\"value\":\"Fine while cab2 is away\",\"type\":\"String\"}}}");
    assertThat(cast.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    JsonNode record = as("chgman").get().uri("/api/changes/{n}", number).retrieve().body(JsonNode.class);
    JsonNode recorded = StreamSupport.stream(record.get("votes").spliterator(), false)
        .filter(v -> v.get("voter").asText().equals("cab2")).findFirst().orElseThrow();
    assertThat(recorded.get("decision").asText()).isEqualTo("APPROVE");
    assertThat(recorded.get("recordedBy").asText()).isEqualTo("chgman");
    assertThat(recorded.get("actingFor").asText()).isEqualTo("cab2");
    AuditEntry audited = auditTrail.entriesFor(number).stream().filter(e -> e.getAction().equals("CAB_APPROVE"))
        .findFirst().orElseThrow();
    assertThat(audited.getActor()).isEqualTo("chgman");
    assertThat(audited.getOnBehalfOf()).isEqualTo("cab2");
    assertThat(audited.getDetails()).startsWith("chgman acting for cab2");

    awaitMail("cab2@sopflow.local", key, "chgman now stands in for cab2");
    awaitMail("chgman@sopflow.local", key, "chgman now stands in for cab2");

    // cab2 ends it early: the vote still open is withdrawn from chgman and waits for cab2 alone again.
    JsonNode ended = as("cab2").delete().uri("/api/delegations/{key}", key).retrieve().body(JsonNode.class);
    assertThat(ended.get("status").asText()).isEqualTo("ENDED");
    assertThat(ended.get("endedBy").asText()).isEqualTo("cab2");
    Task back = taskService.createTaskQuery().taskId(newVote.getId()).singleResult();
    assertThat(back.getAssignee()).isEqualTo("cab2");
    assertThat(back.getOwner()).isNull();
    assertThat(candidateUsers(back)).isEmpty();
    assertThat(delegatedToMe("chgman")).doesNotContain(newVote.getId());
    awaitMail("cab2@sopflow.local", key, "chgman no longer stands in for cab2");
    awaitMail("chgman@sopflow.local", key, "chgman no longer stands in for cab2");
    assertThat(auditTrail.entriesFor(key)).extracting(AuditEntry::getAction)
        .containsExactly("DELEGATION_CREATED", "DELEGATION_STARTED", "DELEGATION_ENDED");
  }

  @Test
  void fourEyesRefusesTheDelegateWhereItWouldRefuseTheDelegator() {
    // l3 implements the change: as cab2's delegate l3 is offered cab2's vote, but may not cast it.
    String number = changeAwaitingCab("desk", "l3");
    Task vote = voteOf(number, "cab2");
    delegate("cab2", Map.of("delegate", "l3", "until", in(Duration.ofDays(1))));
    assertThat(taskService.createTaskQuery().taskId(vote.getId()).singleResult().getOwner()).isEqualTo("l3");

    ResponseEntity<JsonNode> refused = completeViaRest("l3", vote.getId(),
        "{\"variables\":{\"cabVote\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}");
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(as("desk").get().uri("/api/changes/{n}", number).retrieve().body(JsonNode.class).get("votes"))
        .isEmpty();
    assertThat(taskService.createTaskQuery().taskId(vote.getId()).count()).isOne();

    // The access SOP: manager's delegate may not approve an access request for themselves as line manager.
    delegate("manager", Map.of("delegate", "l2", "until", in(Duration.ofDays(1)), "groups", List.of("managers")));
    JsonNode request = as("l2").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(accessRequest("l2")).retrieve().body(JsonNode.class);
    Task approval = lineManagerTask(request.get("processInstanceId").asText());
    assertThat(candidateUsers(approval)).containsExactlyInAnyOrder("manager", "l2");
    ResponseEntity<JsonNode> selfApproval = completeViaRest("l2", approval.getId(),
        "{\"variables\":{\"managerDecision\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}");
    assertThat(selfApproval.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("l2").get().uri("/api/access-requests/{k}", request.get("key").asText()).retrieve()
        .body(JsonNode.class).get("status").asText()).isEqualTo("MANAGER_APPROVAL");
  }

  @Test
  void aLineManagersDelegateApprovesAnAccessRequestActingForThem() {
    String key = delegate("manager", Map.of("delegate", "incman", "until", in(Duration.ofDays(1)),
        "groups", List.of("managers"))).getBody().get("key").asText();
    JsonNode request = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(accessRequest(newPerson("report"))).retrieve().body(JsonNode.class);
    Task approval = lineManagerTask(request.get("processInstanceId").asText());
    assertThat(approval.getOwner()).isEqualTo("incman");

    ResponseEntity<JsonNode> approved = completeViaRest("incman", approval.getId(),
        "{\"variables\":{\"managerDecision\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}");

    assertThat(approved.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    String requestKey = request.get("key").asText();
    JsonNode record = as("desk").get().uri("/api/access-requests/{k}", requestKey).retrieve().body(JsonNode.class);
    JsonNode decision = StreamSupport.stream(record.get("decisions").spliterator(), false)
        .filter(d -> d.get("action").asText().equals("MANAGER_APPROVED")).findFirst().orElseThrow();
    assertThat(decision.get("actor").asText()).isEqualTo("incman");
    assertThat(decision.get("actingFor").asText()).isEqualTo("manager");
    assertAuditedActingFor(requestKey, "MANAGER_APPROVED", "incman", "manager");
    assertThat(key).matches("DLG-\\d{6}");
  }

  /**
   * The line manager's approval of a service request, decided by their delegate, is the line manager's decision taken
   * by the delegate: the record and the audit trail say "incman acting for manager", as for an access request.
   */
  @Test
  void aLineManagersDelegateApprovesAServiceRequestActingForThem() {
    delegate("manager", Map.of("delegate", "incman", "until", in(Duration.ofDays(1)), "groups", List.of("managers")));
    JsonNode request = as("desk").post().uri("/api/service-requests").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("item", "laptop", "requestedFor", newPerson("report"), "justification", "New colleague",
            "details", Map.of("model", "standard", "deliveryAddress", "Room 2.01"))).retrieve().body(JsonNode.class);
    Task approval = lineManagerTask(request.get("processInstanceId").asText());
    assertThat(approval.getOwner()).as("offered to the delegate").isEqualTo("incman");

    ResponseEntity<JsonNode> approved = completeViaRest("incman", approval.getId(),
        "{\"variables\":{\"decision\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}");

    assertThat(approved.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    String number = request.get("number").asText();
    JsonNode record = as("desk").get().uri("/api/service-requests/{n}", number).retrieve().body(JsonNode.class);
    assertThat(record.get("managerDecidedBy").asText()).isEqualTo("incman");
    assertThat(record.get("managerActingFor").asText()).isEqualTo("manager");
    assertAuditedActingFor(number, "APPROVED_BY_MANAGER", "incman", "manager");
  }

  @Test
  void anOverdueCabVoteGoesToTheMembersDelegateWhoIsMailedAndCastsItElseToTheChangeManagers() {
    delegate("cab2", Map.of("delegate", "incman", "until", in(Duration.ofDays(2)),
        "groups", List.of("change-advisory-board")));
    String number = changeAwaitingCab("desk", "l2");
    Task cab2Vote = voteOf(number, "cab2");
    Task cab1Vote = voteOf(number, "cab1");

    // The SLA timer fires (executed here, as the job executor would once it is due: no waiting).
    processEngine.getManagementService().executeJob(processEngine.getManagementService().createJobQuery()
        .processInstanceId(cab2Vote.getProcessInstanceId()).activityId("BoundaryEvent_CabEscalation")
        .singleResult().getId());

    assertThat(taskService.createTaskQuery().taskId(cab2Vote.getId()).singleResult().getOwner()).isEqualTo("incman");
    assertThat(candidateUsers(cab2Vote)).contains("incman");
    assertThat(candidateGroups(cab2Vote)).as("cab2's vote stays with the delegate").isEmpty();
    assertThat(candidateGroups(cab1Vote)).as("no delegate: re-offered as before").containsExactly("change-managers");
    awaitMail("incman@sopflow.local", number, "Overdue CAB vote");
    awaitMail("chgman@sopflow.local", number, "Overdue CAB vote");

    assertThat(completeViaRest("incman", cab2Vote.getId(),
        "{\"variables\":{\"cabVote\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}").getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    JsonNode record = as("chgman").get().uri("/api/changes/{n}", number).retrieve().body(JsonNode.class);
    JsonNode recorded = StreamSupport.stream(record.get("votes").spliterator(), false)
        .filter(v -> v.get("voter").asText().equals("cab2")).findFirst().orElseThrow();
    assertThat(recorded.get("recordedBy").asText()).isEqualTo("incman");
    assertThat(recorded.get("actingFor").asText()).isEqualTo("cab2");
  }

  @Test
  void anOverdueLineManagerApprovalGoesToTheLineManagersDelegateWhoIsMailedAndApprovesActingForThem() {
    delegate("manager", Map.of("delegate", "incman", "until", in(Duration.ofDays(1)), "groups", List.of("managers")));
    JsonNode request = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(accessRequest(newPerson("report"))).retrieve().body(JsonNode.class);
    String requestKey = request.get("key").asText();
    String instance = request.get("processInstanceId").asText();
    double breachesBefore = slaBreaches("access", "none", "line-manager-approval");

    // The SLA timer fires (executed as the job executor would once due: no waiting).
    processEngine.getManagementService().executeJob(processEngine.getManagementService().createJobQuery()
        .processInstanceId(instance).activityId("BoundaryEvent_LineManagerApprovalOverdue").singleResult().getId());

    Task again = lineManagerTask(instance);
    assertThat(again).as("not rejected: offered again").isNotNull();
    assertThat(again.getOwner()).isEqualTo("incman");
    awaitMail("incman@sopflow.local", requestKey, "Overdue: access request");
    assertThat(auditTrail.entriesFor(requestKey)).filteredOn(e -> e.getAction().equals("ESCALATED")).singleElement()
        .satisfies(e -> assertThat(e.getDetails()).contains("offered to incman, acting for manager"));
    assertThat(slaBreaches("access", "none", "line-manager-approval")).as("counted as an SLA breach")
        .isEqualTo(breachesBefore + 1);
    assertThat(as("desk").get().uri("/api/access-requests/{k}", requestKey).retrieve().body(JsonNode.class)
        .get("status").asText()).isEqualTo("MANAGER_APPROVAL");

    assertThat(completeViaRest("incman", again.getId(),
        "{\"variables\":{\"managerDecision\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}").getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(auditTrail.entriesFor(requestKey)).filteredOn(e -> e.getAction().equals("MANAGER_APPROVED"))
        .singleElement().satisfies(e -> assertThat(e.getOnBehalfOf()).isEqualTo("manager"));
  }

  @Test
  void theClientContactsAndTheSponsorsDelegatesAcceptAndSignOffAClosureActingForThem() {
    delegate("cab2", Map.of("delegate", "chgman", "until", in(Duration.ofDays(1))));
    delegate("manager", Map.of("delegate", "incman", "until", in(Duration.ofDays(1))));
    String key = closureOfPm();

    Task acceptance = taskService.createTaskQuery().processInstanceBusinessKey(key)
        .taskDefinitionKey("Task_VerifyDeliverable").singleResult();
    assertThat(acceptance.getOwner()).as("offered to cab2's delegate").isEqualTo("chgman");
    assertThat(completeViaRest("chgman", acceptance.getId(),
        "{\"variables\":{\"verificationResult\":{\"value\":\"ACCEPTED\",\"type\":\"String\"}}}")
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    Task signOff = taskService.createTaskQuery().processInstanceBusinessKey(key)
        .taskDefinitionKey("Task_SignOffClosure").singleResult();
    assertThat(signOff.getOwner()).as("offered to the sponsor's delegate").isEqualTo("incman");
    assertThat(completeViaRest("incman", signOff.getId(), "{\"variables\":{"
        + "\"signOffDecision\":{\"value\":\"SIGNED_OFF\",\"type\":\"String\"},"
        + "\"signOffComment\":{\"value\":\"Fine for the sponsor\",\"type\":\"String\"}}}")
        .getStatusCode()).as("the sponsor's delegate may sign off").isEqualTo(HttpStatus.NO_CONTENT);

    JsonNode record = as("pm").get().uri("/api/project-closures/{k}", key).retrieve().body(JsonNode.class);
    assertThat(record.get("status").asText()).isEqualTo("WRAPPING_UP");
    assertThat(record.at("/signOff/by").asText()).isEqualTo("incman");
    assertThat(record.at("/signOff/actingFor").asText()).isEqualTo("manager");
    assertThat(record.at("/deliverables/0/verifiedBy").asText()).isEqualTo("chgman");
    assertThat(record.at("/deliverables/0/verifiedActingFor").asText()).isEqualTo("cab2");
    assertThat(auditTrail.entriesFor(key)).filteredOn(e -> e.getAction().equals("SIGNED_OFF")).singleElement()
        .satisfies(e -> {
          assertThat(e.getActor()).isEqualTo("incman");
          assertThat(e.getOnBehalfOf()).isEqualTo("manager");
          assertThat(e.getDetails()).isEqualTo("incman acting for manager: Fine for the sponsor");
        });
    assertThat(auditTrail.entriesFor(key)).filteredOn(e -> e.getAction().equals("DELIVERABLE_ACCEPTED"))
        .singleElement().satisfies(e -> {
          assertThat(e.getActor()).isEqualTo("chgman");
          assertThat(e.getOnBehalfOf()).isEqualTo("cab2");
          assertThat(e.getDetails()).isEqualTo("chgman acting for cab2: Handbook");
        });
  }

  @Test
  void theRequesterOfAClosureNeitherAcceptsNorSignsItOffAsTheClientContactsOrTheSponsorsDelegate() {
    delegate("cab2", Map.of("delegate", "pm", "until", in(Duration.ofDays(1))));
    delegate("manager", Map.of("delegate", "pm", "until", in(Duration.ofDays(1))));
    String key = closureOfPm();
    String accepted = "{\"variables\":{\"verificationResult\":{\"value\":\"ACCEPTED\",\"type\":\"String\"}}}";

    Task acceptance = taskService.createTaskQuery().processInstanceBusinessKey(key)
        .taskDefinitionKey("Task_VerifyDeliverable").singleResult();
    assertThat(acceptance.getOwner()).as("offered to cab2's delegate").isEqualTo("pm");
    assertThat(completeViaRest("pm", acceptance.getId(), accepted).getStatusCode())
        .as("four eyes: the requester does not accept their own deliverables").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(completeViaRest("cab2", acceptance.getId(), accepted).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    Task signOff = taskService.createTaskQuery().processInstanceBusinessKey(key)
        .taskDefinitionKey("Task_SignOffClosure").singleResult();
    assertThat(signOff.getOwner()).as("offered to the sponsor's delegate").isEqualTo("pm");
    String signedOff = "{\"variables\":{\"signOffDecision\":{\"value\":\"SIGNED_OFF\",\"type\":\"String\"}}}";
    assertThat(completeViaRest("pm", signOff.getId(), signedOff).getStatusCode())
        .as("four eyes: the requester does not sign off their own closure").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(taskService.createTaskQuery().taskId(signOff.getId()).count()).as("still open").isOne();
    assertThat(as("pm").get().uri("/api/project-closures/{k}", key).retrieve().body(JsonNode.class)
        .get("status").asText()).isEqualTo("SIGN_OFF");
    assertThat(completeViaRest("manager", signOff.getId(), signedOff).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(auditTrail.entriesFor(key)).filteredOn(e -> e.getAction().equals("SIGNED_OFF")).singleElement()
        .satisfies(e -> assertThat(e.getActor()).isEqualTo("manager"));
  }

  @Test
  void theWindowsStartAndEndOfferAndWithdrawTheTaskOnTheEngineClock() {
    String number = changeAwaitingCab("desk", "l2");
    Task vote = voteOf(number, "cab2");
    Instant now = ClockUtil.now().toInstant();
    JsonNode scheduled = delegate("cab2", Map.of("delegate", "chgman",
        "from", at(now.plus(Duration.ofHours(1))), "until", at(now.plus(Duration.ofHours(3))))).getBody();
    String key = scheduled.get("key").asText();
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(taskService.createTaskQuery().taskId(vote.getId()).singleResult().getAssignee()).isEqualTo("cab2");
    assertThat(windows.runDue(now.plus(Duration.ofMinutes(59)))).isZero();

    ClockUtil.setCurrentTime(Date.from(now.plus(Duration.ofMinutes(61))));
    assertThat(windows.runDue(ClockUtil.now().toInstant())).isOne();
    assertThat(windows.runDue(ClockUtil.now().toInstant())).as("each window moves once").isZero();

    Task offered = taskService.createTaskQuery().taskId(vote.getId()).singleResult();
    assertThat(offered.getOwner()).isEqualTo("chgman");
    assertThat(candidateUsers(offered)).contains("chgman");
    assertThat(as("cab2").get().uri("/api/delegations/{k}", key).retrieve().body(JsonNode.class).get("status")
        .asText()).isEqualTo("ACTIVE");
    awaitMail("chgman@sopflow.local", key, "now stands in");

    ClockUtil.setCurrentTime(Date.from(now.plus(Duration.ofHours(3)).plusSeconds(60)));
    assertThat(windows.runDue(ClockUtil.now().toInstant())).isOne();

    Task withdrawn = taskService.createTaskQuery().taskId(vote.getId()).singleResult();
    assertThat(withdrawn.getAssignee()).isEqualTo("cab2");
    assertThat(withdrawn.getOwner()).isNull();
    assertThat(candidateUsers(withdrawn)).isEmpty();
    assertThat(taskService.getVariableLocal(vote.getId(), DelegatedTasks.DELEGATED_TO)).isNull();
    JsonNode ended = as("cab2").get().uri("/api/delegations/{k}", key).retrieve().body(JsonNode.class);
    assertThat(ended.get("status").asText()).isEqualTo("ENDED");
    assertThat(ended.get("endedBy").asText()).isEqualTo("system");
    awaitMail("chgman@sopflow.local", key, "no longer stands in");
    awaitMail("cab2@sopflow.local", key, "no longer stands in");
    assertThat(mailsAbout("cab2@sopflow.local", key).stream().map(DelegationIntegrationTest::subject).distinct())
        .as("one mail at the start, one at the end").hasSize(2);
  }

  @Test
  void aPersonsOwnTaskIsNotOfferedToTheirDelegateWhileTheirApprovalAsLineManagerIs() {
    String beneficiary = newPerson("report");
    JsonNode request = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(accessRequest(beneficiary)).retrieve().body(JsonNode.class);
    Task approval = lineManagerTask(request.get("processInstanceId").asText());
    delegate("manager", Map.of("delegate", "incman", "until", in(Duration.ofDays(1))));
    // Created while the delegation is in force: the reviewer asks manager, the requester, for details.
    String number = changeReviewed("manager", "l2", "MORE_INFO");
    Task details = taskService.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey("Task_ProvideChangeDetails").singleResult();

    assertThat(details.getAssignee()).as("the requester's own").isEqualTo("manager");
    assertThat(details.getOwner()).isNull();
    assertThat(candidateUsers(details)).isEmpty();
    List<String> offered = candidateTasks("incman");
    assertThat(offered).as("the line manager's approval is offered").contains(approval.getId())
        .as("the requester's details are not").doesNotContain(details.getId());
    assertThat(delegatedToMe("incman")).contains(approval.getId()).doesNotContain(details.getId());

    ResponseEntity<JsonNode> provided = completeViaRest("manager", details.getId(),
        "{\"variables\":{\"requesterDetails\":{\"value\":\"Tested on the staging relay\",\"type\":\"String\"}}}");
    assertThat(provided.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void anOfferOfAPersonsOwnTaskMadeBeforeTheSettingIsWithdrawnByTheNextTickAndTheTaskStaysWithThePerson() {
    JsonNode request = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(accessRequest(newPerson("report"))).retrieve().body(JsonNode.class);
    Task approval = lineManagerTask(request.get("processInstanceId").asText());
    delegate("manager", Map.of("delegate", "incman", "until", in(Duration.ofDays(1))));
    String number = changeReviewed("manager", "l2", "MORE_INFO");
    String details = taskService.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey("Task_ProvideChangeDetails").singleResult().getId();
    // Offered as the code before 'delegable' did (a node of that version, or a delegation in force at the upgrade):
    // the assignee becomes a candidate next to the delegate, who owns the task, and the offer is marked.
    taskService.addCandidateUser(details, "manager");
    taskService.setAssignee(details, null);
    taskService.setVariableLocal(details, DelegatedTasks.DELEGATED_ASSIGNEE, "manager");
    taskService.addCandidateUser(details, "incman");
    taskService.setOwner(details, "incman");
    taskService.setVariableLocal(details, DelegatedTasks.DELEGATED_FROM, "manager");
    taskService.setVariableLocal(details, DelegatedTasks.DELEGATED_TO, "incman");
    assertThat(candidateTasks("incman")).contains(details);
    assertThat(delegatedToMe("incman")).contains(details);

    assertThat(windows.runDue(ClockUtil.now().toInstant())).as("no delegation starts or ends").isZero();

    assertThat(candidateTasks("incman")).doesNotContain(details).as("the approval stays offered")
        .contains(approval.getId());
    assertThat(delegatedToMe("incman")).doesNotContain(details).contains(approval.getId());
    assertThat(processEngine.getAuthorizationService().createAuthorizationQuery().userIdIn("incman")
        .resourceType(org.camunda.bpm.engine.authorization.Resources.TASK).resourceId(details).count())
        .as("no right left on the task").isZero();
    Task back = taskService.createTaskQuery().taskId(details).singleResult();
    assertThat(back.getAssignee()).as("the requester's own, as before the offer").isEqualTo("manager");
    assertThat(back.getOwner()).isNull();
    assertThat(candidateUsers(back)).isEmpty();
    assertThat(taskService.getVariablesLocal(details)).doesNotContainKeys(DelegatedTasks.DELEGATED_FROM,
        DelegatedTasks.DELEGATED_TO, DelegatedTasks.DELEGATED_ASSIGNEE);

    windows.runDue(ClockUtil.now().toInstant());
    assertThat(taskService.createTaskQuery().taskId(details).singleResult().getAssignee()).as("idempotent")
        .isEqualTo("manager");
    assertThat(candidateTasks("incman")).contains(approval.getId());
    ResponseEntity<JsonNode> provided = completeViaRest("manager", details,
        "{\"variables\":{\"requesterDetails\":{\"value\":\"Tested on the staging relay\",\"type\":\"String\"}}}");
    assertThat(provided.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void aDelegateWhoLeavesLosesTheOffersAndTheDelegationEndsSayingWhy() {
    String leaving = personIn("dlgleft-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    JsonNode request = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(accessRequest(newPerson("report"))).retrieve().body(JsonNode.class);
    Task approval = lineManagerTask(request.get("processInstanceId").asText());
    String key = delegate("manager", Map.of("delegate", leaving, "until", in(Duration.ofDays(5))))
        .getBody().get("key").asText();
    assertThat(candidateTasks(leaving)).contains(approval.getId());

    JsonNode left = as("admin").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", leaving)).retrieve().body(JsonNode.class);
    assertThat(left.get("accountLocked").asBoolean()).isTrue();
    // Before the sweep: nothing new is offered to the leaver.
    JsonNode later = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(accessRequest(newPerson("report"))).retrieve().body(JsonNode.class);
    Task laterApproval = lineManagerTask(later.get("processInstanceId").asText());
    assertThat(laterApproval.getOwner()).isNull();
    assertThat(candidateUsers(laterApproval)).containsExactly("manager");

    assertThat(windows.runDue(ClockUtil.now().toInstant())).isOne();
    assertThat(windows.runDue(ClockUtil.now().toInstant())).as("ended once").isZero();

    Task back = taskService.createTaskQuery().taskId(approval.getId()).singleResult();
    assertThat(back.getOwner()).isNull();
    assertThat(candidateUsers(back)).containsExactly("manager");
    assertThat(taskService.getVariableLocal(approval.getId(), DelegatedTasks.DELEGATED_TO)).isNull();
    assertThat(processEngine.getAuthorizationService().createAuthorizationQuery().userIdIn(leaving)
        .resourceType(org.camunda.bpm.engine.authorization.Resources.TASK).resourceId(approval.getId()).count())
        .as("no right left on the task").isZero();
    JsonNode ended = as("manager").get().uri("/api/delegations/{k}", key).retrieve().body(JsonNode.class);
    assertThat(ended.get("status").asText()).isEqualTo("ENDED");
    assertThat(ended.get("endedBy").asText()).isEqualTo("system");
    assertThat(ended.get("endReason").asText()).isEqualTo("the delegate " + leaving + " left (account locked)");
    assertThat(auditTrail.entriesFor(key)).filteredOn(e -> e.getAction().equals("DELEGATION_ENDED")).singleElement()
        .satisfies(e -> assertThat(e.getDetails()).startsWith("the delegate " + leaving + " left"));
    awaitMail("manager@sopflow.local", key, "no longer stands in");
    JsonNode mails = as("admin").get().uri("/api/notifications?reference={k}", key).retrieve().body(JsonNode.class)
        .path("content");
    JsonNode endMail = StreamSupport.stream(mails.spliterator(), false)
        .filter(n -> n.get("template").asText().equals("delegation-ended")).findFirst().orElseThrow();
    assertThat(endMail.get("recipients").asText()).isEqualTo("manager@sopflow.local");
    assertThat(endMail.get("body").asText()).contains("because the delegate " + leaving + " left");

    // A delegate deleted in Camunda Admin has left too.
    String deleted = personIn("dlgdel-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    String second = delegate("manager", Map.of("delegate", deleted, "until", in(Duration.ofDays(5))))
        .getBody().get("key").asText();
    assertThat(taskService.createTaskQuery().taskId(approval.getId()).singleResult().getOwner()).isEqualTo(deleted);
    identityService.deleteUser(deleted);
    assertThat(windows.runDue(ClockUtil.now().toInstant())).isOne();
    assertThat(taskService.createTaskQuery().taskId(approval.getId()).singleResult().getOwner()).isNull();
    assertThat(as("manager").get().uri("/api/delegations/{k}", second).retrieve().body(JsonNode.class)
        .get("endReason").asText()).isEqualTo("the delegate " + deleted + " left (account deleted)");
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndStoresNothing() {
    String leaver = "dlgleaver" + Math.abs(System.nanoTime() % 100000);
    User user = identityService.newUser(leaver);
    user.setEmail(leaver + "@sopflow.local");
    identityService.saveUser(user);
    locks.lock(leaver);
    long before = total("cab3");
    try {
      assertRefused("cab3", Map.of("delegate", "cab3", "until", in(Duration.ofDays(1))), "delegate");
      assertRefused("cab3", Map.of("delegate", "nobody-here", "until", in(Duration.ofDays(1))), "delegate");
      assertRefused("cab3", Map.of("delegate", leaver, "until", in(Duration.ofDays(1))), "delegate");
      assertRefused("cab3", Map.of("delegate", "chgman"), "until");
      assertRefused("cab3", Map.of("delegate", "chgman", "from", in(Duration.ofDays(2)), "until",
          in(Duration.ofDays(1))), "until");
      assertRefused("cab3", Map.of("delegate", "chgman", "from", in(Duration.ofDays(1)), "until",
          in(Duration.ofDays(1))), "until");
      assertRefused("cab3", Map.of("delegate", "chgman", "from", in(Duration.ofHours(-2)), "until",
          in(Duration.ofDays(1))), "from");
      assertRefused("cab3", Map.of("delegate", "chgman", "until", in(Duration.ofDays(1)), "groups",
          List.of("no-such-group")), "groups");
      assertRefused("cab3", Map.of("delegate", "chgman", "until", in(Duration.ofDays(1)), "groups",
          List.of("Not A Group!")), "groups");
      assertRefused("cab3", Map.of("delegate", "chg man", "until", in(Duration.ofDays(1))), "delegate");
      assertRefused("cab3", Map.of("delegate", "chgman", "until", "next week"), "until");
      assertThat(total("cab3")).isEqualTo(before);

      // Overlapping windows of the same person: the second is refused, one after the first is fine.
      delegate("cab3", Map.of("delegate", "chgman", "from", in(Duration.ofDays(1)), "until", in(Duration.ofDays(3))));
      assertRefused("cab3", Map.of("delegate", "cab1", "from", in(Duration.ofDays(2)), "until",
          in(Duration.ofDays(4))), "from");
      assertRefused("cab3", Map.of("delegate", "cab1", "until", in(Duration.ofDays(10))), "from");
      assertThat(delegate("cab3", Map.of("delegate", "cab1", "from", in(Duration.ofDays(3)), "until",
          in(Duration.ofDays(4)))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
      assertThat(total("cab3")).isEqualTo(before + 2);
    } finally {
      identityService.deleteUser(leaver);
    }
  }

  /**
   * Two overlapping delegations of one person at the same moment (a double submit, or two nodes): the first request
   * has recorded its delegation and is still in its transaction when the second one checks for overlaps, which sees
   * only committed delegations. Exactly one is recorded; the other is refused as a sequential overlap is.
   */
  @Test
  void twoOverlappingDelegationsOfOnePersonAtTheSameMomentRecordOne() throws Exception {
    String person = personIn("dlgracer" + Math.abs(System.nanoTime() % 100000));
    long before = total(person);

    var outcome = overlappingAtTheSameMoment(transactionManager, service, dataSource, person,
        body -> delegate(person, body));
    made.add(outcome.getKey());

    assertOneRecordedAndTheOtherRefused(outcome);
    assertThat(total(person)).as("one delegation recorded").isEqualTo(before + 1);
  }

  /**
   * Records a delegation of {@code person} to chgman from one to three days from now and, while its transaction is
   * still open, asks through {@code post} for an overlapping one (to cab1, two to four days from now). The first one's
   * key, and the second one's answer.
   */
  static Map.Entry<String, ResponseEntity<JsonNode>> overlappingAtTheSameMoment(
      PlatformTransactionManager transactionManager, DelegationService service, DataSource dataSource, String person,
      Function<Map<String, Object>, ResponseEntity<JsonNode>> post) throws Exception {
    Instant now = ClockUtil.now().toInstant();
    CreateDelegation first = new CreateDelegation(null, "chgman", now.plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC),
        now.plus(Duration.ofDays(3)).atOffset(ZoneOffset.UTC), List.of());
    Map<String, Object> second = Map.of("delegate", "cab1", "from", in(Duration.ofDays(2)), "until",
        in(Duration.ofDays(4)));
    ExecutorService secondRequest = Executors.newSingleThreadExecutor();
    try (HeldTransaction<DelegationView> held = HeldTransaction.start(transactionManager, person, List.of(),
        () -> service.create(first))) {
      held.awaitWritten();
      Future<ResponseEntity<JsonNode>> answer = secondRequest.submit(() -> post.apply(second));
      HeldTransaction.awaitWaitingOrAnswered(dataSource, "%delegation_delegator%for update%", answer);
      String key = held.commit().key();
      return Map.entry(key, answer.get(60, TimeUnit.SECONDS));
    } finally {
      secondRequest.shutdown();
    }
  }

  static void assertOneRecordedAndTheOtherRefused(Map.Entry<String, ResponseEntity<JsonNode>> outcome) {
    ResponseEntity<JsonNode> refused = outcome.getValue();
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(refused.getBody().get("field").asText()).isEqualTo("from");
    assertThat(refused.getBody().get("detail").asText()).contains("overlaps " + outcome.getKey());
  }

  @Test
  void onlyTheDelegatorTheirLineManagerOrAnAdminMayDelegateOrEndAndOthersDoNotSeeIt() {
    Map<String, Object> forCab2 = Map.of("delegator", "cab2", "delegate", "chgman", "from", in(Duration.ofDays(5)),
        "until", in(Duration.ofDays(6)));
    ResponseEntity<JsonNode> notTheirs = delegate("desk", forCab2);
    assertThat(notTheirs.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(notTheirs.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(delegate("chgman", forCab2).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(anonymous().post().uri("/api/delegations").contentType(MediaType.APPLICATION_JSON).body(forCab2)
        .retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    ResponseEntity<JsonNode> byManager = delegate("manager", forCab2);
    assertThat(byManager.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(byManager.getBody().get("createdBy").asText()).isEqualTo("manager");
    String key = byManager.getBody().get("key").asText();

    assertThat(status("desk", key)).isEqualTo(404);
    assertThat(status("chgman", key)).isEqualTo(200);
    assertThat(status("cab2", key)).isEqualTo(200);
    assertThat(as("desk").get().uri("/api/delegations?user=cab2").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("key")).doesNotContain(key);
    assertThat(as("cab2").get().uri("/api/delegations").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("key")).contains(key);
    assertThat(as("chgman").get().uri("/api/delegations?user=chgman&size=100").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("key")).contains(key);
    assertThat(as("cab2").get().uri("/api/delegations?size=101").retrieve().toEntity(JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(status("cab2", "DLG-999999")).isEqualTo(404);

    assertThat(end("chgman", key)).as("the delegate may not end it").isEqualTo(403);
    assertThat(end("desk", key)).isEqualTo(404);
    assertThat(end("admin", key)).isEqualTo(200);
    assertThat(end("admin", key)).as("ended already").isEqualTo(409);

    ResponseEntity<JsonNode> byAdmin = delegate("admin", Map.of("delegator", "cab2", "delegate", "cab1",
        "from", in(Duration.ofDays(5)), "until", in(Duration.ofDays(6))));
    assertThat(byAdmin.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(delegate("admin", Map.of("delegator", "nobody-here", "delegate", "cab1", "until",
        in(Duration.ofDays(1)))).getBody().get("field").asText()).isEqualTo("delegator");
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private ResponseEntity<JsonNode> delegate(String user, Map<String, Object> body) {
    ResponseEntity<JsonNode> response = as(user).post().uri("/api/delegations").contentType(MediaType.APPLICATION_JSON)
        .body(body).retrieve().toEntity(JsonNode.class);
    if (response.getStatusCode() == HttpStatus.CREATED) {
      made.add(response.getBody().get("key").asText());
    }
    return response;
  }

  private void assertRefused(String user, Map<String, Object> body, String field) {
    ResponseEntity<JsonNode> response = delegate(user, body);
    assertThat(response.getStatusCode()).as("%s", body).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(response.getBody().get("field").asText()).as("%s", body).startsWith(field);
  }

  private long total(String user) {
    return as("admin").get().uri("/api/delegations?user={u}&size=1", user).retrieve().body(JsonNode.class)
        .get("totalElements").asLong();
  }

  private int status(String user, String key) {
    return as(user).get().uri("/api/delegations/{k}", key).retrieve().toBodilessEntity().getStatusCode().value();
  }

  private int end(String user, String key) {
    return as(user).delete().uri("/api/delegations/{k}", key).retrieve().toBodilessEntity().getStatusCode().value();
  }

  static String in(Duration duration) {
    return at(ClockUtil.now().toInstant().plus(duration));
  }

  private static String at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A change by {@code requester}, reviewed by chgman: its CAB votes wait. */
  private String changeAwaitingCab(String requester, String implementer) {
    return changeReviewed(requester, implementer, "APPROVE");
  }

  /** A change by {@code requester}, reviewed by chgman with {@code decision}. */
  private String changeReviewed(String requester, String implementer, String decision) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> request = new HashMap<>();
    request.put("title", "Patch the mail relays " + System.nanoTime());
    request.put("description", "Security fix from the vendor");
    request.put("type", "NORMAL");
    request.put("affectedServices", List.of("mail-relay-" + System.nanoTime()));
    request.put("implementationPlan", "Patch node B, then A");
    request.put("backoutPlan", "Restore the snapshot");
    request.put("testEvidence", "Passed in staging");
    request.put("plannedStart", start.toString());
    request.put("plannedEnd", start.plusHours(2).toString());
    request.put("implementer", implementer);
    String number = as(requester).post().uri("/api/changes").contentType(MediaType.APPLICATION_JSON).body(request)
        .retrieve().body(JsonNode.class).get("number").asText();
    Task review = taskService.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey("Task_ReviewChange").singleResult();
    identityService.setAuthentication("chgman", List.of("change-managers"));
    try {
      taskService.complete(review.getId(), Map.of("reviewDecision", decision));
    } finally {
      identityService.clearAuthentication();
    }
    return number;
  }

  private Task voteOf(String number, String member) {
    return taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(VOTE_TASK).list()
        .stream().filter(t -> member.equals(t.getAssignee()) || candidateUsers(t).contains(member))
        .findFirst().orElseThrow();
  }

  /** The one audit entry of {@code action} on {@code subject}: {@code delegate}'s, acting for {@code delegator}. */
  private void assertAuditedActingFor(String subject, String action, String delegate, String delegator) {
    assertThat(auditTrail.entriesFor(subject)).filteredOn(e -> e.getAction().equals(action))
        .singleElement().satisfies(e -> {
          assertThat(e.getActor()).isEqualTo(delegate);
          assertThat(e.getOnBehalfOf()).isEqualTo(delegator);
          assertThat(e.getDetails()).startsWith(delegate + " acting for " + delegator);
        });
  }

  private Task lineManagerTask(String processInstanceId) {
    return taskService.createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey("Task_ApproveAsLineManager").singleResult();
  }

  private static Map<String, Object> accessRequest(String beneficiary) {
    return Map.of("beneficiary", beneficiary, "resource", "finance", "justification", "Month-end close",
        "validUntil", OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private List<String> candidateUsers(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream()
        .filter(l -> "candidate".equals(l.getType())).map(IdentityLink::getUserId).filter(Objects::nonNull).toList();
  }

  private List<String> candidateGroups(Task task) {
    return taskService.getIdentityLinksForTask(task.getId()).stream()
        .filter(l -> "candidate".equals(l.getType())).map(IdentityLink::getGroupId).filter(Objects::nonNull).toList();
  }

  /** The task ids Tasklist's query {@code /engine-rest/task?candidateUser=} lists for {@code user}. */
  private List<String> candidateTasks(String user) {
    JsonNode tasks = as(user).get().uri("/engine-rest/engine/{e}/task?candidateUser={u}&maxResults=500",
        processEngine.getName(), user).retrieve().body(JsonNode.class);
    return StreamSupport.stream(tasks.spliterator(), false).map(t -> t.get("id").asText()).toList();
  }

  /** The task ids Tasklist's filter "Delegated to me" lists for {@code user}. */
  private List<String> delegatedToMe(String user) {
    JsonNode filters = as(user).get().uri("/engine-rest/engine/{e}/filter?name={n}", processEngine.getName(),
        "Delegated to me").retrieve().body(JsonNode.class);
    assertThat(filters).hasSize(1);
    JsonNode tasks = as(user).post().uri("/engine-rest/engine/{e}/filter/{id}/list?maxResults=200",
        processEngine.getName(), filters.get(0).get("id").asText()).contentType(MediaType.APPLICATION_JSON)
        .body("{}").retrieve().body(JsonNode.class);
    return StreamSupport.stream(tasks.spliterator(), false).map(t -> t.get("id").asText()).toList();
  }

  /** A closure requested by pm (its project manager), sponsor manager, client contact cab2; returns its key. */
  private String closureOfPm() {
    String code = "DLG-" + System.nanoTime();
    return as("pm").post().uri("/api/project-closures").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("projectCode", code, "name", "Project " + code, "projectManager", "pm", "sponsor", "manager",
            "clientContact", "cab2", "budget", 1000,
            "deliverables", List.of(Map.of("name", "Handbook", "acceptanceCriteria", "Signed by ops"))))
        .retrieve().body(JsonNode.class).get("key").asText();
  }

  private ResponseEntity<JsonNode> completeViaRest(String user, String taskId, String body) {
    return as(user).post().uri("/engine-rest/engine/{engine}/task/{id}/complete", processEngine.getName(), taskId)
        .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JsonNode.class);
  }

  /** Waits for a mail to {@code address} about {@code key} whose subject says {@code says}. */
  private void awaitMail(String address, String key, String says) {
    org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
        mailsAbout(address, key).stream().map(DelegationIntegrationTest::subject).anyMatch(s -> s.contains(says)));
  }

  private static String subject(jakarta.mail.internet.MimeMessage mail) {
    try {
      return mail.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
