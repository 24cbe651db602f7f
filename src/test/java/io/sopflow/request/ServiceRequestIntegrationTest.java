package io.sopflow.request;

import static io.sopflow.request.process.ServiceRequestProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.access.process.AccessProvisioningProcess;
import io.sopflow.sla.SlaClock;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import io.sopflow.access.AccessConnector;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Service requests end to end through /api and /engine-rest: the demo catalogue, approvals by the line manager and the
 * owner group, fulfilment with its checklist, confirmation and rating, VPN access granted through the access SOP,
 * refused by it, or not reachable, rejection, closing by itself, a missed fulfilment target (audited and counted
 * once), refused input and who sees what. One right lives in a system reached through a connector of its own, which a
 * test can take down ({@link ReportSystem}, a real connector bean of this test's context only).
 */
@Import(ServiceRequestIntegrationTest.ReportSystem.class)
class ServiceRequestIntegrationTest extends IntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired ServiceRequestService requests;
  @Autowired ReportSystem reportSystem;
  @Autowired SlaClock slaClock;
  @Autowired ServiceRequestSlaStatistics statistics;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  @Test
  void theCatalogueIsReadByEveryoneAndChangedOnlyByProcessOwnersAndAdmins() {
    JsonNode items = as("l3").get().uri("/api/service-catalogue").retrieve().body(JsonNode.class);
    assertThat(items.findValuesAsText("key")).contains("laptop", "software-licence", "shared-mailbox", "vpn-access",
        "new-starter-pack");
    JsonNode vpn = as("l3").get().uri("/api/service-catalogue/vpn-access").retrieve().body(JsonNode.class);
    assertThat(vpn.get("accessResource").asText()).isEqualTo("vpn-users");
    assertThat(vpn.get("approval").asText()).isEqualTo("NONE");

    Map<String, Object> phone = item("desk-phone", "NONE");
    assertThat(catalogueWrite("desk", "POST", "/api/service-catalogue", phone).getStatusCode().value()).isEqualTo(403);
    ResponseEntity<JsonNode> created = catalogueWrite("owner", "POST", "/api/service-catalogue", phone);
    assertThat(created.getStatusCode().value()).isEqualTo(201);
    assertThat(created.getBody().get("fulfilmentTarget").asText()).isEqualTo("PT8H");
    assertThat(catalogueWrite("owner", "POST", "/api/service-catalogue", phone).getStatusCode().value())
        .isEqualTo(409);

    Map<String, Object> changed = item("desk-phone", "MANAGER");
    changed.put("ownerGroup", "no-such-group");
    assertRefused(catalogueWrite("owner", "PUT", "/api/service-catalogue/desk-phone", changed), "ownerGroup");
    changed.put("ownerGroup", "service-desk");
    // A target no request could ever be given (every request for the item computes its due date from it).
    changed.put("fulfilmentTarget", "P4000D");
    assertRefused(catalogueWrite("owner", "PUT", "/api/service-catalogue/desk-phone", changed), "fulfilmentTarget");
    changed.put("fulfilmentTarget", "PT8H");
    assertThat(catalogueWrite("admin", "PUT", "/api/service-catalogue/desk-phone", changed).getBody()
        .get("approval").asText()).isEqualTo("MANAGER");
    JsonNode audit = audit("desk-phone");
    assertThat(audit.findValuesAsText("action")).contains("CREATED", "UPDATED");
  }

  @Test
  void aRequestApprovedByLineManagerAndOwnerIsFulfilledConfirmedAndRated() {
    JsonNode request = submit("desk", "software-licence", "desk", Map.of("software", "IntelliJ IDEA Ultimate"))
        .getBody();
    String number = request.get("number").asText();
    assertThat(number).matches("REQ-\\d{6}");
    assertThat(request.get("status").asText()).isEqualTo("MANAGER_APPROVAL");
    assertThat(request.get("approvalRequired").asBoolean()).isTrue();
    assertThat(request.get("processInstanceId").asText()).isNotBlank();

    Task managerTask = task(number, TASK_APPROVE_AS_LINE_MANAGER);
    assertThat(complete("desk", managerTask, Map.of(DECISION, DECISION_APPROVE)).getStatusCode().value())
        .as("the requester approves nothing").isGreaterThanOrEqualTo(400);
    assertThat(complete("manager", managerTask, Map.of(DECISION, DECISION_APPROVE)).getStatusCode().value())
        .isEqualTo(204);
    Task ownerTask = task(number, TASK_APPROVE_AS_OWNER);
    assertThat(complete("fin", ownerTask, Map.of(DECISION, DECISION_APPROVE, COMMENT, "Within budget"))
        .getStatusCode().value()).isEqualTo(204);

    JsonNode approved = get("desk", number);
    assertThat(approved.get("status").asText()).isEqualTo("IN_FULFILMENT");
    assertThat(approved.get("fulfilmentDueAt").asText()).isNotBlank();
    Task fulfil = task(number, TASK_FULFIL_REQUEST);
    assertRefused(complete("l2", fulfil, Map.of(FULFILMENT_NOTES, "Assigned")), CHECKLIST_COMPLETE);
    assertThat(complete("l2", fulfil, Map.of(CHECKLIST_COMPLETE, true, FULFILMENT_NOTES, "Licence key mailed"))
        .getStatusCode().value()).isEqualTo(204);
    List<MimeMessage> mails = awaitMailAbout("desk@sopflow.local", number, 1, WAIT);
    assertThat(mails).anySatisfy(m -> assertThat(subject(m)).contains("please confirm and rate"));

    assertThat(complete("desk", task(number, TASK_CONFIRM_FULFILMENT),
        Map.of(RATING, "4", RATING_COMMENT, "Quick, thank you")).getStatusCode().value()).isEqualTo(204);

    JsonNode closed = get("desk", number);
    assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
    assertThat(closed.get("rating").asInt()).isEqualTo(4);
    assertThat(closed.get("ratingComment").asText()).isEqualTo("Quick, thank you");
    assertThat(closed.get("managerDecidedBy").asText()).isEqualTo("manager");
    assertThat(closed.get("ownerDecidedBy").asText()).isEqualTo("fin");
    assertThat(closed.get("fulfilledBy").asText()).isEqualTo("l2");
    assertThat(closed.get("fulfilmentMinutes").isNumber()).isTrue();
    ServiceRequestSlaStatistics.Figures licences = statistics.figures(Instant.now().minus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(1)), ServiceRequestSlaStatistics.Grouping.ITEM).stream()
        .filter(f -> f.key().equals("software-licence")).findFirst().orElseThrow();
    assertThat(licences.fulfilledWithTarget()).as("the group's work has a target").isEqualTo(licences.fulfilled())
        .isPositive();
    assertThat(closed.get("closedAutomatically").asBoolean()).isFalse();
    assertThat(closed.get("details").get("software").asText()).isEqualTo("IntelliJ IDEA Ultimate");
  }

  @Test
  void aVpnRequestIsFulfilledWhenTheAccessSopGrantsTheAccess() {
    JsonNode request = submit("l3", "vpn-access", "l3", Map.of()).getBody();
    String number = request.get("number").asText();
    assertThat(request.get("approvalRequired").asBoolean()).isFalse();
    assertThat(request.hasNonNull("fulfilmentDueAt")).as("the access SOP's SLAs apply, not a group's target")
        .isFalse();

    await().atMost(WAIT).until(() -> !get("l3", number).path("accessRequestKey").asText("").isEmpty());
    JsonNode handedOver = get("l3", number);
    assertThat(handedOver.get("status").asText()).isEqualTo("IN_FULFILMENT");
    assertThat(handedOver.get("fulfilmentStartedAt").asText()).isNotBlank();
    assertThat(handedOver.hasNonNull("fulfilmentDueAt")).isFalse();
    String accessKey = handedOver.get("accessRequestKey").asText();
    JsonNode access = as("l3").get().uri("/api/access-requests/" + accessKey).retrieve().body(JsonNode.class);
    assertThat(access.get("beneficiary").asText()).isEqualTo("l3");
    assertThat(access.get("justification").asText()).contains(number);

    assertThat(complete("manager", accessTask(accessKey, AccessProvisioningProcess.TASK_APPROVE_AS_LINE_MANAGER),
        Map.of(AccessProvisioningProcess.MANAGER_DECISION, "APPROVE")).getStatusCode().value()).isEqualTo(204);
    assertThat(complete("l2", accessTask(accessKey, AccessProvisioningProcess.TASK_APPROVE_AS_RESOURCE_OWNER),
        Map.of(AccessProvisioningProcess.OWNER_DECISION, "APPROVE")).getStatusCode().value()).isEqualTo(204);

    await().atMost(WAIT).until(() -> get("l3", number).get("status").asText().equals("FULFILLED"));
    assertThat(processEngine.getIdentityService().createUserQuery().userId("l3").memberOfGroup("vpn-users").count())
        .isEqualTo(1);
    JsonNode fulfilled = get("l3", number);
    assertThat(fulfilled.get("fulfilledBy").asText()).isEqualTo("access:" + accessKey);
    assertThat(fulfilled.get("fulfilmentMinutes").isNumber()).as("asked the access SOP -> access granted").isTrue();
    assertThat(fulfilled.get("fulfilmentBreached").asBoolean()).isFalse();
    // The SLA report counts it as fulfilled, but not as meeting a fulfilment target it never had.
    ServiceRequestSlaStatistics.Figures vpn = statistics.figures(Instant.now().minus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(1)), ServiceRequestSlaStatistics.Grouping.ITEM).stream()
        .filter(f -> f.key().equals("vpn-access")).findFirst().orElseThrow();
    assertThat(vpn.fulfilled()).isPositive();
    assertThat(vpn.fulfilledWithTarget()).isZero();
    assertThat(vpn.fulfilmentBreaches()).isZero();
    assertThat(complete("l3", task(number, TASK_CONFIRM_FULFILMENT), Map.of(RATING, "5")).getStatusCode().value())
        .isEqualTo(204);
    assertThat(get("l3", number).get("status").asText()).isEqualTo("CLOSED");
  }

  /**
   * The access SOP approves and grants what a VPN request asks for, on its own approval SLAs: the fulfilment group
   * never has a task, so its fulfilment clock must not run out while the line manager has not decided. Three working
   * days pass (the item's target is two); only this request's and its access request's timers run, the executor
   * pausing meanwhile so that other tests' open requests do not breach in the moved time.
   */
  @Test
  void aVpnRequestWaitingForAccessApprovalIsNoFulfilmentBreach() {
    // For a colleague: l3 may hold VPN access already (aVpnRequestIsFulfilledWhenTheAccessSopGrantsTheAccess).
    JsonNode request = submit("l3", "vpn-access", newPerson("remote"), Map.of()).getBody();
    String number = request.get("number").asText();
    await().atMost(WAIT).until(() -> !get("l3", number).path("accessRequestKey").asText("").isEmpty());
    JsonNode handedOver = get("l3", number);
    String accessKey = handedOver.get("accessRequestKey").asText();
    assertThat(handedOver.get("status").asText()).isEqualTo("IN_FULFILMENT");
    String accessInstance = as("l3").get().uri("/api/access-requests/" + accessKey).retrieve()
        .body(JsonNode.class).get("processInstanceId").asText();
    double breachesBefore = slaBreaches("request", "none", "fulfilment");
    double accessBreachesBefore = slaBreaches("access", "none", "line-manager-approval");
    requests.recordBreach(number); // without a target there is nothing to breach, whoever reports one

    var jobExecutor = ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
        .getJobExecutor();
    jobExecutor.shutdown();
    try {
      ClockUtil.setCurrentTime(Date.from(slaClock.due(ClockUtil.now().toInstant(), Duration.ofDays(3),
          "business-hours").plus(Duration.ofMinutes(1))));
      runDueJobsOf(handedOver.get("processInstanceId").asText(), accessInstance);
    } finally {
      ClockUtil.reset();
      jobExecutor.start();
    }

    JsonNode after = get("l3", number);
    assertThat(after.get("fulfilmentBreached").asBoolean()).isFalse();
    assertThat(after.hasNonNull("fulfilmentDueAt")).as("no fulfilment target the access SOP does not keep").isFalse();
    JsonNode audit = audit(number);
    assertThat(audit.findValuesAsText("action")).doesNotContain("FULFILMENT_BREACHED");
    assertThat(slaBreaches("request", "none", "fulfilment")).as("no fulfilment breach counted")
        .isEqualTo(breachesBefore);
    assertThat(notifications(number).findValuesAsText("template")).as("no warning or breach mail about " + number)
        .doesNotContain("service-request-fulfilment-warning", "service-request-fulfilment-breached");
    assertThat(notifications(number).findValuesAsText("recipients")).noneMatch(r -> r.contains("l2@"));
    // The access SOP's own approval SLA ran: the line manager was reminded, then the overdue approval, with nobody
    // above the colleague's line manager to offer it to, was rejected and counted as the access SOP's breach.
    assertThat(notifications(accessKey).findValuesAsText("template")).contains("access-approval-reminder");
    JsonNode accessAudit = audit(accessKey);
    assertThat(accessAudit.findValuesAsText("action")).contains("AUTO_REJECTED");
    assertThat(slaBreaches("access", "none", "line-manager-approval")).isEqualTo(accessBreachesBefore + 1);
    assertThat(after.get("status").asText()).as("refused access ends the request").isEqualTo("REJECTED");
  }

  /**
   * What the access SOP would refuse in the background step that asks it for the access (which would retry and end in
   * a Cockpit incident) is refused at once: VPN access asked for the same person twice, or for a leaver.
   */
  @Test
  void aVpnRequestTheAccessSopWouldRefuseIsRefusedAtOnceNamingTheField() {
    String colleague = newPerson("vpn-twice");
    String first = submit("l3", "vpn-access", colleague, Map.of()).getBody().get("number").asText();
    await().atMost(WAIT).until(() -> !get("l3", first).path("accessRequestKey").asText("").isEmpty());
    String accessKey = get("l3", first).get("accessRequestKey").asText();

    ResponseEntity<JsonNode> again = submit("l3", "vpn-access", colleague, Map.of());
    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(again.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(again.getBody().get("field").asText()).isEqualTo("item");
    assertThat(again.getBody().get("detail").asText()).contains(accessKey);

    String leaver = newPerson("vpn-leaver");
    assertThat(as("admin").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", leaver)).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(202);
    assertRefused(submit("l3", "vpn-access", leaver, Map.of()), "requestedFor");
    assertThat(as("admin").get().uri("/api/service-requests?requestedFor=" + leaver).retrieve().body(JsonNode.class)
        .get("totalElements").asLong()).as("nothing stored").isZero();
  }

  /**
   * A request that passed the access SOP's rules when it was made, and no longer does when "Request access" asks the
   * access SOP a moment after the approvals: the person was locked meanwhile (a leaver). It ends rejected, naming the
   * refusal, the requester is mailed, and nothing waits as a Cockpit incident (before model 1.3.0 the refusal was a
   * failure: three retries, then an incident, the request in fulfilment for good).
   */
  @Test
  void anAccessRequestTheAccessSopRefusesAfterTheApprovalEndsRejectedWithAMailAndNoIncident() {
    String colleague = newPerson("vpn-leaver-later");
    String number = submit("l3", approvedVpnItem(), colleague, Map.of()).getBody().get("number").asText();
    assertThat(as("admin").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", colleague)).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(202);

    assertThat(complete("manager", task(number, TASK_APPROVE_AS_LINE_MANAGER), Map.of(DECISION, DECISION_APPROVE))
        .getStatusCode().value()).isEqualTo(204);

    assertRefusedByTheAccessSop(number, "locked");
  }

  /** The same for a right the person was given meanwhile (by another request, or in Camunda Admin): 409 at once. */
  @Test
  void anAccessRequestForARightThePersonGotMeanwhileEndsRejectedWithAMailAndNoIncident() {
    String colleague = newPerson("vpn-got-it-meanwhile");
    String number = submit("l3", approvedVpnItem(), colleague, Map.of()).getBody().get("number").asText();
    processEngine.getIdentityService().createMembership(colleague, "vpn-users");

    assertThat(complete("manager", task(number, TASK_APPROVE_AS_LINE_MANAGER), Map.of(DECISION, DECISION_APPROVE))
        .getStatusCode().value()).isEqualTo(204);

    assertRefusedByTheAccessSop(number, "already holds vpn-users");
  }

  /**
   * Instances still on model 1.1.0 or 1.2.0 (neither catches the access SOP's refusal) end rejected too, with exactly
   * one rejection mail to the requester, no incident and no job left: on 1.1.0 the refusal ends the fulfilment
   * subprocess and "Fulfilled?" takes "No" to that model's rejection mail (before, the gateway failed on the unset
   * variable, rolling the rejection back into retries and an incident); 1.2.0 has no mail on that path, so "Request
   * access" records it.
   */
  @Test
  void instancesOfVersions110And120RefusedByTheAccessSopEndRejectedWithOneMailAndNoIncident() throws Exception {
    // Both copies in one test: a deleted deployment's version number is given again, and SOP governance keeps one
    // revision per version.
    var repository = processEngine.getRepositoryService();
    String version110 = deployCopy("1.1.0");
    String version120 = null;
    try {
      version120 = deployCopy("1.2.0");
      refusedOnAnOlderModel(version110, "1.1.0", "vpn-leaver-110");
      refusedOnAnOlderModel(version120, "1.2.0", "vpn-leaver-120");
    } finally {
      // Deployed after 1.3.0, the copies are the latest versions: gone again, the other tests start what they always
      // do.
      if (version120 != null) {
        repository.deleteDeployment(repository.getProcessDefinition(version120).getDeploymentId(), true);
      }
      repository.deleteDeployment(repository.getProcessDefinition(version110).getDeploymentId(), true);
    }
  }

  /**
   * A request for a colleague who leaves before the line manager approves, its instance migrated to the copy of
   * {@code version} while it waits for the approval (as an instance started before the upgrade would be).
   */
  private void refusedOnAnOlderModel(String oldDefinition, String version, String person) {
    String colleague = newPerson(person);
    String number = submit("l3", approvedVpnItem(), colleague, Map.of()).getBody().get("number").asText();
    String instance = get("l3", number).get("processInstanceId").asText();
    task(number, TASK_APPROVE_AS_LINE_MANAGER);
    var runtime = processEngine.getRuntimeService();
    String current = runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult()
        .getProcessDefinitionId();
    if (!current.equals(oldDefinition)) {
      runtime.newMigration(runtime.createMigrationPlan(current, oldDefinition).mapEqualActivities().build())
          .processInstanceIds(instance).execute();
    }
    assertThat(as("admin").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", colleague)).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(202);

    assertThat(complete("manager", task(number, TASK_APPROVE_AS_LINE_MANAGER), Map.of(DECISION, DECISION_APPROVE))
        .getStatusCode().value()).isEqualTo(204);

    var history = processEngine.getHistoryService();
    await().atMost(WAIT).until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(instance)
        .finished().count() == 1);
    JsonNode rejected = get("l3", number);
    assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.get("rejectionReason").asText()).contains("access SOP refused", "locked");
    assertThat(audit(number).findValuesAsText("action")).contains("REJECTED");
    assertThat(processEngine.getRepositoryService().getProcessDefinition(history.createHistoricProcessInstanceQuery()
        .processInstanceId(instance).singleResult().getProcessDefinitionId()).getVersionTag()).isEqualTo(version);
    assertOneRejectionMailToTheRequester(number);
    assertThat(history.createHistoricIncidentQuery().processInstanceId(instance).count()).as("no incident").isZero();
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(instance).count()).isZero();
  }

  /** The copy of an older model (models/ under test resources) with today's forms, deployed as Modeler would. */
  private String deployCopy(String version) throws java.io.IOException {
    var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
    var deployment = processEngine.getRepositoryService().createDeployment().name("service-request-" + version);
    var model = resolver.getResource("classpath:models/ServiceRequestProcess-" + version + ".bpmn");
    try (var in = model.getInputStream()) {
      deployment.addInputStream(model.getFilename(), in);
    }
    for (var form : resolver.getResources("classpath*:forms/*.form")) {
      try (var in = form.getInputStream()) {
        deployment.addInputStream(form.getFilename(), in);
      }
    }
    return deployment.deployWithResult().getDeployedProcessDefinitions().stream()
        .filter(d -> d.getKey().equals(PROCESS_KEY)).findFirst().orElseThrow().getId();
  }

  /** Exactly one rejection mail about the request, to its requester (l3), whatever model version recorded it. */
  private void assertOneRejectionMailToTheRequester(String number) {
    List<JsonNode> rejections = new ArrayList<>();
    notifications(number).forEach(n -> {
      if (n.path("template").asText().equals(TEMPLATE_REJECTED)) {
        rejections.add(n);
      }
    });
    assertThat(rejections).singleElement()
        .satisfies(n -> assertThat(n.path("recipients").asText()).isEqualTo("l3@sopflow.local"));
  }

  /**
   * A refusal by the access SOP ends a request rejected; a technical failure while asking it does not: the system
   * holding the right cannot be reached, so "Request access" fails, is retried on its cycle and becomes a Cockpit
   * incident, the request untouched, and goes on once an operator retries it with the system back.
   */
  @Test
  void aTechnicalFailureAskingTheAccessSopIsRetriedThenAnIncidentNeverARejection() {
    String item = reportViewerItem();
    String number = submit("l3", item, newPerson("reports"), Map.of()).getBody().get("number").asText();
    String instance = get("l3", number).get("processInstanceId").asText();
    var management = processEngine.getManagementService();

    reportSystem.reachable.set(false);
    try {
      assertThat(complete("manager", task(number, TASK_APPROVE_AS_LINE_MANAGER), Map.of(DECISION, DECISION_APPROVE))
          .getStatusCode().value()).isEqualTo(204);
      // The job executor ran "Request access" once: it failed and waits for its next try (R3/PT5M).
      await().atMost(WAIT).until(() -> requestAccessJob(instance).getRetries() < 3);
      Job failed = requestAccessJob(instance);
      assertThat(failed.getRetries()).isEqualTo(2);
      assertThat(failed.getExceptionMessage()).contains("unreachable");
      assertNeitherRejectedNorAsked(number);

      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> management.executeJob(failed.getId())).hasStackTraceContaining("unreachable");
      }
      assertThat(processEngine.getRuntimeService().createIncidentQuery().processInstanceId(instance)
          .activityId(TASK_REQUEST_ACCESS).count()).as("a Cockpit incident").isEqualTo(1);
      assertNeitherRejectedNorAsked(number);
    } finally {
      reportSystem.reachable.set(true);
    }

    // The system is back; an operator retries the job in Cockpit.
    management.setJobRetries(requestAccessJob(instance).getId(), 1);
    management.executeJob(requestAccessJob(instance).getId());
    JsonNode handedOver = get("l3", number);
    assertThat(handedOver.get("status").asText()).isEqualTo("IN_FULFILMENT");
    assertThat(handedOver.get("accessRequestKey").asText()).startsWith("ACC-");
    assertThat(processEngine.getRuntimeService().createIncidentQuery().processInstanceId(instance).count()).isZero();
  }

  @Test
  void aVpnRequestWhoseAccessIsRejectedEndsRejectedWithAMail() {
    // For a colleague: l3 may hold VPN access already (aVpnRequestIsFulfilledWhenTheAccessSopGrantsTheAccess).
    String number = submit("l3", "vpn-access", newPerson("colleague"), Map.of()).getBody().get("number").asText();
    await().atMost(WAIT).until(() -> !get("l3", number).path("accessRequestKey").asText("").isEmpty());
    String accessKey = get("l3", number).get("accessRequestKey").asText();

    complete("manager", accessTask(accessKey, AccessProvisioningProcess.TASK_APPROVE_AS_LINE_MANAGER),
        Map.of(AccessProvisioningProcess.MANAGER_DECISION, "REJECT", AccessProvisioningProcess.MANAGER_COMMENT,
            "Not needed for this role"));

    JsonNode rejected = get("l3", number);
    assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.get("rejectionReason").asText()).contains(accessKey);
    assertThat(awaitMailAbout("l3@sopflow.local", number, 1, WAIT))
        .anySatisfy(m -> assertThat(subject(m)).contains("was rejected"));
  }

  /**
   * Four eyes against a decision stored before {@code manager_acting_for} (or by a node of the older version during a
   * rolling upgrade): the line manager's delegate approved, and the record names only the delegate. The line manager,
   * a member of the owner group too, is still refused the owner approval (403 problem+json, nothing changed): the
   * owner stage knows whom the line manager's approval was routed to.
   */
  @Test
  void theRoutedLineManagerMayNotApproveAsOwnerWhenTheRecordNamesOnlyTheirDelegate() {
    String item = "managers-own-item";
    if (as("owner").get().uri("/api/service-catalogue/" + item).retrieve().toBodilessEntity().getStatusCode()
        .value() == 404) {
      Map<String, Object> body = item(item, "MANAGER_AND_OWNER");
      body.put("ownerGroup", "managers"); // the line manager, manager, is a member
      assertThat(catalogueWrite("owner", "POST", "/api/service-catalogue", body).getStatusCode().value())
          .isEqualTo(201);
    }
    String number = submit("l3", item, newPerson("four-eyes"), Map.of()).getBody().get("number").asText();
    assertThat(complete("manager", task(number, TASK_APPROVE_AS_LINE_MANAGER), Map.of(DECISION, DECISION_APPROVE))
        .getStatusCode().value()).isEqualTo(204);
    // As the code before manager_acting_for stored a delegate's decision: the delegate, acting for nobody.
    assertThat(jdbc.update("update service_request set manager_decided_by = ?, manager_acting_for = null "
        + "where request_number = ?", "incman", number)).isOne();
    Task owner = task(number, TASK_APPROVE_AS_OWNER);

    ResponseEntity<JsonNode> refused = complete("manager", owner, Map.of(DECISION, DECISION_APPROVE));

    assertThat(refused.getStatusCode().value()).isEqualTo(403);
    assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(refused.getBody().path("detail").asText()).contains("needs a second person", "manager");
    JsonNode record = get("l3", number);
    assertThat(record.get("status").asText()).isEqualTo("OWNER_APPROVAL");
    assertThat(record.hasNonNull("ownerDecidedBy")).isFalse();
    assertThat(processEngine.getTaskService().createTaskQuery().taskId(owner.getId()).count()).as("still open")
        .isOne();
  }

  @Test
  void aRequestRejectedByTheLineManagerEndsWithAMailToTheRequester() {
    String number = submit("desk", "laptop", "desk", laptop()).getBody().get("number").asText();

    assertRefused(complete("manager", task(number, TASK_APPROVE_AS_LINE_MANAGER), Map.of(DECISION, DECISION_REJECT)),
        COMMENT);
    assertThat(complete("manager", task(number, TASK_APPROVE_AS_LINE_MANAGER),
        Map.of(DECISION, DECISION_REJECT, COMMENT, "You got one last month")).getStatusCode().value()).isEqualTo(204);

    JsonNode rejected = get("desk", number);
    assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.get("rejectionReason").asText()).contains("You got one last month");
    List<MimeMessage> mails = awaitMailAbout("desk@sopflow.local", number, 1, WAIT);
    assertThat(mails).anySatisfy(m -> assertThat(body(m)).contains("You got one last month"));
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(number)
        .count()).isZero();
  }

  @Test
  void aFulfilledRequestNobodyConfirmsClosesByItselfWithoutARating() {
    catalogueWrite("owner", "POST", "/api/service-catalogue", item("headset", "NONE"));
    String number = submit("l2", "headset", "l2", Map.of()).getBody().get("number").asText();
    assertThat(complete("desk", task(number, TASK_FULFIL_REQUEST), Map.of()).getStatusCode().value()).isEqualTo(204);
    Task confirm = task(number, TASK_CONFIRM_FULFILMENT);
    assertThat(confirm.getAssignee()).isEqualTo("l2");

    Job autoClose = processEngine.getManagementService().createJobQuery()
        .processInstanceId(confirm.getProcessInstanceId()).activityId(BOUNDARY_AUTO_CLOSE).singleResult();
    assertThat(autoClose.getDuedate()).isEqualTo(confirm.getDueDate());
    processEngine.getManagementService().setJobDuedate(autoClose.getId(), new Date());
    executeDueJobs();

    await().atMost(WAIT).until(() -> get("l2", number).get("status").asText().equals("CLOSED"));
    JsonNode closed = get("l2", number);
    assertThat(closed.get("closedAutomatically").asBoolean()).isTrue();
    assertThat(closed.hasNonNull("rating")).isFalse();
  }

  @Test
  void aFulfilmentPastItsTargetIsAuditedAndCountedAsAnSlaBreachOnce() {
    assertThat(catalogueWrite("owner", "POST", "/api/service-catalogue", item("docking-station", "NONE"))
        .getStatusCode().value()).isEqualTo(201);
    String number = submit("l2", "docking-station", "l2", Map.of()).getBody().get("number").asText();
    Task fulfil = task(number, TASK_FULFIL_REQUEST);
    double before = slaBreaches("request", "none", "fulfilment");

    var management = processEngine.getManagementService();
    management.executeJob(management.createJobQuery().processInstanceId(fulfil.getProcessInstanceId())
        .activityId(BOUNDARY_FULFILMENT_BREACHED).singleResult().getId());
    assertThat(get("l2", number).get("fulfilmentBreached").asBoolean()).isTrue();
    assertThat(task(number, TASK_FULFIL_REQUEST).getId()).as("the task stays with its group")
        .isEqualTo(fulfil.getId());
    assertThat(slaBreaches("request", "none", "fulfilment")).isEqualTo(before + 1);

    requests.recordBreach(number); // a second report of the same breach (a job run again) records and counts nothing
    JsonNode audit = audit(number);
    assertThat(audit.findValuesAsText("action")).containsOnlyOnce("FULFILMENT_BREACHED");
    assertThat(slaBreaches("request", "none", "fulfilment")).isEqualTo(before + 1);
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndStoresNothing() {
    long before = total("admin");
    long instances = instances();

    assertRefused(submit("desk", "spaceship", "desk", Map.of()), "item");
    assertRefused(submit("desk", "software-licence", "desk", Map.of()), "details.software");
    assertRefused(submit("desk", "software-licence", "desk", Map.of("software", "   ")), "details.software");
    assertRefused(submit("desk", "laptop", "nobody-here", laptop()), "requestedFor");
    assertRefused(submit("desk", "laptop", "desk", Map.of("model", "standard")), "details.deliveryAddress");
    assertRefused(as("desk").get().uri("/api/service-requests?size=101").retrieve().toEntity(JsonNode.class), "size");

    assertThat(total("admin")).isEqualTo(before);
    assertThat(instances()).isEqualTo(instances);
  }

  @Test
  void tasklistsStartFormRaisesTheSameRecordWithTheSameRules() {
    long before = total("admin");
    Map<String, Object> form = new HashMap<>(Map.of("item", "laptop", "requestedFor", "desk",
        "justification", "Replacement", "details_model", "developer"));
    assertRefused(submitForm("desk", form), "details.deliveryAddress");
    assertThat(total("admin")).isEqualTo(before);

    form.put("details_deliveryAddress", "Room 4.12");
    form.put("details_notes", "");
    assertThat(submitForm("desk", form).getStatusCode().value()).isEqualTo(200);
    JsonNode page = as("desk").get().uri("/api/service-requests?item=laptop&requestedFor=desk").retrieve()
        .body(JsonNode.class);
    JsonNode newest = page.get("content").get(0);
    assertThat(newest.get("details").get("model").asText()).isEqualTo("developer");
    assertThat(newest.get("details").get("deliveryAddress").asText()).isEqualTo("Room 4.12");
    assertThat(newest.get("details").has("notes")).isFalse();
    assertThat(newest.get("requester").asText()).isEqualTo("desk");
    assertThat(newest.get("status").asText()).isEqualTo("MANAGER_APPROVAL");
  }

  @Test
  void aRequestIsSeenByThePeopleItConcernsItsGroupsAndOverseersOnly() {
    String number = submit("l2", "laptop", "l2", laptop()).getBody().get("number").asText();

    for (String user : List.of("l2", "desk", "manager", "admin")) {
      assertThat(as(user).get().uri("/api/service-requests/" + number).retrieve().toBodilessEntity()
          .getStatusCode().value()).as(user).isEqualTo(200);
    }
    for (String user : List.of("l3", "fin", "owner")) {
      assertThat(as(user).get().uri("/api/service-requests/" + number).retrieve().toBodilessEntity()
          .getStatusCode().value()).as(user).isEqualTo(404);
      JsonNode page = as(user).get().uri("/api/service-requests?size=100").retrieve().body(JsonNode.class);
      assertThat(page.get("content").findValuesAsText("number")).as(user).doesNotContain(number);
    }
    assertThat(as("l3").get().uri("/api/service-requests/REQ-999999").retrieve().toBodilessEntity().getStatusCode()
        .value()).isEqualTo(404);
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  /** VPN access the line manager approves first: an item of the catalogue (created once per context). */
  private String approvedVpnItem() {
    String key = "vpn-access-approved";
    if (as("owner").get().uri("/api/service-catalogue/" + key).retrieve().toBodilessEntity().getStatusCode()
        .value() == 404) {
      Map<String, Object> item = item(key, "MANAGER");
      item.put("accessResource", "vpn-users");
      assertThat(catalogueWrite("owner", "POST", "/api/service-catalogue", item).getStatusCode().value())
          .isEqualTo(201);
    }
    return key;
  }

  /** Access to the report viewer ({@link ReportSystem}) the line manager approves first (created once per context). */
  private String reportViewerItem() {
    String key = "report-viewer-access";
    if (as("owner").get().uri("/api/service-catalogue/" + key).retrieve().toBodilessEntity().getStatusCode()
        .value() == 404) {
      assertThat(as("admin").post().uri("/api/access-resources").contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("key", ReportSystem.RESOURCE, "name", "Report viewer", "ownerGroup", "service-desk",
              "riskLevel", "LOW", "connectorType", ReportSystem.TYPE)).retrieve().toBodilessEntity().getStatusCode()
          .value()).isEqualTo(201);
      Map<String, Object> item = item(key, "MANAGER");
      item.put("accessResource", ReportSystem.RESOURCE);
      assertThat(catalogueWrite("owner", "POST", "/api/service-catalogue", item).getStatusCode().value())
          .isEqualTo(201);
    }
    return key;
  }

  /** Approved, not asked for: neither rejected nor handed to the access SOP, and nothing audited as either. */
  private void assertNeitherRejectedNorAsked(String number) {
    JsonNode request = get("l3", number);
    assertThat(request.get("status").asText()).isEqualTo("APPROVED");
    assertThat(request.hasNonNull("accessRequestKey")).isFalse();
    assertThat(request.hasNonNull("rejectionReason")).isFalse();
    JsonNode audit = audit(number);
    assertThat(audit.findValuesAsText("action")).doesNotContain("REJECTED", "ACCESS_REQUESTED", "FULFILMENT_STARTED");
  }

  private Job requestAccessJob(String instance) {
    return processEngine.getManagementService().createJobQuery().processInstanceId(instance)
        .activityId(TASK_REQUEST_ACCESS).singleResult();
  }

  /**
   * The system holding the right {@value #RESOURCE}, reached through a connector of its own: reachable until a test
   * takes it down, then every call fails as an unreachable system's would.
   */
  static final class ReportSystem implements AccessConnector {

    static final String TYPE = "test-report-system";
    static final String RESOURCE = "report-viewer";
    final AtomicBoolean reachable = new AtomicBoolean(true);

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public void grant(String user, String resourceKey) {
      requireReachable();
    }

    @Override
    public void revoke(String user, String resourceKey) {
      requireReachable();
    }

    @Override
    public boolean hasAccess(String user, String resourceKey) {
      requireReachable();
      return false;
    }

    private void requireReachable() {
      if (!reachable.get()) {
        throw new IllegalStateException("the report system is unreachable");
      }
    }
  }

  /**
   * The request ended rejected by the access SOP's refusal (the reason naming {@code why}), through the model's refusal
   * path, with a mail to the requester (l3), no access request and no incident.
   */
  private void assertRefusedByTheAccessSop(String number, String why) {
    await().atMost(WAIT).until(() -> get("l3", number).get("status").asText().equals("REJECTED"));
    JsonNode rejected = get("l3", number);
    assertThat(rejected.get("rejectionReason").asText()).contains("access SOP refused", why);
    assertThat(rejected.hasNonNull("accessRequestKey")).isFalse();
    JsonNode audit = audit(number);
    assertThat(audit.findValuesAsText("action")).contains("REJECTED").doesNotContain("ACCESS_REQUESTED");
    assertThat(audit.findValuesAsText("details")).anySatisfy(d -> assertThat(d).contains(why));
    assertThat(awaitMailAbout("l3@sopflow.local", number, 1, WAIT))
        .anySatisfy(m -> assertThat(subject(m)).contains("was rejected"));
    assertOneRejectionMailToTheRequester(number);
    String instance = rejected.get("processInstanceId").asText();
    await().atMost(WAIT).until(() -> processEngine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(instance).finished().count() == 1);
    assertThat(processEngine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(instance)
        .activityId(END_ACCESS_REFUSED).count()).isEqualTo(1);
    assertThat(processEngine.getHistoryService().createHistoricIncidentQuery().processInstanceId(instance).count())
        .as("no incident").isZero();
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(instance).count()).isZero();
  }

  private static Map<String, String> laptop() {
    return Map.of("model", "standard", "deliveryAddress", "Room 2.01");
  }

  private static Map<String, Object> item(String key, String approval) {
    Map<String, Object> item = new HashMap<>();
    item.put("key", key);
    item.put("name", "Item " + key);
    item.put("description", "For the tests");
    item.put("approval", approval);
    item.put("ownerGroup", "service-desk");
    item.put("fulfilmentGroup", "service-desk");
    item.put("fulfilmentTarget", "PT8H");
    item.put("fulfilmentCalendar", "24x7");
    return item;
  }

  private ResponseEntity<JsonNode> catalogueWrite(String user, String method, String uri, Map<String, Object> body) {
    var client = as(user);
    var spec = "PUT".equals(method) ? client.put().uri(uri) : client.post().uri(uri);
    return spec.contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JsonNode.class);
  }

  private ResponseEntity<JsonNode> submit(String user, String item, String requestedFor, Map<String, String> details) {
    Map<String, Object> body = new HashMap<>();
    body.put("item", item);
    body.put("requestedFor", requestedFor);
    body.put("justification", "Needed for my work");
    body.put("details", details);
    return as(user).post().uri("/api/service-requests").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class);
  }

  private ResponseEntity<JsonNode> submitForm(String user, Map<String, Object> fields) {
    Map<String, Object> variables = new HashMap<>();
    fields.forEach((k, v) -> variables.put(k, Map.of("value", v)));
    return as(user).post().uri("/engine-rest/process-definition/key/" + PROCESS_KEY + "/submit-form")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", variables)).retrieve()
        .toEntity(JsonNode.class);
  }

  private JsonNode get(String user, String number) {
    return as(user).get().uri("/api/service-requests/" + number).retrieve().body(JsonNode.class);
  }

  private long total(String user) {
    return as(user).get().uri("/api/service-requests?size=1").retrieve().body(JsonNode.class).get("totalElements")
        .asLong();
  }

  private long instances() {
    return processEngine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
        .count();
  }

  /** What SOPFlow told whom about a record (as a manager reads it). */
  private JsonNode notifications(String reference) {
    return as("manager").get().uri("/api/notifications?reference={r}&size=100", reference).retrieve()
        .body(JsonNode.class).path("content");
  }

  /** The audit entries about a subject (as an admin reads them), all of them: a test's subject has fewer than 100. */
  private JsonNode audit(String subject) {
    return as("admin").get().uri("/api/audit?subject={s}&size=100", subject).retrieve().body(JsonNode.class)
        .path("content");
  }

  /** Runs the due jobs of these instances only, as the job executor would, until none is left (bounded). */
  private void runDueJobsOf(String... processInstanceIds) {
    var management = processEngine.getManagementService();
    for (int round = 0; round < 20; round++) {
      List<Job> due = new ArrayList<>();
      for (String id : processInstanceIds) {
        due.addAll(management.createJobQuery().processInstanceId(id).executable().list());
      }
      if (due.isEmpty()) {
        return;
      }
      due.forEach(job -> management.executeJob(job.getId()));
    }
    throw new IllegalStateException("Jobs still due after 20 rounds");
  }

  private Task task(String number, String taskKey) {
    await().atMost(WAIT).until(() -> processEngine.getTaskService().createTaskQuery()
        .processInstanceBusinessKey(number).taskDefinitionKey(taskKey).count() == 1);
    return processEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(taskKey).singleResult();
  }

  private Task accessTask(String accessKey, String taskKey) {
    return task(accessKey, taskKey);
  }

  private ResponseEntity<JsonNode> complete(String user, Task task, Map<String, Object> values) {
    Map<String, Object> variables = new HashMap<>();
    values.forEach((k, v) -> variables.put(k, Map.of("value", v)));
    return as(user).post().uri("/engine-rest/task/" + task.getId() + "/complete")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", variables)).retrieve()
        .toEntity(JsonNode.class);
  }

  private static void assertRefused(ResponseEntity<JsonNode> response, String field) {
    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
    assertThat(response.getBody().get("field").asText()).isEqualTo(field);
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String body(MimeMessage m) {
    try {
      return m.getContent().toString();
    } catch (jakarta.mail.MessagingException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
