package io.sopflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.change.process.ChangeApprovalProcess;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class ChangeIntegrationTest extends IntegrationTestBase {

  @Autowired org.springframework.transaction.PlatformTransactionManager transactionManager;

  private static final String VOTE_TASK = "Task_VoteOnChange";
  private static final String REVIEW_TASK = "Task_ReviewChange";
  private static final String MANAGER_TASK = "Task_ApproveAsManager";

  @Autowired
  TaskService taskService;

  @Autowired
  IdentityService identityService;

  @Autowired
  ChangeService changeService;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
    identityService.clearAuthentication();
  }

  @Test
  void normalChangeOfACabMemberIsVotedOnByTheOtherMembersOnlyAndOneVetoRejectsItAndMailsTheRequester() throws Exception {
    ResponseEntity<JsonNode> created = submit("cab1", change("NORMAL", "Upgrade VPN concentrator", "l2"));

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = created.getBody();
    String number = body.get("number").asText();
    assertThat(number).matches("CHG-\\d{6}");
    assertThat(created.getHeaders().getLocation()).hasToString("/api/changes/" + number);
    assertThat(body.get("risk").asText()).isEqualTo("MEDIUM");
    assertThat(body.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(body.get("processInstanceId").asText()).isNotBlank();

    completeAs("chgman", List.of("change-managers"), task(number, REVIEW_TASK), Map.of("reviewDecision", "APPROVE"));

    List<Task> votes = taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(VOTE_TASK)
        .list();
    assertThat(votes).extracting(Task::getAssignee).containsExactlyInAnyOrder("cab2", "cab3");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(number).taskAssignee("cab1").count()).isZero();
    Task cab2Vote = votes.stream().filter(t -> t.getAssignee().equals("cab2")).findFirst().orElseThrow();

    assertThatThrownBy(() -> completeAs("cab1", List.of("change-advisory-board"), cab2Vote,
        Map.of("cabVote", "APPROVE"))).isInstanceOf(AuthorizationException.class);
    // Named engine: other test classes in this JVM may have registered an engine called "default".
    ResponseEntity<String> viaRest = as("cab1").post()
        .uri("/engine-rest/engine/{engine}/task/{id}/complete", processEngine.getName(), cab2Vote.getId())
        .contentType(MediaType.APPLICATION_JSON)
        .body("{\"variables\":{\"cabVote\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}").retrieve()
        .toEntity(String.class);
    assertThat(viaRest.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    completeAs("cab2", List.of("change-advisory-board"), cab2Vote, Map.of("cabVote", "REJECT", "cabComment", "no tests"));

    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(number).count()).isZero();
    List<MimeMessage> mails = awaitMailAbout("cab1@sopflow.local", number, 1, Duration.ofSeconds(30));
    assertThat(mails.get(0).getSubject()).contains(number).contains("rejected");
    awaitMailAbout("l2@sopflow.local", number, 1, Duration.ofSeconds(30));

    JsonNode record = get("cab1", number).getBody();
    assertThat(record.get("status").asText()).isEqualTo("REJECTED");
    assertThat(record.get("votes")).hasSize(1);
    assertThat(record.get("votes").get(0).get("voter").asText()).isEqualTo("cab2");
    assertThat(record.get("votes").get(0).get("decision").asText()).isEqualTo("REJECT");
    assertThat(record.get("decisions").get(0).get("voter").asText()).isEqualTo("chgman");
    assertThat(get("desk", number).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  /**
   * A requester is told of overlapping approved changes only when they could open them: the conflicts of
   * {@code /api} never name a change whose {@code GET} would answer 404 (its title, services and window).
   */
  @Test
  void conflictsNameOnlyTheChangesTheCallerMaySee() {
    String service = "conflict-probe-" + System.nanoTime();
    Map<String, Object> approved = change("STANDARD", "Renew certificate of the probe service", "l3", service);
    approved.put("template", "certificate-renewal");
    ResponseEntity<JsonNode> first = submit("chgman", approved);
    assertThat(first.getBody().get("status").asText()).isEqualTo("APPROVED");
    String approvedNumber = first.getBody().get("number").asText();
    assertThat(get("desk", approvedNumber).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    ResponseEntity<JsonNode> mine = submit("desk", change("NORMAL", "Upgrade the probe service", "l2", service));
    assertThat(mine.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String myNumber = mine.getBody().get("number").asText();
    assertThat(mine.getBody().get("conflicts")).as("desk's answer").isEmpty();
    assertThat(get("desk", myNumber).getBody().get("conflicts")).as("desk's GET").isEmpty();
    assertThat(get("chgman", myNumber).getBody().get("conflicts")).as("the change manager's GET").singleElement()
        .satisfies(conflict -> assertThat(conflict.asText()).startsWith(approvedNumber + " 'Renew certificate"));
    assertThat(get("l3", myNumber).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    // A change manager acknowledges the overlap: the note the requester reads counts the other change, the audit
    // trail (managers, admins) names it.
    new org.springframework.transaction.support.TransactionTemplate(transactionManager).executeWithoutResult(tx ->
        changeService.acknowledgeOverlap(myNumber, "chgman", "agreed with the other implementer"));
    String notes = get("desk", myNumber).getBody().get("notes").toString();
    assertThat(notes).contains("Overlap acknowledged with 1 other approved change(s) on a shared service")
        .doesNotContain(approvedNumber, "Renew certificate");
    assertThat(as("manager").get().uri("/api/audit?subject=" + myNumber).retrieve().body(JsonNode.class)
        .toString()).contains("OVERLAP_ACKNOWLEDGED", approvedNumber);
  }

  @Test
  void approvedChangeWaitsForItsPlannedStartAndThenGoesToTheImplementer() {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).truncatedTo(ChronoUnit.SECONDS);
    ResponseEntity<JsonNode> created = submit("desk", certificateRenewal("Renew certificate of the VPN gateway", start));

    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String number = created.getBody().get("number").asText();
    assertThat(created.getBody().get("risk").asText()).isEqualTo("LOW");
    assertThat(created.getBody().get("status").asText()).isEqualTo("APPROVED");
    assertThat(created.getBody().get("standardTemplate").asText()).isEqualTo("certificate-renewal");
    awaitMailAbout("l3@sopflow.local", number, 1, Duration.ofSeconds(30));
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(number).count()).isZero();

    ClockUtil.setCurrentTime(Date.from(start.plusMinutes(1).toInstant()));
    await().atMost(Duration.ofSeconds(30)).until(() ->
        taskService.createTaskQuery().processInstanceBusinessKey(number).taskAssignee("l3").count() == 1);
    assertThat(task(number, "Task_ImplementChange").getAssignee()).isEqualTo("l3");
  }

  /**
   * A window that ended without implementation goes to the change managers for a new one. A new window that has
   * already ended would end again at once: the change would come straight back to them, and its implementer would be
   * asked to work in the past. Refused naming the field; the change keeps its window and waits for a real one.
   */
  @Test
  void aChangeIsNotRescheduledIntoAWindowThatHasAlreadyEnded() {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).truncatedTo(ChronoUnit.SECONDS);
    String number = submit("desk", certificateRenewal("Renew certificate of the mail gateway", start)).getBody()
        .get("number").asText();
    String processInstanceId = processEngine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceBusinessKey(number).singleResult().getId();
    executeJob(processInstanceId, ChangeApprovalProcess.TIMER_PLANNED_START);
    executeJob(processInstanceId, ChangeApprovalProcess.BOUNDARY_WINDOW_EXPIRED);
    OffsetDateTime now = start.plusHours(3);
    ClockUtil.setCurrentTime(Date.from(now.toInstant()));
    Task reschedule = task(number, ChangeApprovalProcess.TASK_RESCHEDULE_CHANGE);
    assertThat(reschedule).as("the ended window goes to the change managers").isNotNull();

    ResponseEntity<JsonNode> ended = completeViaRest("chgman", reschedule, rescheduleBody(start.plusMinutes(150),
        start.plusMinutes(170)));
    assertThat(ended.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(ended.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(ended.getBody().get("field").asText()).isEqualTo("newPlannedEnd");
    assertThat(task(number, ChangeApprovalProcess.TASK_RESCHEDULE_CHANGE)).as("still waiting for a new window")
        .isNotNull();
    assertThat(get("chgman", number).getBody().get("plannedEnd").asText())
        .isEqualTo(start.plusHours(2).toInstant().toString());

    assertThat(completeViaRest("chgman", reschedule, rescheduleBody(now.minusMinutes(30), now.plusHours(1)))
        .getStatusCode()).as("a window that is open now is a real one").isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(get("chgman", number).getBody().get("plannedEnd").asText())
        .isEqualTo(now.plusHours(1).toInstant().toString());
  }

  /** A STANDARD change from the catalogue's template, implemented by l3 in a two-hour window from {@code start}. */
  private Map<String, Object> certificateRenewal(String title, OffsetDateTime start) {
    Map<String, Object> request = change("STANDARD", title, "l3");
    request.put("template", "certificate-renewal");
    request.put("plannedStart", start.toString());
    request.put("plannedEnd", start.plusHours(2).toString());
    return request;
  }

  private static String rescheduleBody(OffsetDateTime start, OffsetDateTime end) {
    return "{\"variables\":{\"newPlannedStart\":{\"value\":\"" + start + "\",\"type\":\"String\"},"
        + "\"newPlannedEnd\":{\"value\":\"" + end + "\",\"type\":\"String\"}}}";
  }

  @Test
  void highRiskChangeLeftUndecidedByManagersRemindsThemThenEscalatesAndCanStillBeApproved() {
    String number = submit("desk", change("NORMAL", "Re-cable the core switches", "l2", "vpn", "mail", "wiki", "erp"))
        .getBody().get("number").asText();
    completeAs("chgman", List.of("change-managers"), task(number, REVIEW_TASK), Map.of("reviewDecision", "APPROVE"));
    for (Task vote : taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(VOTE_TASK)
        .list()) {
      completeAs(vote.getAssignee(), List.of("change-advisory-board"), vote, Map.of("cabVote", "APPROVE"));
    }
    Task approval = task(number, MANAGER_TASK);
    assertThat(approval.getFollowUpDate()).isBefore(approval.getDueDate());

    // Past the default manager approval SLAs (reminder PT8H, escalation P1D, in business hours, so possibly after a
    // weekend): the job executor fires both timers; the task's due date is the escalation timer's date.
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(approval.getProcessInstanceId())
        .activityId("BoundaryEvent_ManagerApprovalEscalation").singleResult().getDuedate())
        .isEqualTo(approval.getDueDate());
    ClockUtil.setCurrentTime(Date.from(approval.getDueDate().toInstant().plus(Duration.ofMinutes(5))));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      List<String> subjects = mailsTo("manager@sopflow.local").stream().map(this::subject)
          .filter(subject -> subject.contains(number)).toList();
      return subjects.stream().anyMatch(subject -> subject.startsWith("[SOPFlow] Reminder"))
          && subjects.stream().anyMatch(subject -> subject.startsWith("[SOPFlow] Escalation"));
    });

    JsonNode record = get("manager", number).getBody();
    assertThat(record.get("notes").findValuesAsText("kind")).contains("ESCALATION");
    assertThat(record.get("notes").findValuesAsText("text")).anyMatch(text -> text.contains("MANAGER"));
    completeAs("manager", List.of("managers"), task(number, MANAGER_TASK), Map.of("managerDecision", "APPROVE"));
    assertThat(get("manager", number).getBody().get("status").asText()).isEqualTo("APPROVED");
  }

  @Test
  void standardChangesAreChosenByTemplateKeyFromTheCatalogueNotByTitle() {
    JsonNode catalogue = as("desk").get().uri("/api/change-templates").retrieve().body(JsonNode.class);
    assertThat(catalogue.findValuesAsText("key")).contains("certificate-renewal", "security-patch");

    long before = total();
    Map<String, Object> titleOnly = change("STANDARD", "Renew certificate of the mail relay", "l2");
    assertRefused(titleOnly, "template");
    Map<String, Object> unknown = change("STANDARD", "Reboot the mail relay", "l2");
    unknown.put("template", "reboot-anything");
    assertRefused(unknown, "template");
    Map<String, Object> notStandard = change("NORMAL", "Upgrade the mail relay", "l2");
    notStandard.put("template", "certificate-renewal");
    assertRefused(notStandard, "template");
    assertThat(total()).isEqualTo(before);

    // Named, but riskier than the template allows (four services): not pre-approved, and the record says why.
    Map<String, Object> tooRisky = change("STANDARD", "Patch everything", "l2", "p1", "p2", "p3", "p4");
    tooRisky.put("template", "security-patch");
    ResponseEntity<JsonNode> created = submit("desk", tooRisky);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().get("route").asText()).isEqualTo("NORMAL");
    assertThat(created.getBody().get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(created.getBody().get("notes").get(0).get("text").asText()).contains("treated as a NORMAL change")
        .contains("above the template");
  }

  @Test
  void aBackoutPlanOrTestEvidenceThatSaysNothingCountsAsAbsentAndTheRecordSaysSo() {
    Map<String, Object> request = change("NORMAL", "Upgrade the wiki", "l2", "wiki-app");
    request.put("backoutPlan", "Upgrade the wiki");
    request.put("testEvidence", "  n/a ");
    String number = submit("desk", request).getBody().get("number").asText();

    JsonNode record = get("desk", number).getBody();
    assertThat(record.get("riskInputs").get("backoutPlanPresent").asBoolean()).isFalse();
    assertThat(record.get("riskInputs").get("testEvidencePresent").asBoolean()).isFalse();
    assertThat(record.get("riskInputs").get("treatedAsAbsent").toString()).contains("backoutPlan", "testEvidence");
    assertThat(record.get("risk").asText()).isEqualTo("HIGH");
    assertThat(record.get("notes").findValuesAsText("text")).anyMatch(t -> t.contains("Risk assessed without"));

    JsonNode meaningful = submit("desk", change("NORMAL", "Upgrade the wiki again", "l2", "wiki-app")).getBody();
    assertThat(meaningful.get("riskInputs").get("treatedAsAbsent")).isEmpty();
  }

  @Test
  void aChangeIsRequestedThroughTasklistsStartFormAsThroughTheApi() {
    long before = total();
    String form = """
        {"variables":{
          "title":{"value":"Renew the VPN certificate","type":"String"},
          "description":{"value":"Expires next month","type":"String"},
          "type":{"value":"STANDARD","type":"String"},
          "template":{"value":"certificate-renewal","type":"String"},
          "affectedServices":{"value":"tls-edge, dns-edge","type":"String"},
          "implementationPlan":{"value":"Replace the certificate","type":"String"},
          "backoutPlan":{"value":"Restore the previous certificate","type":"String"},
          "testEvidence":{"value":"Tested on the staging gateway","type":"String"},
          "plannedStart":{"value":"%s","type":"String"},
          "plannedEnd":{"value":"%s","type":"String"},
          "implementer":{"value":"l2","type":"String"}}}""";
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(1)).plusDays(3).truncatedTo(ChronoUnit.MINUTES);
    ResponseEntity<JsonNode> started = submitForm("desk", form.formatted(start, start.plusHours(2)));

    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
    String instanceId = started.getBody().get("id").asText();
    String number = started.getBody().get("businessKey").asText();
    assertThat(number).matches("CHG-\\d{6}");
    JsonNode record = get("desk", number).getBody();
    assertThat(record.get("requester").asText()).isEqualTo("desk");
    assertThat(record.get("processInstanceId").asText()).isEqualTo(instanceId);
    assertThat(record.get("affectedServices").toString()).contains("\"dns-edge\"", "\"tls-edge\"");
    assertThat(record.get("route").asText()).isEqualTo("STANDARD");
    assertThat(total()).isEqualTo(before + 1);
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(number)
        .count()).isOne();
    assertThat(processEngine.getRuntimeService().getVariables(instanceId)).containsEntry("changeNumber", number)
        .doesNotContainKeys("title", "implementationPlan", "affectedServices");

    long instances = processEngine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("ChangeApprovalProcess").count();
    ResponseEntity<JsonNode> refused = submitForm("desk", form.formatted("next week", start.plusHours(2)));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(refused.getBody().get("field").asText()).isEqualTo("plannedStart");
    ResponseEntity<JsonNode> noTemplate = submitForm("desk", form.formatted(start, start.plusHours(2))
        .replace("certificate-renewal", "no-such-template"));
    assertThat(noTemplate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noTemplate.getBody().get("field").asText()).isEqualTo("template");
    assertThat(total()).isEqualTo(before + 1);
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("ChangeApprovalProcess").count()).isEqualTo(instances);
  }

  @Test
  void anOverdueCabVoteIsRecordedByAChangeManagerOnTheMembersBehalfWithAReason() {
    String number = submit("desk", change("NORMAL", "Replace the VPN firewall", "l2", "firewall-" + System.nanoTime())).getBody().get("number")
        .asText();
    completeAs("chgman", List.of("change-managers"), task(number, REVIEW_TASK), Map.of("reviewDecision", "APPROVE"));
    Task cab2Vote = taskService.createTaskQuery().processInstanceBusinessKey(number).taskAssignee("cab2")
        .singleResult();
    for (String member : List.of("cab1", "cab3")) {
      completeAs(member, List.of("change-advisory-board"), taskService.createTaskQuery()
          .processInstanceBusinessKey(number).taskAssignee(member).singleResult(), Map.of("cabVote", "APPROVE"));
    }
    executeJob(cab2Vote.getProcessInstanceId(), "BoundaryEvent_CabEscalation");

    Task overdue = task(number, VOTE_TASK);
    assertThat(overdue.getAssignee()).isNull();
    ResponseEntity<JsonNode> notAManager = completeViaRest("cab3", overdue,
        "{\"variables\":{\"cabVote\":{\"value\":\"APPROVE\",\"type\":\"String\"},"
            + "\"onBehalfReason\":{\"value\":\"x\",\"type\":\"String\"}}}");
    assertThat(notAManager.getStatusCode().is4xxClientError()).isTrue();
    ResponseEntity<JsonNode> noReason = completeViaRest("chgman", overdue,
        "{\"variables\":{\"cabVote\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}");
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noReason.getBody().get("field").asText()).isEqualTo("onBehalfReason");

    completeAs("chgman", List.of("change-managers"), overdue, Map.of("cabVote", "APPROVE", "onBehalfReason",
        "cab2 is on leave; approved it in the CAB meeting"));

    JsonNode record = get("chgman", number).getBody();
    assertThat(record.get("status").asText()).isEqualTo("APPROVED");
    JsonNode vote = java.util.stream.StreamSupport.stream(record.get("votes").spliterator(), false)
        .filter(v -> v.get("voter").asText().equals("cab2")).findFirst().orElseThrow();
    assertThat(vote.get("voter").asText()).isEqualTo("cab2");
    assertThat(vote.get("recordedBy").asText()).isEqualTo("chgman");
    assertThat(vote.get("comment").asText())
        .isEqualTo("chgman on behalf of cab2: cab2 is on leave; approved it in the CAB meeting");
    JsonNode audit = as("admin").get().uri("/api/audit?subject={n}", number).retrieve().body(JsonNode.class);
    assertThat(audit.toString()).contains("chgman on behalf of cab2: cab2 is on leave");
  }

  @Test
  void anEmergencyChangeNeedsTwoDifferentMembersOfTheEmergencyCab() {
    Map<String, Object> request = change("EMERGENCY", "Block the exploited VPN port", "l2", "ids");
    String number = submit("desk", request).getBody().get("number").asText();
    Task first = task(number, "Task_ApproveEmergencyChange");
    assertThat(taskService.getIdentityLinksForTask(first.getId())).anyMatch(l ->
        "change-advisory-board".equals(l.getGroupId()));

    completeAs("cab1", List.of("change-advisory-board"), first, Map.of("emergencyDecision", "APPROVE"));
    assertThat(get("cab1", number).getBody().get("status").asText()).isEqualTo("EMERGENCY_APPROVAL");
    ResponseEntity<JsonNode> twice = completeViaRest("cab1", task(number, "Task_ApproveEmergencyChange"),
        "{\"variables\":{\"emergencyDecision\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}");
    assertThat(twice.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(twice.getHeaders().getContentType().toString()).contains("application/problem+json");

    completeAs("cab2", List.of("change-advisory-board"), task(number, "Task_ApproveEmergencyChange"),
        Map.of("emergencyDecision", "APPROVE"));
    assertThat(get("cab1", number).getBody().get("status").asText()).isEqualTo("APPROVED");
  }

  /**
   * A leaver keeps their CAB membership (evidence for the audit) but gets no vote: with the ALL rule a vote assigned to
   * a locked account would hold the change until the CAB escalation.
   */
  @Test
  void cabVotersExcludeLockedMembers() {
    processLeaver("cab3");
    try {
      String number = submit("desk", change("NORMAL", "Replace the VPN certificate chain", "l2")).getBody()
          .get("number").asText();
      completeAs("chgman", List.of("change-managers"), task(number, REVIEW_TASK), Map.of("reviewDecision", "APPROVE"));

      assertThat(taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(VOTE_TASK).list())
          .extracting(Task::getAssignee).containsExactlyInAnyOrder("cab1", "cab2");
      assertThat(as("admin").get().uri("/api/audit?subject={n}", number).retrieve().body(JsonNode.class)
          .findValuesAsText("details")).anyMatch(details -> details.startsWith("voters=[cab1, cab2]"));
      assertThat(identityService.createUserQuery().userId("cab3").memberOfGroup("change-advisory-board").count())
          .as("the membership stays").isOne();
    } finally {
      unlock("cab3");
    }
  }

  /** The emergency CAB counts only members who can approve: a leaver's membership makes no quorum. */
  @Test
  void emergencyCabCountExcludesLeavers() {
    // cab1 requests, l2 implements: cab2 and cab3 may approve, two as needed; cab3 left.
    processLeaver("cab3");
    try {
      long before = total();
      ResponseEntity<JsonNode> refused = submit("cab1", change("EMERGENCY", "Close the exploited port", "l2", "ids"));

      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
      assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
      assertThat(refused.getBody().get("field").asText()).isEqualTo("type");
      assertThat(total()).isEqualTo(before);
    } finally {
      unlock("cab3");
    }
    assertThat(submit("cab1", change("EMERGENCY", "Close the exploited port", "l2", "ids")).getStatusCode())
        .as("cab3 back").isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void aDeployedReleaseImplementsItsChangeThroughTheChangeProcess() {
    Map<String, Object> request = change("STANDARD", "Renew the wiki certificate", "l3", "wiki-cert");
    request.put("template", "certificate-renewal");
    String number = submit("desk", request).getBody().get("number").asText();
    String instanceId = get("desk", number).getBody().get("processInstanceId").asText();
    executeJob(instanceId, "IntermediateEvent_PlannedStartReached");
    assertThat(task(number, "Task_ImplementChange")).isNotNull();

    // What the release SOP calls when its release is closed as DEPLOYED.
    identityService.setAuthentication("relman", List.of("release-managers"));
    try {
      changeService.recordReleaseOutcome(number, "REL-000042", "DEPLOYED");
    } finally {
      identityService.clearAuthentication();
    }

    JsonNode record = get("desk", number).getBody();
    assertThat(record.get("status").asText()).isEqualTo("IMPLEMENTED");
    assertThat(record.get("implementationOutcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(task(number, "Task_ImplementChange")).isNull();
    assertThat(task(number, "Task_ReviewImplementation")).isNotNull();
  }

  @Test
  void aReleaseDeployedBeforeTheChangesPlannedStartImplementsTheChangeAtOnce() {
    Map<String, Object> request = change("STANDARD", "Renew the mail certificate", "l3", "mail-cert");
    request.put("template", "certificate-renewal");
    String number = submit("desk", request).getBody().get("number").asText();
    assertThat(task(number, "Task_ImplementChange")).as("still waiting for the planned start").isNull();

    identityService.setAuthentication("relman", List.of("release-managers"));
    try {
      changeService.recordReleaseOutcome(number, "REL-000043", "DEPLOYED");
    } finally {
      identityService.clearAuthentication();
    }

    JsonNode record = get("desk", number).getBody();
    assertThat(record.get("status").asText()).isEqualTo("IMPLEMENTED");
    assertThat(record.toString()).contains("REL-000043 DEPLOYED: change implemented before its planned window");
    String instanceId = record.get("processInstanceId").asText();
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(instanceId)
        .activityId("IntermediateEvent_PlannedStartReached").count()).as("no implementation task will follow").isZero();
    assertThat(task(number, "Task_ReviewImplementation")).isNotNull();
  }

  @Test
  void requesterWhoIsAChangeManagerCannotReviewTheirOwnChange() {
    String number = submit("chgman", change("NORMAL", "Patch firewall", "l2")).getBody().get("number").asText();

    assertThatThrownBy(() -> completeAs("chgman", List.of("change-managers"), task(number, REVIEW_TASK),
        Map.of("reviewDecision", "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(FourEyesViolationException.class);
    assertThat(task(number, REVIEW_TASK)).isNotNull();
  }

  @Test
  void refusedCompletionsThroughTheEngineApiAnswerProblemDetailsNotServerErrors() {
    String number = submit("chgman", change("NORMAL", "Rotate the VPN keys", "l2")).getBody().get("number").asText();
    Task review = task(number, REVIEW_TASK);

    // Four-eyes: the requester is a change manager, so Camunda lets them complete the task, the change does not.
    ResponseEntity<JsonNode> ownChange = completeViaRest("chgman", review,
        "{\"variables\":{\"reviewDecision\":{\"value\":\"APPROVE\",\"type\":\"String\"}}}");
    assertThat(ownChange.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(ownChange.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(ownChange.getBody().toString()).contains("never approve their own change");

    // Someone else may review (an admin here), but not without a decision.
    ResponseEntity<JsonNode> noDecision = completeViaRest("admin", review,
        "{\"variables\":{\"reviewComment\":{\"value\":\"fine\",\"type\":\"String\"}}}");
    assertThat(noDecision.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noDecision.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(noDecision.getBody().get("field").asText()).isEqualTo("reviewDecision");

    assertThat(task(number, REVIEW_TASK)).isNotNull();
    assertThat(get("chgman", number).getBody().get("decisions")).isEmpty();
  }

  @Test
  void aCompletionWithoutAnAuthenticatedPersonIsRefused() {
    String number = submit("desk", change("NORMAL", "Replace the wiki disks", "l2")).getBody().get("number")
        .asText();
    Task review = task(number, REVIEW_TASK);

    assertThatThrownBy(() -> taskService.complete(review.getId(), Map.of("reviewDecision", "APPROVE")))
        .isInstanceOf(ProcessEngineException.class).hasRootCauseInstanceOf(ForbiddenException.class);
    assertThat(task(number, REVIEW_TASK)).isNotNull();
    assertThat(get("desk", number).getBody().get("status").asText()).isEqualTo("IN_REVIEW");
  }

  @Test
  void everyChangeTaskShowsTheRecordAndIsDueByItsSla() {
    String number = submit("desk", change("NORMAL", "Move the mail relay", "l2")).getBody().get("number").asText();
    Task review = task(number, REVIEW_TASK);

    assertThat(review.getDueDate()).isAfter(review.getFollowUpDate());
    assertThat(taskService.getVariableLocal(review.getId(), "changeTitle")).isEqualTo("Move the mail relay");
    assertThat(taskService.getVariableLocal(review.getId(), "changeConflicts")).isEqualTo("None");
    assertThat(processEngine.getRuntimeService().getVariables(review.getProcessInstanceId()))
        .containsKeys("changeNumber", "changeId", "changeRoute", "plannedStartDate", "plannedEndDate")
        .doesNotContainKeys("changeTitle", "changeConflicts", "risk", "changeApproved");
  }

  @Test
  void invalidRequestsAreRefusedNamingTheFieldAndStoreNothing() {
    long before = total();

    Map<String, Object> endBeforeStart = change("NORMAL", "Bad window", "l2");
    endBeforeStart.put("plannedEnd", OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).toString());
    assertRefused(endBeforeStart, "plannedEnd");

    Map<String, Object> noBackout = change("NORMAL", "No way back", "l2");
    noBackout.remove("backoutPlan");
    assertRefused(noBackout, "backoutPlan");

    assertRefused(change("MAJOR", "Unknown type", "l2"), "type");
    assertRefused(change("NORMAL", "Nobody implements", "ghost"), "implementer");

    assertThat(total()).isEqualTo(before);
  }

  @Test
  void listShowsOnlyWhatTheCallerMaySeeFilteredAndPaged() {
    String number = submit("desk", change("NORMAL", "Resize the wiki", "l2", "wiki")).getBody().get("number")
        .asText();

    JsonNode forChangeManager = as("chgman").get().uri("/api/changes?service=wiki&type=NORMAL&status=IN_REVIEW")
        .retrieve().body(JsonNode.class);
    assertThat(forChangeManager.get("content").findValuesAsText("number")).contains(number);
    assertThat(forChangeManager.get("content").findValuesAsText("status")).containsOnly("IN_REVIEW");
    assertThat(as("chgman").get().uri("/api/changes?service=wiki&type=STANDARD").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("number")).doesNotContain(number);
    assertThat(as("chgman").get().uri("/api/changes?service=mail").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("number")).doesNotContain(number);
    assertThat(as("manager").get().uri("/api/changes?service=wiki").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("number")).contains(number);
    assertThat(as("l2").get().uri("/api/changes?service=wiki").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("number")).as("the implementer").contains(number);

    JsonNode forStranger = as("fin").get().uri("/api/changes").retrieve().body(JsonNode.class);
    assertThat(forStranger.get("content").findValuesAsText("number")).doesNotContain(number);
    for (JsonNode visible : forStranger.get("content")) {
      assertThat(List.of(visible.get("requester").asText(), visible.get("implementer").asText())).contains("fin");
    }
    assertThat(get("fin", number).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    JsonNode onePage = as("chgman").get().uri("/api/changes?size=1&page=0").retrieve().body(JsonNode.class);
    assertThat(onePage.get("content")).hasSize(1);
    assertThat(onePage.get("size").asInt()).isEqualTo(1);
    assertThat(onePage.get("totalPages").asLong()).isEqualTo(onePage.get("totalElements").asLong());

    ResponseEntity<JsonNode> tooBig = as("chgman").get().uri("/api/changes?size=101").retrieve()
        .toEntity(JsonNode.class);
    assertThat(tooBig.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooBig.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(tooBig.getBody().get("field").asText()).isEqualTo("size");
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private Map<String, Object> change(String type, String title, String implementer, String... services) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> request = new HashMap<>();
    request.put("title", title);
    request.put("description", "Why and what");
    request.put("type", type);
    request.put("affectedServices", services.length == 0 ? List.of("vpn") : List.of(services));
    request.put("implementationPlan", "Step by step");
    request.put("backoutPlan", "Restore the snapshot");
    request.put("testEvidence", "Passed in staging");
    request.put("plannedStart", start.toString());
    request.put("plannedEnd", start.plusHours(2).toString());
    request.put("implementer", implementer);
    return request;
  }

  private ResponseEntity<JsonNode> submitForm(String user, String body) {
    return as(user).post().uri("/engine-rest/engine/{engine}/process-definition/key/ChangeApprovalProcess/submit-form",
        processEngine.getName()).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class);
  }

  private void executeJob(String processInstanceId, String activityId) {
    processEngine.getManagementService().executeJob(processEngine.getManagementService().createJobQuery()
        .processInstanceId(processInstanceId).activityId(activityId).singleResult().getId());
  }

  private ResponseEntity<JsonNode> submit(String user, Map<String, Object> request) {
    return as(user).post().uri("/api/changes").contentType(MediaType.APPLICATION_JSON).body(request).retrieve()
        .toEntity(JsonNode.class);
  }

  private ResponseEntity<JsonNode> get(String user, String number) {
    return as(user).get().uri("/api/changes/{number}", number).retrieve().toEntity(JsonNode.class);
  }

  private void assertRefused(Map<String, Object> request, String field) {
    ResponseEntity<JsonNode> response = submit("desk", request);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(response.getBody().get("field").asText()).isEqualTo(field);
  }

  private ResponseEntity<JsonNode> completeViaRest(String user, Task task, String body) {
    // Named engine: other test classes in this JVM may have registered an engine called "default".
    return as(user).post().uri("/engine-rest/engine/{engine}/task/{id}/complete", processEngine.getName(),
        task.getId()).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JsonNode.class);
  }

  private long total() {
    return as("admin").get().uri("/api/changes?size=1").retrieve().body(JsonNode.class).get("totalElements")
        .asLong();
  }

  private String subject(MimeMessage mail) {
    try {
      return mail.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The service desk processes {@code user}'s leaving: the account is locked, its memberships stay. */
  private void processLeaver(String user) {
    assertThat(as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", user)).retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
  }

  /** The demo users are shared with the other tests of this context: an admin lifts the lock again. */
  private void unlock(String user) {
    identityService.setAuthentication("admin", List.of("camunda-admin"));
    try {
      identityService.unlockUser(user);
    } finally {
      identityService.clearAuthentication();
    }
  }

  private Task task(String number, String key) {
    return taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(key).singleResult();
  }

  private void completeAs(String user, List<String> groups, Task task, Map<String, Object> variables) {
    identityService.setAuthentication(user, groups);
    try {
      taskService.complete(task.getId(), variables);
    } finally {
      identityService.clearAuthentication();
    }
  }
}
