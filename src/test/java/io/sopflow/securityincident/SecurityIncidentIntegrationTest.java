package io.sopflow.securityincident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.access.AccountLocks;
import io.sopflow.access.process.AccessProvisioningProcess;
import io.sopflow.securityincident.process.SecurityIncidentProcess;
import io.sopflow.support.IntegrationTestBase;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Security incidents end to end through {@code /api} and {@code /engine-rest}: containment that locks {@code l3} for
 * real (memberships gone, log-in refused), and only the accounts the officer chose, and recovery that gives them back,
 * the confidentiality rules, the evidence log, the Tasklist start form and bad input.
 */
class SecurityIncidentIntegrationTest extends IntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired TaskService taskService;
  @Autowired io.sopflow.audit.AuditTrail auditTrail;
  @Autowired org.springframework.transaction.PlatformTransactionManager transactionManager;
  @Autowired IdentityService identityService;
  @Autowired DataSource dataSource;
  @Autowired AccountLocks accountLocks;
  @Autowired org.camunda.bpm.engine.RepositoryService repositoryService;
  @Autowired org.camunda.bpm.engine.RuntimeService runtimeService;
  @Autowired org.camunda.bpm.engine.ManagementService managementService;

  /** Demo users other tests log in as, with the group each must keep. */
  static final Map<String, String> NAMED_IN_REPORTS = Map.of("l3", "support-l3", "admin", "camunda-admin",
      "secoff", "security-officers");

  /** Whatever happens here, the accounts a report names leave as they came: unlocked as an admin does, no hold left. */
  @AfterEach
  void namedAccountsLeaveAsTheyCame() {
    NAMED_IN_REPORTS.forEach((user, group) -> {
      accountLocks.unlock(user);
      if (identityService.createUserQuery().userId(user).memberOfGroup(group).count() == 0) {
        identityService.createMembership(user, group);
      }
    });
  }

  @Test
  void containmentLocksOnlyTheReportedAccountsTheOfficerChoseAndRecoveryRestoresTheirMemberships() throws Exception {
    // Whatever groups l3 is in now (other tests of this shared context may have granted him more, e.g. vpn-users):
    // containment removes them all, recovery gives them all back.
    List<String> groupsBefore = identityService.createGroupQuery().groupMember("l3").list().stream()
        .map(group -> group.getId()).toList();
    assertThat(groupsBefore).contains("support-l3");
    // The reporter names the admin and the only security officer too: suspects, not accounts to lock.
    JsonNode reported = report("desk", body("Odd log-ins of l3", "UNAUTHORIZED_ACCESS", false,
        List.of("l3", "admin", "secoff"), List.of("vpn-gw-1"))).getBody();
    String number = reported.path("number").asText();
    assertThat(number).matches("SEC-\\d{6}");
    assertThat(reported.path("status").asText()).isEqualTo("REPORTED");
    assertThat(reported.path("severity").asText()).isNotBlank();
    assertThat(reported.path("processInstanceId").asText()).isNotBlank();
    assertThat(reported.hasNonNull("regulatorNotificationDueAt")).isFalse();
    assertThat(awaitMailAbout("secoff@sopflow.local", number, 1, WAIT).get(0).getContent().toString())
        .contains(number).doesNotContain("Odd log-ins");

    // Only a reported account can be chosen: refused naming the field, and nothing changes.
    ResponseEntity<JsonNode> refused = completion("secoff", number, SecurityIncidentProcess.TASK_TRIAGE,
        triage("l3, l2"));
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(refused.getBody().path("field").asText()).isEqualTo(SecurityIncidentProcess.LOCK_ACCOUNTS);
    assertThat(taskOf(number, SecurityIncidentProcess.TASK_TRIAGE)).as("still to triage").isNotNull();
    JsonNode unchanged = get("admin", "/api/security-incidents/" + number).getBody();
    assertThat(unchanged.path("status").asText()).isEqualTo("REPORTED");
    unchanged.path("affectedAccounts").forEach(a -> assertThat(a.has("lock") || a.has("lockedAt")).isFalse());

    complete("secoff", number, SecurityIncidentProcess.TASK_TRIAGE, triage("l3"));
    JsonNode locked = awaitRecord(number, r -> r.path("affectedAccounts").get(0).hasNonNull("lockedAt"));
    assertThat(locked.path("status").asText()).isEqualTo("CONTAINMENT");
    assertThat(locked.hasNonNull("containmentDueAt")).isTrue();
    JsonNode l3 = locked.path("affectedAccounts").get(0);
    assertThat(l3.path("lock").asBoolean()).isTrue();
    assertThat(texts(l3.path("removedGroups"))).containsExactlyInAnyOrderElementsOf(groupsBefore);
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count()).isZero();
    assertThat(as("l3").get().uri("/api/incidents").retrieve().toBodilessEntity().getStatusCode().value())
        .as("l3's right password is refused").isEqualTo(401);
    for (int i = 1; i <= 2; i++) {
      JsonNode suspect = locked.path("affectedAccounts").get(i);
      assertThat(suspect.path("lock").asBoolean(true)).as(suspect.toString()).isFalse();
      assertThat(suspect.hasNonNull("lockedAt")).as(suspect.toString()).isFalse();
    }
    assertThat(identityService.createUserQuery().userId("admin").memberOfGroup("camunda-admin").count()).isOne();
    assertThat(as("admin").get().uri("/api/incidents").retrieve().toBodilessEntity().getStatusCode().value())
        .as("the admin still logs in").isEqualTo(200);
    assertThat(identityService.createUserQuery().userId("secoff").memberOfGroup("security-officers").count())
        .as("the officer keeps his group (and works the incident on below)").isOne();

    // The reporter reads the report, not the memberships of the accounts it names; the officers do.
    JsonNode asReporter = get("desk", "/api/security-incidents/" + number).getBody();
    assertThat(asReporter.path("affectedAccounts").get(0).path("account").asText()).isEqualTo("l3");
    asReporter.path("affectedAccounts").forEach(a -> assertThat(a.has("removedGroups")).as(a.toString()).isFalse());
    assertThat(texts(get("secoff", "/api/security-incidents/" + number).getBody().path("affectedAccounts").get(0)
        .path("removedGroups"))).containsExactlyInAnyOrderElementsOf(groupsBefore);
    assertThat(evidenceOf("desk", number, "ACCOUNT_LOCKED")).singleElement()
        .satisfies(e -> assertThat(e.has("details")).as("withheld from the reporter").isFalse());
    // Nor the investigation: the reporter may be the insider it is about. They follow its steps, and their own report.
    assertThat(asReporter.path("status").asText()).isEqualTo("CONTAINMENT");
    assertThat(asReporter.hasNonNull("triagedAt")).isTrue();
    for (String withheld : List.of("triagedBy", "triageNotes", "containmentDueAt")) {
      assertThat(asReporter.has(withheld)).as(withheld).isFalse();
    }
    asReporter.path("affectedAccounts").forEach(a -> assertThat(a.has("lock") || a.has("lockedAt"))
        .as(a.toString()).isFalse());
    JsonNode asOfficer = get("secoff", "/api/security-incidents/" + number).getBody();
    assertThat(asOfficer.path("triagedBy").asText()).isEqualTo("secoff");
    assertThat(asOfficer.hasNonNull("triageNotes")).isTrue();
    assertThat(evidenceOf("desk", number, "REPORTED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).as("their own report").isNotBlank());
    assertThat(evidenceOf("desk", number, "CONFIRMED")).singleElement()
        .satisfies(e -> assertThat(e.has("details")).as("the triage's details are the officers'").isFalse());
    assertThat(evidenceOf("secoff", number, "CONFIRMED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).isNotBlank());
    assertThat(evidenceOf("secoff", number, "ACCOUNT_LOCKED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).startsWith("l3: ").contains("support-l3"));

    complete("secoff", number, SecurityIncidentProcess.TASK_CONTAIN, Map.of("containmentNotes", "Sessions revoked",
        "assetActions", "vpn-gw-1: isolated from the network"));
    complete("secoff", number, SecurityIncidentProcess.TASK_ERADICATE, Map.of("eradicationNotes",
        "Stolen token revoked, laptop re-imaged"));
    ResponseEntity<JsonNode> notLocked = completion("secoff", number, SecurityIncidentProcess.TASK_DECIDE_RECOVERY,
        Map.of("restoreAccounts", "l3, admin", "recoveryNotes", "both are clean"));
    assertThat(notLocked.getStatusCode().value()).isEqualTo(400);
    assertThat(notLocked.getBody().path("field").asText()).isEqualTo("restoreAccounts");
    complete("secoff", number, SecurityIncidentProcess.TASK_DECIDE_RECOVERY, Map.of("restoreAccounts", "l3",
        "recoveryNotes", "l3 is clean"));
    JsonNode recovered = awaitRecord(number, r -> r.path("status").asText().equals("REVIEW"));
    JsonNode account = recovered.path("affectedAccounts").get(0);
    assertThat(account.path("restoreMemberships").asBoolean()).isTrue();
    assertThat(texts(account.path("restoredGroups"))).containsExactlyInAnyOrderElementsOf(groupsBefore);
    assertThat(account.hasNonNull("unlockedAt")).isTrue();
    for (int i = 1; i <= 2; i++) {
      JsonNode suspect = recovered.path("affectedAccounts").get(i);
      assertThat(suspect.has("restoreMemberships") || suspect.has("unlockedAt")).as("recovery leaves "
          + suspect.path("account").asText() + " alone: it was never locked").isFalse();
    }
    assertThat(recovered.path("affectedAssets").get(0).path("action").asText()).isEqualTo("isolated from the network");
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count()).isOne();
    assertThat(as("l3").get().uri("/api/incidents").retrieve().toBodilessEntity().getStatusCode().value())
        .as("l3 logs in again").isEqualTo(200);

    String due = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    complete("secoff", number, SecurityIncidentProcess.TASK_REVIEW, Map.of("lessons", "Tokens lived too long",
        "actions", "Shorten token lifetime; l2; " + due, "problemToRaise", true));
    JsonNode closed = awaitRecord(number, r -> r.path("status").asText().equals("CLOSED"));
    assertThat(closed.path("problemToRaise").asBoolean()).isTrue();
    assertThat(closed.path("actions").get(0).path("owner").asText()).isEqualTo("l2");
    // An entry of another subject that carries the same key (an SOP whose process key reads like the number) is not
    // evidence of this incident.
    new org.springframework.transaction.support.TransactionTemplate(transactionManager).executeWithoutResult(tx ->
        auditTrail.record(io.sopflow.audit.AuditEvent.of("owner", "MIGRATION_PLANNED", "SOP migration", number,
            "planted by a look-alike key")));
    List<String> actions = new ArrayList<>();
    evidence("secoff", number).getBody().forEach(e -> actions.add(e.path("action").asText()));
    assertThat(actions).containsSubsequence("REPORTED", "CONFIRMED", "ACCOUNT_LOCKED", "CONTAINED", "ERADICATED",
        "RECOVERY_DECIDED", "ACCOUNT_UNLOCKED", "REVIEWED", "PROBLEM_TO_RAISE", "CLOSED")
        .doesNotContain("MIGRATION_PLANNED");
    JsonNode problems = as("probman").get().uri("/api/problems?size=100").retrieve().body(JsonNode.class);
    List<JsonNode> raised = new ArrayList<>();
    problems.path("content").forEach(p -> {
      if (p.path("title").asText().equals("Root cause of security incident " + number)) {
        raised.add(p);
      }
    });
    assertThat(raised).as("the review raised one problem, naming the security incident by number only").hasSize(1);
    assertThat(raised.get(0).toString()).doesNotContain("Odd log-ins", "Tokens lived too long");
    MimeMessage closedMail = awaitMailAbout("desk@sopflow.local", number, 1, WAIT).get(0);
    assertThat(closedMail.getContent().toString()).doesNotContain("Odd log-ins");
  }

  /**
   * A leaver's lock is the leaver SOP's, not the incident's: containment of a leaver's account adds its own hold, and
   * recovery lifts that hold only: the leaver stays locked and gets no membership back, whatever the officer decided.
   */
  @Test
  void recoveryNeverUnlocksALeaver() {
    assertThat(as("admin").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "l3")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(202);
    String number = lockL3("Leaver's mailbox sends phishing mail");

    JsonNode account = recover(number, "l3").path("affectedAccounts").get(0);

    assertThat(as("l3").get().uri("/api/incidents").retrieve().toBodilessEntity().getStatusCode().value())
        .as("the leaver's right password is still refused").isEqualTo(401);
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count())
        .as("no membership given back to a leaver").isZero();
    assertThat(account.hasNonNull("unlockedAt")).as(account.toString()).isFalse();
    assertThat(account.hasNonNull("releasedAt")).as(account.toString()).isTrue();
    assertThat(texts(account.path("keptLockedBy"))).containsExactly("leaver");
    assertThat(texts(account.path("restoredGroups"))).isEmpty();
    assertThat(evidenceOf("secoff", number, "ACCOUNT_KEPT_LOCKED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).startsWith("l3: ").contains("leaver", "support-l3"));
    assertThat(evidenceOf("secoff", number, "ACCOUNT_UNLOCKED")).isEmpty();
    assertThat(evidenceOf("secoff", number, "ACCOUNT_LOCKED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).contains("already locked", "leaver"));
  }

  /**
   * Two incidents lock the same account: the first to recover lifts its own hold only, and the account stays locked
   * (and without its memberships) until the other recovers too. The memberships the first took away and decided to
   * give back are handed on: the second incident found them gone and remembers none, yet they come back with the lock.
   */
  @Test
  void recoveryOfOneIncidentKeepsAnotherIncidentsLock() {
    String first = lockL3("Odd log-ins of l3");
    String second = lockL3("l3's token seen on a paste site");

    JsonNode firstAccount = recover(first, "l3").path("affectedAccounts").get(0);

    assertThat(as("l3").get().uri("/api/incidents").retrieve().toBodilessEntity().getStatusCode().value())
        .as("still contained by " + second).isEqualTo(401);
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count())
        .as("no membership back while " + second + " contains the account").isZero();
    assertThat(firstAccount.hasNonNull("unlockedAt")).as(firstAccount.toString()).isFalse();
    assertThat(texts(firstAccount.path("keptLockedBy"))).containsExactly(second);
    assertThat(get("secoff", "/api/security-incidents/" + second).getBody().path("affectedAccounts").get(0)
        .hasNonNull("releasedAt")).isFalse();

    JsonNode secondAccount = recover(second, "l3").path("affectedAccounts").get(0);

    assertThat(secondAccount.hasNonNull("unlockedAt")).as(secondAccount.toString()).isTrue();
    assertThat(texts(secondAccount.path("keptLockedBy"))).isEmpty();
    assertThat(as("l3").get().uri("/api/incidents").retrieve().toBodilessEntity().getStatusCode().value())
        .as("the last hold lifted: l3 logs in again").isEqualTo(200);
    assertThat(texts(secondAccount.path("removedGroups"))).as(second + " found the memberships gone").isEmpty();
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count())
        .as("the membership " + first + " took away comes back with the lock").isOne();
    assertThat(texts(secondAccount.path("restoredGroups"))).contains("support-l3");
    assertThat(evidenceOf("secoff", first, "ACCOUNT_KEPT_LOCKED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).contains("support-l3", "handed on"));
  }

  /**
   * The incident that lifts the lock decides for what was handed on: its investigation is the later one. Recovered
   * without restoring memberships, the memberships the first incident would have given back stay removed, and its
   * evidence says which and why; nothing is left over for a later recovery of the account to give back.
   */
  @Test
  void membershipsHandedOnStayRemovedWhenTheLastRecoveryRestoresNone() throws Exception {
    String first = lockL3("l3's laptop beacons to a known C2 host");
    String second = lockL3("l3 approved a fraudulent invoice");
    recover(first, "l3");

    recover(second, "");

    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count())
        .as(second + " restores nothing").isZero();
    assertThat(evidenceOf("secoff", second, "ACCOUNT_UNLOCKED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).contains("support-l3", "handed on by " + first));
    assertThat(handedOn("l3")).as("nothing left over for a later containment to give back").isZero();
  }

  /**
   * An administrator who unlocks the account in Camunda Admin lifts the lock outside SOPFlow: the holds lapse at the
   * account's next change, and what was handed on lapses with them (the audit under the account names it). An
   * unrelated incident that contains the account later gives back only what it took away itself.
   */
  @Test
  void whatWasHandedOnLapsesWithTheHoldsWhenAnAdministratorUnlocksInCamundaAdmin() throws Exception {
    String first = lockL3("l3 forwards mail to a private address");
    lockL3("l3's session cookie replayed");
    recover(first, "l3");
    assertThat(handedOn("l3")).isPositive();

    identityService.unlockUser("l3");
    String later = lockL3("l3's laptop stolen from a car");

    assertThat(handedOn("l3")).isZero();
    assertThat(auditTrail.entriesFor("l3")).filteredOn(e -> e.getAction().equals("LOCK_HOLDS_LAPSED")).last()
        .satisfies(e -> assertThat(e.getDetails()).contains("memberships no longer handed on: ", "support-l3"));
    JsonNode account = recover(later, "l3").path("affectedAccounts").get(0);
    assertThat(texts(account.path("restoredGroups"))).doesNotContain("support-l3");
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count()).isZero();
  }

  /**
   * Behind a leaver's lock nothing comes back, now or later: what an earlier recovery handed on is dropped by the
   * recovery that finds the leaver's hold, and its evidence says so.
   */
  @Test
  void whatWasHandedOnIsDroppedWhenALeaversLockKeepsTheAccount() throws Exception {
    String first = lockL3("l3 exfiltrates the customer list");
    String second = lockL3("l3's credentials used from a VPN exit node");
    recover(first, "l3");
    assertThat(as("admin").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", "l3")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(202);

    JsonNode account = recover(second, "l3").path("affectedAccounts").get(0);

    assertThat(texts(account.path("keptLockedBy"))).containsExactly("leaver");
    assertThat(handedOn("l3")).isZero();
    assertThat(evidenceOf("secoff", second, "ACCOUNT_KEPT_LOCKED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).contains("support-l3", "handed on by " + first
            + ", dropped"));
  }

  /** How many memberships wait to be given back to {@code account} with its lock. */
  private int handedOn(String account) throws Exception {
    try (Connection c = dataSource.getConnection();
        var count = c.prepareStatement("select count(*) from account_restoration where account = ?")) {
      count.setString(1, account);
      try (var rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /**
   * Two incidents recover the same account at once (two nodes): each releases its own hold and unlocks only if no
   * other is left. The other incident's release is played here by a connection that locks the account's lock row, as
   * a recovery does, and deletes that incident's hold; this incident's recovery must wait for it rather than decide on
   * what it read before that commit (it would see the other hold, keep the account locked, and nobody would hold it).
   */
  @Test
  void recoveriesOfTwoIncidentsAtOnceTakeTurnsAndTheLastUnlocks() throws Exception {
    String first = lockL3("l3 signs in from two countries");
    String second = lockL3("l3's password in a breach corpus");
    complete("secoff", first, SecurityIncidentProcess.TASK_CONTAIN, Map.of("containmentNotes", "Sessions revoked",
        "assetActions", ""));
    complete("secoff", first, SecurityIncidentProcess.TASK_ERADICATE, Map.of("eradicationNotes", "Token revoked"));

    try (Connection otherRecovery = dataSource.getConnection()) {
      otherRecovery.setAutoCommit(false);
      try (var row = otherRecovery.prepareStatement(
          "select account from account_lock_row where account = 'l3' for update"); var locked = row.executeQuery()) {
        assertThat(locked.next()).as("l3's lock row, made by containment").isTrue();
      }
      try (var release = otherRecovery.prepareStatement(
          "delete from account_lock_hold where account = 'l3' and holder = ?")) {
        release.setString(1, second);
        assertThat(release.executeUpdate()).as("the hold of " + second).isOne();
      }
      long session;
      try (var id = otherRecovery.createStatement().executeQuery("select session_id()")) {
        id.next();
        session = id.getLong(1);
      }
      complete("secoff", first, SecurityIncidentProcess.TASK_DECIDE_RECOVERY, Map.of("restoreAccounts", "l3",
          "recoveryNotes", "clean"));
      await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> blockedBy(session));
      otherRecovery.commit();
    }

    JsonNode account = awaitRecord(first, r -> r.path("status").asText().equals("REVIEW")).path("affectedAccounts")
        .get(0);
    assertThat(texts(account.path("keptLockedBy"))).as("the other hold was released meanwhile").isEmpty();
    assertThat(account.hasNonNull("unlockedAt")).isTrue();
    assertThat(as("l3").get().uri("/api/incidents").retrieve().toBodilessEntity().getStatusCode().value())
        .as("no lock is left that nobody holds").isEqualTo(200);
  }

  /** Whether a statement of another session waits for a lock {@code session} holds (H2's own view of it). */
  private boolean blockedBy(long session) throws Exception {
    try (Connection c = dataSource.getConnection(); var blocked = c.prepareStatement(
        "select count(*) from information_schema.sessions where blocker_id = ?")) {
      blocked.setLong(1, session);
      try (var rows = blocked.executeQuery()) {
        rows.next();
        return rows.getLong(1) > 0;
      }
    }
  }

  /**
   * A time-boxed grant that expires while the account is contained stays ended: recovery gives back the memberships
   * the person still has a right to, not one whose grant is over (with no grant and no expiry timer behind it).
   */
  @Test
  void recoveryDoesNotRestoreAGrantThatEndedDuringContainment() {
    Map<String, Object> request = new HashMap<>();
    request.put("beneficiary", "l3");
    request.put("resource", "finance");
    request.put("justification", "month-end close");
    request.put("validUntil", OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).truncatedTo(ChronoUnit.SECONDS)
        .toString());
    JsonNode requested = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(request).retrieve().body(JsonNode.class);
    String key = requested.path("key").asText();
    String grantInstance = requested.path("processInstanceId").asText();
    approveAccess(grantInstance, "manager", "managers", AccessProvisioningProcess.MANAGER_DECISION);
    approveAccess(grantInstance, "fin", "finance", AccessProvisioningProcess.OWNER_DECISION);
    await().atMost(WAIT).until(() -> grantStatus(key).equals("ACTIVE"));
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("finance").count()).isOne();

    String number = lockL3("l3's laptop stolen");
    assertThat(texts(get("secoff", "/api/security-incidents/" + number).getBody().path("affectedAccounts").get(0)
        .path("removedGroups"))).contains("finance", "support-l3");
    var management = processEngine.getManagementService();
    management.executeJob(management.createJobQuery().processInstanceId(grantInstance)
        .activityId("BoundaryEvent_GrantExpired").singleResult().getId());
    await().atMost(WAIT).until(() -> grantStatus(key).equals("EXPIRED"));

    JsonNode account = recover(number, "l3").path("affectedAccounts").get(0);

    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("finance").count())
        .as("the finance grant ended during containment").isZero();
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count()).isOne();
    assertThat(texts(account.path("restoredGroups"))).contains("support-l3").doesNotContain("finance");
    assertThat(evidenceOf("secoff", number, "ACCOUNT_UNLOCKED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).contains("finance", key));
    assertThat(as("l3").get().uri("/api/incidents").retrieve().toBodilessEntity().getStatusCode().value())
        .isEqualTo(200);
  }

  @Test
  void anOverdueTriageIsEscalatedAndAuditedWithoutRevealingTheIncidentNorMetered() throws Exception {
    String number = report("desk", body("Mailbox of the CFO forwards to a stranger", "UNAUTHORIZED_ACCESS", false,
        List.of(), List.of("mail-gw"))).getBody().path("number").asText();
    Task triage = await().atMost(WAIT).until(() -> taskOf(number, SecurityIncidentProcess.TASK_TRIAGE),
        t -> t != null);
    var management = processEngine.getManagementService();
    management.executeJob(management.createJobQuery().processInstanceId(triage.getProcessInstanceId())
        .activityId(SecurityIncidentProcess.BOUNDARY_TRIAGE_OVERDUE).singleResult().getId());

    List<JsonNode> escalations = new ArrayList<>();
    evidence("secoff", number).getBody().forEach(e -> {
      if ("ESCALATED".equals(e.path("action").asText())) {
        escalations.add(e);
      }
    });
    assertThat(escalations).hasSize(1);
    // The SLA step and the level, nothing of the confidential incident (title, reporter, assets).
    assertThat(escalations.get(0).path("details").asText()).isEqualTo("SLA triage breached; escalation level 1");
    assertThat(escalations.get(0).path("actor").asText()).isEqualTo("system");
    assertThat(slaBreaches("securityincident", "none", "triage")).as("a confidential SOP is not metered").isZero();
    assertThat(taskOf(number, SecurityIncidentProcess.TASK_TRIAGE)).as("the officers still triage it").isNotNull();
    assertThat(awaitMailAbout("manager@sopflow.local", number, 1, WAIT)).extracting(MimeMessage::getSubject)
        .contains("[SOPFlow] Overdue: security incident " + number + " not triaged");
  }

  @Test
  void aContainmentPastItsSeveritysSlaIsEscalatedAndAuditedButNotMetered() throws Exception {
    // Malware on one asset that is not critical, no personal data: MEDIUM (DMN SecuritySeverity), so the step SLA
    // sopflow.sla.security.containment-medium.
    String number = report("desk", body("Malware on a file server", "MALWARE", false, List.of(), List.of("fs-7")))
        .getBody().path("number").asText();
    complete("secoff", number, SecurityIncidentProcess.TASK_TRIAGE, Map.of("confirmed", "true",
        "category", "MALWARE", "triageNotes", "Ransomware note found on fs-7"));
    Task contain = await().atMost(WAIT).until(() -> taskOf(number, SecurityIncidentProcess.TASK_CONTAIN),
        t -> t != null);
    assertThat(get("admin", "/api/security-incidents/" + number).getBody().path("severity").asText())
        .isEqualTo("MEDIUM");
    var management = processEngine.getManagementService();
    management.executeJob(management.createJobQuery().processInstanceId(contain.getProcessInstanceId())
        .activityId(SecurityIncidentProcess.BOUNDARY_CONTAINMENT_OVERDUE).singleResult().getId());

    JsonNode escalated = get("admin", "/api/security-incidents/" + number).getBody();
    assertThat(escalated.hasNonNull("containmentEscalatedAt")).isTrue();
    assertThat(escalated.path("status").asText()).as("the officers still contain it").isEqualTo("CONTAINMENT");
    List<String> actions = new ArrayList<>();
    evidence("secoff", number).getBody().forEach(e -> actions.add(e.path("action").asText()));
    assertThat(actions).containsOnlyOnce("CONTAINMENT_ESCALATED");
    assertThat(slaBreaches("securityincident", "MEDIUM", "containment-medium")).as("a confidential SOP is not metered")
        .isZero();
    assertThat(awaitMailAbout("manager@sopflow.local", number, 1, WAIT).get(0).getSubject())
        .contains("Escalation: containment");
  }

  @Test
  void onlyTheReporterTheWorkingGroupsManagersAndAdminsSeeASecurityIncident() {
    String number = report("l2", body("Phishing mail clicked", "PHISHING", false, List.of(), List.of()))
        .getBody().path("number").asText();

    twoGroupPeople(); // readers who are process owners too see what their other group sees
    for (String user : List.of("l2", "secoff", "dpo", "manager", "admin", MANAGER_AND_OWNER, OFFICER_AND_OWNER)) {
      assertThat(get(user, "/api/security-incidents/" + number).getStatusCode().value()).as(user).isEqualTo(200);
      assertThat(numbers(get(user, "/api/security-incidents?size=100").getBody())).as(user).contains(number);
    }
    for (String user : List.of("desk", "l3", "incman", "owner")) {
      ResponseEntity<JsonNode> hidden = get(user, "/api/security-incidents/" + number);
      assertThat(hidden.getStatusCode().value()).as(user).isEqualTo(404);
      assertThat(hidden.getBody().toString()).doesNotContain("Phishing");
      assertThat(numbers(get(user, "/api/security-incidents?size=100").getBody())).as(user).doesNotContain(number);
      assertThat(get(user, "/api/security-incidents/" + number + "/evidence").getStatusCode().value()).as(user)
          .isEqualTo(404);
    }
    assertThat(get("l2", "/api/incidents?size=100").getBody().toString()).doesNotContain(number);
    assertThat(get("desk", "/api/audit?subject=" + number).getStatusCode().value()).isEqualTo(403);
    assertThat(get("l2", "/api/notifications?reference=" + number).getStatusCode().value()).isEqualTo(403);
  }

  /**
   * The reporter gives the time of detection, and the authority's deadline counts from it: a report backdated by a
   * month starts past its deadline. The officer corrects it at triage (never to after the report), and the deadline
   * moves with it; the evidence log keeps both times.
   */
  @Test
  void theOfficerCorrectsABackdatedDetectionAndTheAuthoritysDeadlineMovesWithIt() {
    Map<String, Object> backdated = body("Customer export mailed outside", "DATA_BREACH", true, List.of(),
        List.of());
    backdated.put("detectedAt", OffsetDateTime.now().minusDays(30).truncatedTo(ChronoUnit.SECONDS).toString());
    JsonNode reported = report("desk", backdated).getBody();
    String number = reported.path("number").asText();
    assertThat(Instant.parse(reported.path("regulatorNotificationDueAt").asText())).isBefore(Instant.now());

    Instant reportedAt = Instant.parse(get("secoff", "/api/security-incidents/" + number).getBody()
        .path("reportedAt").asText());
    Map<String, Object> afterTheReport = new HashMap<>(triage(""));
    afterTheReport.put("category", "DATA_BREACH");
    afterTheReport.put(SecurityIncidentProcess.DETECTED_AT_CORRECTED, reportedAt.plusSeconds(600).toString());
    ResponseEntity<JsonNode> refused = completion("secoff", number, SecurityIncidentProcess.TASK_TRIAGE,
        afterTheReport);
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody().path("field").asText()).isEqualTo(SecurityIncidentProcess.DETECTED_AT_CORRECTED);
    assertThat(get("secoff", "/api/security-incidents/" + number).getBody().path("status").asText())
        .as("nothing changed").isEqualTo("REPORTED");

    Instant detected = reportedAt.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> corrected = new HashMap<>(afterTheReport);
    corrected.put(SecurityIncidentProcess.DETECTED_AT_CORRECTED, detected.toString());
    complete("secoff", number, SecurityIncidentProcess.TASK_TRIAGE, corrected);

    JsonNode record = get("secoff", "/api/security-incidents/" + number).getBody();
    assertThat(record.path("status").asText()).isEqualTo("CONTAINMENT");
    assertThat(Instant.parse(record.path("detectedAt").asText())).isEqualTo(detected);
    assertThat(Instant.parse(record.path("regulatorNotificationDueAt").asText()))
        .isEqualTo(detected.plus(Duration.ofHours(72)));
    assertThat(evidenceOf("secoff", number, "DETECTION_CORRECTED")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).contains("detected " + detected, "reported as "));
    Task notify = org.awaitility.Awaitility.await().atMost(WAIT).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(number).taskDefinitionKey(SecurityIncidentProcess.TASK_NOTIFY_AUTHORITY)
        .singleResult(), t -> t != null);
    assertThat(notify.getDueDate().toInstant()).isEqualTo(detected.plus(Duration.ofHours(72)));
  }

  /**
   * Personal data found only at containment: the finding is on the record (who, when), the authority's notification
   * is due 72 hours from it (when the organisation became aware of the personal data breach), and the data protection
   * officers get the task with that due date. Their assessment that no risk is likely (with its reason) settles it,
   * and only then the reviewed incident closes. Bad input is refused naming the field, and nothing changes.
   */
  @Test
  void personalDataFoundAtContainmentStartsTheDpoNotificationAndTheAssessmentSettlesIt() {
    String number = report("desk", body("Laptop stolen from a car", "OTHER", false, List.of(), List.of()))
        .getBody().path("number").asText();
    complete("secoff", number, SecurityIncidentProcess.TASK_TRIAGE, triage(""));
    assertThat(get("secoff", "/api/security-incidents/" + number).getBody().hasNonNull("regulatorNotificationDueAt"))
        .isFalse();

    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    complete("secoff", number, SecurityIncidentProcess.TASK_CONTAIN, Map.of("containmentNotes", "Device wiped",
        "assetActions", "", SecurityIncidentProcess.PERSONAL_DATA_FOUND, true));
    JsonNode found = get("secoff", "/api/security-incidents/" + number).getBody();
    assertThat(found.path("personalDataInvolved").asBoolean()).isTrue();
    assertThat(found.path("personalDataFoundBy").asText()).isEqualTo("secoff");
    Instant foundAt = Instant.parse(found.path("personalDataFoundAt").asText());
    assertThat(foundAt).isBetween(before, Instant.now());
    Instant due = Instant.parse(found.path("regulatorNotificationDueAt").asText());
    assertThat(due).isEqualTo(foundAt.plus(Duration.ofHours(72)));
    Task notify = taskOf(number, SecurityIncidentProcess.TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING);
    assertThat(notify).as("the data protection officers' task").isNotNull();
    assertThat(taskService.getIdentityLinksForTask(notify.getId())).extracting(l -> l.getGroupId())
        .containsExactly("data-protection-officers");
    assertThat(Duration.between(notify.getDueDate().toInstant(), due).abs()).as("due date, to the engine's precision")
        .isLessThan(Duration.ofSeconds(1));
    assertThat(evidenceOf("secoff", number, "PERSONAL_DATA_FOUND")).singleElement().satisfies(e -> {
      assertThat(e.path("actor").asText()).isEqualTo("secoff");
      assertThat(e.path("details").asText()).contains(due.toString());
    });

    // Exactly one outcome, each with its own fields.
    String late = SecurityIncidentProcess.TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING;
    assertRefusedCompletion("dpo", number, late, Map.of("notNotifiableReason", "no risk"), "notificationOutcome");
    assertRefusedCompletion("dpo", number, late, Map.of("notificationOutcome", "NOT_NOTIFIABLE"),
        "notNotifiableReason");
    assertRefusedCompletion("dpo", number, late, Map.of("notificationOutcome", "NOT_NOTIFIABLE",
        "notNotifiableReason", "no risk", "authorityReference", "DPA-1"), "authorityReference");
    assertRefusedCompletion("dpo", number, late, Map.of("notificationOutcome", "NOTIFIED",
        "notNotifiableReason", "no risk"), "notNotifiableReason");
    assertThat(get("dpo", "/api/security-incidents/" + number).getBody().has("notificationOutcome"))
        .as("nothing recorded").isFalse();

    complete("secoff", number, SecurityIncidentProcess.TASK_ERADICATE, Map.of("eradicationNotes", "Nothing left",
        SecurityIncidentProcess.PERSONAL_DATA_FOUND, true));
    complete("secoff", number, SecurityIncidentProcess.TASK_DECIDE_RECOVERY, Map.of("restoreAccounts", "",
        "recoveryNotes", "no accounts"));
    complete("secoff", number, SecurityIncidentProcess.TASK_REVIEW, Map.of("lessons", "Encrypt every laptop",
        "actions", "", "problemToRaise", false));
    JsonNode reviewed = awaitRecord(number, r -> r.hasNonNull("reviewedAt"));
    assertThat(reviewed.path("status").asText()).as("waits for the notification").isEqualTo("REVIEW");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(number).count())
        .as("one notification: the second finding, while it is open, starts none").isOne();
    assertThat(evidenceOf("secoff", number, "PERSONAL_DATA_FOUND")).hasSize(2).last().satisfies(e -> {
      assertThat(e.path("actor").asText()).isEqualTo("secoff");
      assertThat(e.path("details").asText()).contains("during eradication", "the notification (due " + due + ")",
          "data protection officers are told");
    });
    assertThat(notifications(number)).extracting(n -> n.path("template").asText())
        .containsSubsequence("security-incident-notification-due", "security-incident-more-personal-data-found");

    complete("dpo", number, late, Map.of("notificationOutcome", "NOT_NOTIFIABLE", "notNotifiableReason",
        "Full-disk encryption, key not on the device: unlikely to result in a risk"));
    JsonNode closed = awaitRecord(number, r -> r.path("status").asText().equals("CLOSED"));
    assertThat(closed.path("notificationOutcome").asText()).isEqualTo("NOT_NOTIFIABLE");
    assertThat(closed.path("notNotifiableBy").asText()).isEqualTo("dpo");
    assertThat(closed.path("notNotifiableReason").asText()).startsWith("Full-disk encryption");
    assertThat(closed.hasNonNull("notNotifiableAt")).isTrue();
    assertThat(closed.path("notificationBreached").asBoolean()).isFalse();
    assertThat(closed.hasNonNull("regulatorNotifiedAt")).isFalse();
    assertThat(evidenceOf("secoff", number, "NOT_NOTIFIABLE")).singleElement()
        .satisfies(e -> assertThat(e.path("actor").asText()).isEqualTo("dpo"));
    assertThat(managementServiceJobs(number)).as("its reminders and deadline timers ended").isZero();
    JsonNode asReporter = get("desk", "/api/security-incidents/" + number).getBody();
    for (String withheld : List.of("notNotifiableReason", "notNotifiableBy", "personalDataFoundBy")) {
      assertThat(asReporter.has(withheld)).as(withheld).isFalse();
    }
  }

  /**
   * Triage flags personal data and the data protection officer assesses it as not notifiable; at eradication the
   * officers find more (the customer database was read): the finding is in the evidence log, the assessment is
   * reopened (the record shows the current state, the evidence log the earlier assessment), the data protection
   * officers are alerted and get a new task due 72 hours from the finding, and the incident closes only once they have
   * settled it again.
   */
  @Test
  void aLaterFindingReopensANotificationAssessedAsNotNotifiableAndTheIncidentWaitsForTheNewAssessment() {
    String number = report("desk", body("Mailbox rule forwards mail out", "UNAUTHORIZED_ACCESS", true, List.of(),
        List.of())).getBody().path("number").asText();
    complete("secoff", number, SecurityIncidentProcess.TASK_TRIAGE, triage(""));
    String notify = SecurityIncidentProcess.TASK_NOTIFY_AUTHORITY;
    complete("dpo", number, notify, Map.of("notificationOutcome", "NOT_NOTIFIABLE", "notNotifiableReason",
        "Two colleagues' contact data"));
    complete("secoff", number, SecurityIncidentProcess.TASK_CONTAIN, Map.of("containmentNotes", "Rule removed",
        "assetActions", ""));
    assertThat(get("secoff", "/api/security-incidents/" + number).getBody().path("notificationOutcome").asText())
        .isEqualTo("NOT_NOTIFIABLE");

    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    complete("secoff", number, SecurityIncidentProcess.TASK_ERADICATE, Map.of("eradicationNotes",
        "Attacker's token revoked", SecurityIncidentProcess.PERSONAL_DATA_FOUND, true));
    JsonNode reopened = get("dpo", "/api/security-incidents/" + number).getBody();
    Instant foundAt = Instant.parse(reopened.path("personalDataFoundAt").asText());
    assertThat(foundAt).isBetween(before, Instant.now());
    Instant due = Instant.parse(reopened.path("regulatorNotificationDueAt").asText());
    assertThat(due).isEqualTo(foundAt.plus(Duration.ofHours(72)));
    assertThat(reopened.hasNonNull("notNotifiableReason")).as("the current state: open again").isFalse();
    assertThat(reopened.path("notificationOutcome").isMissingNode() || reopened.path("notificationOutcome").isNull())
        .isTrue();
    assertThat(evidenceOf("secoff", number, "PERSONAL_DATA_FOUND")).singleElement().satisfies(e -> {
      assertThat(e.path("actor").asText()).isEqualTo("secoff");
      assertThat(e.path("details").asText()).contains("during eradication", "reopened", due.toString());
    });
    assertThat(evidenceOf("secoff", number, "NOT_NOTIFIABLE")).singleElement()
        .satisfies(e -> assertThat(e.path("details").asText()).contains("Two colleagues' contact data"));
    String late = SecurityIncidentProcess.TASK_NOTIFY_AUTHORITY_OF_LATE_FINDING;
    Task again = taskOf(number, late);
    assertThat(again).as("the data protection officers assess again").isNotNull();
    assertThat(Duration.between(again.getDueDate().toInstant(), due).abs()).isLessThan(Duration.ofSeconds(1));
    JsonNode alerts = notifications(number);
    assertThat(alerts).filteredOn(n -> n.path("template").asText().equals("security-incident-notification-due"))
        .hasSize(2).last().satisfies(n -> {
          assertThat(n.path("subject").asText()).contains(number, due.toString());
          assertThat(n.path("body").asText()).doesNotContain("Mailbox rule");
        });

    complete("secoff", number, SecurityIncidentProcess.TASK_DECIDE_RECOVERY, Map.of("restoreAccounts", "",
        "recoveryNotes", "no accounts"));
    complete("secoff", number, SecurityIncidentProcess.TASK_REVIEW, Map.of("lessons", "Alert on forwarding rules",
        "actions", "", "problemToRaise", false));
    assertThat(awaitRecord(number, r -> r.hasNonNull("reviewedAt")).path("status").asText())
        .as("waits for the new assessment").isEqualTo("REVIEW");

    complete("dpo", number, late, Map.of("notificationOutcome", "NOTIFIED", "authorityReference", "DPA-2026-1207",
        "notifiedAt", Instant.now().toString(), "notificationContent", "Customer database read by an attacker",
        "informDataSubjects", "true", "dataSubjectsReason", "High risk: customers' addresses and orders"));
    JsonNode closed = awaitRecord(number, r -> r.path("status").asText().equals("CLOSED"));
    assertThat(closed.path("notificationOutcome").asText()).isEqualTo("NOTIFIED");
    assertThat(closed.path("authorityReference").asText()).isEqualTo("DPA-2026-1207");
  }

  /**
   * An instance of 1.2.0 (forms bind by deployment) keeps its forms: its containment cannot send the new question
   * (TaskInputGuard refuses the field) and its notification form, without an outcome, records a notification.
   */
  @Test
  void anInstanceOfVersion120CompletesWithItsOldForms() throws Exception {
    String oldDefinition = deployVersion120();
    try {
      completesOnVersion120(oldDefinition);
    } finally {
      // Deployed after 1.3.0, the copy is the latest version: gone again, the other tests start what they always do.
      repositoryService.deleteDeployment(repositoryService.getProcessDefinition(oldDefinition).getDeploymentId(),
          true);
    }
  }

  private void completesOnVersion120(String oldDefinition) {
    JsonNode reported = report("desk", body("Customer list mailed to the wrong customer", "DATA_BREACH", true,
        List.of(), List.of())).getBody();
    String number = reported.path("number").asText();
    String instance = reported.path("processInstanceId").asText();
    String current = runtimeService.createProcessInstanceQuery().processInstanceId(instance).singleResult()
        .getProcessDefinitionId();
    runtimeService.newMigration(runtimeService.createMigrationPlan(current, oldDefinition).mapEqualActivities()
        .build()).processInstanceIds(instance).execute();

    Map<String, Object> triage = new HashMap<>(triage(""));
    triage.put("category", "DATA_BREACH");
    complete("secoff", number, SecurityIncidentProcess.TASK_TRIAGE, triage);
    assertRefusedCompletion("secoff", number, SecurityIncidentProcess.TASK_CONTAIN, Map.of("containmentNotes",
        "Recipient deleted it", SecurityIncidentProcess.PERSONAL_DATA_FOUND, true),
        SecurityIncidentProcess.PERSONAL_DATA_FOUND);
    complete("secoff", number, SecurityIncidentProcess.TASK_CONTAIN, Map.of("containmentNotes",
        "Recipient deleted it"));
    assertRefusedCompletion("dpo", number, SecurityIncidentProcess.TASK_NOTIFY_AUTHORITY, Map.of(
        "notificationOutcome", "NOT_NOTIFIABLE"), "notificationOutcome");
    complete("dpo", number, SecurityIncidentProcess.TASK_NOTIFY_AUTHORITY, Map.of("authorityReference", "DPA-120",
        "notifiedAt", OffsetDateTime.now().minusMinutes(5).truncatedTo(ChronoUnit.SECONDS).toString(),
        "notificationContent", "One customer list sent to another customer", "informDataSubjects", "false",
        "dataSubjectsReason", "Recipient confirmed deletion"));
    complete("secoff", number, SecurityIncidentProcess.TASK_ERADICATE, Map.of("eradicationNotes", "Mail rule fixed"));
    complete("secoff", number, SecurityIncidentProcess.TASK_DECIDE_RECOVERY, Map.of("restoreAccounts", "",
        "recoveryNotes", "no accounts"));
    complete("secoff", number, SecurityIncidentProcess.TASK_REVIEW, Map.of("lessons", "Check recipients",
        "actions", "", "problemToRaise", false));

    JsonNode closed = awaitRecord(number, r -> r.path("status").asText().equals("CLOSED"));
    assertThat(closed.path("notificationOutcome").asText()).isEqualTo("NOTIFIED");
    assertThat(closed.path("authorityReference").asText()).isEqualTo("DPA-120");
    assertThat(repositoryService.getProcessDefinition(oldDefinition).getVersionTag()).isEqualTo("1.2.0");
  }

  /** The model of 1.2.0 with its forms (those that changed since from the copy), deployed as Modeler would. */
  private String deployVersion120() throws java.io.IOException {
    var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
    var deployment = repositoryService.createDeployment().name("security-incident-1.2.0");
    for (var resource : resolver.getResources("classpath*:models/SecurityIncidentProcess-1.2.0/*")) {
      try (var in = resource.getInputStream()) {
        deployment.addInputStream(resource.getFilename(), in);
      }
    }
    for (var form : resolver.getResources("classpath*:forms/*.form")) {
      if (!resolver.getResource("classpath:models/SecurityIncidentProcess-1.2.0/" + form.getFilename()).exists()) {
        try (var in = form.getInputStream()) {
          deployment.addInputStream(form.getFilename(), in);
        }
      }
    }
    return deployment.deployWithResult().getDeployedProcessDefinitions().stream()
        .filter(d -> d.getKey().equals(SecurityIncidentProcess.PROCESS_KEY)).findFirst().orElseThrow().getId();
  }

  private void assertRefusedCompletion(String user, String number, String taskKey, Map<String, Object> values,
      String field) {
    ResponseEntity<JsonNode> refused = completion(user, number, taskKey, values);
    assertThat(refused.getStatusCode().value()).as(field + ": " + refused.getBody()).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(refused.getBody().path("field").asText()).isEqualTo(field);
    assertThat(taskOf(number, taskKey)).as("still open").isNotNull();
  }

  private long managementServiceJobs(String number) {
    return managementService.createJobQuery()
        .processInstanceId(get("admin", "/api/security-incidents/" + number).getBody().path("processInstanceId")
            .asText()).count();
  }

  @Test
  void securityOfficersAddEvidenceToTheHashChainedLogAndOthersMayNot() {
    String number = report("l2", body("USB stick found", "MALWARE", false, List.of(), List.of()))
        .getBody().path("number").asText();

    assertThat(addEvidence("l2", number, "I plugged it in").getStatusCode().value()).as("the reporter").isEqualTo(403);
    assertThat(addEvidence("desk", number, "hidden").getStatusCode().value()).isEqualTo(404);
    ResponseEntity<JsonNode> added = addEvidence("secoff", number, "Stick imaged, hash 3f2a...");
    assertThat(added.getStatusCode().value()).isEqualTo(201);
    assertThat(addEvidence("secoff", number, " ").getStatusCode().value()).isEqualTo(400);

    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode log = evidence("secoff", number).getBody();
      JsonNode last = log.get(log.size() - 1);
      assertThat(last.path("action").asText()).isEqualTo("EVIDENCE");
      assertThat(last.path("actor").asText()).isEqualTo("secoff");
      assertThat(last.path("details").asText()).isEqualTo("Stick imaged, hash 3f2a...");
      assertThat(last.path("sealed").asBoolean()).as("chained into the audit trail").isTrue();
    });
    // The reporter follows the steps, not the investigation: the entry without its details.
    JsonNode asReporter = evidence("l2", number).getBody();
    JsonNode last = asReporter.get(asReporter.size() - 1);
    assertThat(last.path("action").asText()).isEqualTo("EVIDENCE");
    assertThat(last.has("details")).isFalse();
    assertThat(get("admin", "/api/audit/verification").getBody().path("intact").asBoolean()).isTrue();
  }

  @Test
  void aReportFromTasklistsStartFormTakesTheSamePathAsTheApi() {
    Map<String, Object> form = new HashMap<>();
    form.put("title", string("Strange pop-up"));
    form.put("description", string("Asks for my password"));
    form.put("category", string("PHISHING"));
    form.put("detectedAt", string(OffsetDateTime.now().minusMinutes(5).truncatedTo(ChronoUnit.SECONDS).toString()));
    form.put("personalDataInvolved", Map.of("value", false, "type", "Boolean"));
    form.put("affectedAccounts", string("desk"));
    ResponseEntity<JsonNode> started = as("desk").post()
        .uri("/engine-rest/process-definition/key/{key}/submit-form", SecurityIncidentProcess.PROCESS_KEY)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", form)).retrieve().toEntity(JsonNode.class);
    assertThat(started.getStatusCode().value()).isEqualTo(200);
    String number = started.getBody().path("businessKey").asText();

    JsonNode record = get("desk", "/api/security-incidents/" + number).getBody();
    assertThat(record.path("reporter").asText()).isEqualTo("desk");
    assertThat(record.path("processInstanceId").asText()).isEqualTo(started.getBody().path("id").asText());
    assertThat(record.path("affectedAccounts").get(0).path("account").asText()).isEqualTo("desk");

    form.put("affectedAccounts", string("nobody-here"));
    ResponseEntity<JsonNode> refused = as("desk").post()
        .uri("/engine-rest/process-definition/key/{key}/submit-form", SecurityIncidentProcess.PROCESS_KEY)
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", form)).retrieve().toEntity(JsonNode.class);
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    assertThat(refused.getBody().path("field").asText()).isEqualTo("affectedAccounts");
  }

  @Test
  void processOwnersSeeNeitherTasksNorHistoryOfSecurityIncidentsAndOthersNothing() {
    String number = report("l2", body("Port scan", "OTHER", false, List.of(), List.of())).getBody()
        .path("number").asText();

    for (String user : List.of("owner", "desk", "l2")) {
      if (!user.equals("owner")) { // process owners list running instances (docs/security-incidents.md)
        assertThat(get(user, "/engine-rest/process-instance?businessKey=" + number).getBody().size()).as(user)
            .isZero();
      }
      assertThat(get(user, "/engine-rest/history/process-instance?processInstanceBusinessKey=" + number).getBody()
          .size()).as(user).isZero();
      assertThat(get(user, "/engine-rest/task?processInstanceBusinessKey=" + number).getBody().size()).as(user)
          .isZero();
    }
    assertThat(get("manager", "/engine-rest/process-instance?businessKey=" + number).getBody().size()).isOne();
    assertThat(get("secoff", "/engine-rest/task?processInstanceBusinessKey=" + number).getBody().size()).isOne();
    String incident = as("l2").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Printer", "description", "jammed", "impact", "LOW", "urgency", "LOW",
            "category", "hardware")).retrieve().body(JsonNode.class).path("number").asText();
    assertThat(get("owner", "/engine-rest/process-instance?businessKey=" + incident).getBody().size())
        .as("other SOPs stay visible to process owners").isOne();
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
    long before = get("admin", "/api/security-incidents?size=1").getBody().path("totalElements").asLong();
    Map<String, Object> unknownCategory = body("x", "RANSOMWARE", false, List.of(), List.of());
    Map<String, Object> future = body("x", "MALWARE", false, List.of(), List.of());
    future.put("detectedAt", OffsetDateTime.now().plusHours(2).toString());
    Map<String, Object> unknownAccount = body("x", "MALWARE", false, List.of("l3", "ghost"), List.of());
    Map<String, Object> badAsset = body("x", "MALWARE", false, List.of(), List.of("<script>"));

    assertRefused(unknownCategory, "category");
    assertRefused(future, "detectedAt");
    assertRefused(unknownAccount, "affectedAccounts");
    assertRefused(badAsset, "affectedAssets");
    assertThat(get("admin", "/api/security-incidents?size=1").getBody().path("totalElements").asLong())
        .isEqualTo(before);
    assertThat(identityService.createUserQuery().userId("l3").memberOfGroup("support-l3").count()).isOne();
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private void assertRefused(Map<String, Object> body, String field) {
    ResponseEntity<JsonNode> refused = report("desk", body);
    assertThat(refused.getStatusCode().value()).as(field).isEqualTo(400);
    assertThat(refused.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(refused.getBody().path("field").asText()).as(refused.getBody().toString()).startsWith(field);
  }

  static Map<String, Object> body(String title, String category, boolean personalData, List<String> accounts,
      List<String> assets) {
    Map<String, Object> body = new HashMap<>();
    body.put("title", title);
    body.put("description", "Seen by the reporter");
    body.put("category", category);
    body.put("detectedAt", OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString());
    body.put("personalDataInvolved", personalData);
    body.put("affectedAccounts", accounts);
    body.put("affectedAssets", assets);
    return body;
  }

  private ResponseEntity<JsonNode> report(String user, Map<String, Object> body) {
    return as(user).post().uri("/api/security-incidents").contentType(MediaType.APPLICATION_JSON).body(body)
        .retrieve().toEntity(JsonNode.class);
  }

  private ResponseEntity<JsonNode> get(String user, String uri) {
    return as(user).get().uri(uri).retrieve().toEntity(JsonNode.class);
  }

  private ResponseEntity<JsonNode> evidence(String user, String number) {
    return get(user, "/api/security-incidents/" + number + "/evidence");
  }

  private ResponseEntity<JsonNode> addEvidence(String user, String number, String note) {
    return as(user).post().uri("/api/security-incidents/" + number + "/evidence")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("note", note)).retrieve().toEntity(JsonNode.class);
  }

  private JsonNode awaitRecord(String number, java.util.function.Predicate<JsonNode> condition) {
    JsonNode[] seen = new JsonNode[1];
    org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      seen[0] = get("admin", "/api/security-incidents/" + number).getBody();
      return condition.test(seen[0]);
    });
    return seen[0];
  }

  /** Completes the instance's task of that kind through /engine-rest as the user, as Tasklist does. */
  private void complete(String user, String number, String taskKey, Map<String, Object> values) {
    ResponseEntity<JsonNode> done = completion(user, number, taskKey, values);
    assertThat(done.getStatusCode().value()).as(taskKey + ": " + done.getBody()).isEqualTo(204);
  }

  /** The answer to completing the instance's task of that kind through /engine-rest as the user. */
  private ResponseEntity<JsonNode> completion(String user, String number, String taskKey, Map<String, Object> values) {
    Task task = org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(taskKey)
            .singleResult(), t -> t != null);
    Map<String, Object> variables = new HashMap<>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    return as(user).post().uri("/engine-rest/task/" + task.getId() + "/complete")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("variables", variables)).retrieve()
        .toEntity(JsonNode.class);
  }

  /** A security incident reported by the service desk that names {@code l3}, confirmed, and {@code l3} locked. */
  private String lockL3(String title) {
    String number = report("desk", body(title, "PHISHING", false, List.of("l3"), List.of())).getBody()
        .path("number").asText();
    complete("secoff", number, SecurityIncidentProcess.TASK_TRIAGE, triage("l3"));
    awaitRecord(number, r -> r.path("affectedAccounts").get(0).hasNonNull("lockedAt"));
    return number;
  }

  /** Contains, eradicates and recovers the incident, restoring the memberships of {@code restoreAccounts}. */
  private JsonNode recover(String number, String restoreAccounts) {
    complete("secoff", number, SecurityIncidentProcess.TASK_CONTAIN, Map.of("containmentNotes", "Sessions revoked",
        "assetActions", ""));
    complete("secoff", number, SecurityIncidentProcess.TASK_ERADICATE, Map.of("eradicationNotes", "Token revoked"));
    complete("secoff", number, SecurityIncidentProcess.TASK_DECIDE_RECOVERY, Map.of("restoreAccounts",
        restoreAccounts, "recoveryNotes", "clean"));
    awaitRecord(number, r -> r.path("status").asText().equals("REVIEW"));
    return get("secoff", "/api/security-incidents/" + number).getBody();
  }

  /** Approves the access request's open task as the person in the group, the way Tasklist does. */
  private void approveAccess(String processInstanceId, String user, String group, String decision) {
    Task task = await().atMost(WAIT).until(() -> taskService.createTaskQuery().processInstanceId(processInstanceId)
        .singleResult(), t -> t != null);
    identityService.setAuthentication(user, List.of(group));
    try {
      taskService.complete(task.getId(), Map.of(decision, AccessProvisioningProcess.DECISION_APPROVE));
    } finally {
      identityService.clearAuthentication();
    }
  }

  private String grantStatus(String key) {
    return get("admin", "/api/access-requests/" + key).getBody().path("status").asText();
  }

  /** A confirming triage of an unauthorized access that locks {@code lockAccounts}. */
  private static Map<String, Object> triage(String lockAccounts) {
    return Map.of("confirmed", "true", "category", "UNAUTHORIZED_ACCESS", SecurityIncidentProcess.LOCK_ACCOUNTS,
        lockAccounts, "triageNotes", "Log-ins from two countries within minutes");
  }

  /** What SOPFlow mailed about a security incident (as an admin reads it), oldest first. */
  private JsonNode notifications(String reference) {
    return as("admin").get().uri("/api/notifications?reference={r}&size=100", reference).retrieve()
        .body(JsonNode.class).path("content");
  }

  /** The evidence log's entries of one action, as the user reads them. */
  private List<JsonNode> evidenceOf(String user, String number, String action) {
    List<JsonNode> entries = new ArrayList<>();
    evidence(user, number).getBody().forEach(e -> {
      if (action.equals(e.path("action").asText())) {
        entries.add(e);
      }
    });
    return entries;
  }

  private static Map<String, Object> string(String value) {
    return Map.of("value", value, "type", "String");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> numbers(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("content").forEach(n -> out.add(n.path("number").asText()));
    return out;
  }
}
