package io.sopflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.notification.Notification;
import io.sopflow.notification.NotificationRequest;
import io.sopflow.notification.NotificationService;
import io.sopflow.support.IntegrationTestBase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A leaver's account is locked and keeps its memberships and its place in the reporting line; the identity store
 * ({@link Directory}) answers "who can act or be reached" without it: the approval of a report goes to the next line
 * manager up, a group's mail to its other members. (The CAB's votes and the emergency CAB's quorum:
 * {@code ChangeIntegrationTest}.)
 */
class LockedAccountsIntegrationTest extends IntegrationTestBase {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** A report whose line manager left; the leaver's own line manager; and the one above them. */
  private static final String REPORT = "lkreport";
  private static final String LEAVER = "lkleaver";
  private static final String NEXT_UP = "lknextup";
  private static final String TOP = "lktop";
  private static final String LINE_MANAGER_TASK = "Task_ApproveAsLineManager";

  @Autowired NotificationService notifications;
  @Autowired PlatformTransactionManager transactionManager;

  private IdentityService identity;

  @BeforeEach
  void reportingLine() {
    identity = processEngine.getIdentityService();
    for (String user : List.of(REPORT, LEAVER, NEXT_UP, TOP)) {
      personIn(user);
      asAdmin(() -> identity.unlockUser(user));
    }
    identity.setUserInfo(REPORT, Directory.MANAGER_INFO_KEY, LEAVER);
    identity.setUserInfo(LEAVER, Directory.MANAGER_INFO_KEY, NEXT_UP);
    identity.setUserInfo(NEXT_UP, Directory.MANAGER_INFO_KEY, TOP);
    processLeaver(LEAVER);
  }

  /** The demo users are shared with the other tests of this context. */
  @AfterEach
  void unlockDemoUsers() {
    asAdmin(() -> identity.unlockUser("cab3"));
  }

  @Test
  void aLockedLineManagerIsSkippedForTheNextOneUpOnAnAccessRequest() {
    JsonNode created = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("beneficiary", REPORT, "resource", "support-l2", "justification", "on-call rota")).retrieve()
        .body(JsonNode.class);
    String key = created.get("key").asText();
    assertThat(created.get("status").asText()).isEqualTo("MANAGER_APPROVAL");

    assertThat(candidateUsers(key)).containsExactly(NEXT_UP);
    // The one who approves is the one the request concerns: they read it and find it in their list.
    assertThat(as(NEXT_UP).get().uri("/api/access-requests/" + key).retrieve().toBodilessEntity().getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(as(NEXT_UP).get().uri("/api/access-requests?size=100").retrieve().body(JsonNode.class)
        .get("content").findValuesAsText("key")).contains(key);
    assertThat(as(TOP).get().uri("/api/access-requests/" + key).retrieve().toBodilessEntity().getStatusCode())
        .as("not the manager above").isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aLockedLineManagerIsSkippedForTheNextOneUpOnAServiceRequest() {
    Map<String, Object> body = new HashMap<>();
    body.put("item", "software-licence");
    body.put("requestedFor", REPORT);
    body.put("justification", "Needed for my work");
    body.put("details", Map.of("software", "IntelliJ IDEA Ultimate"));
    JsonNode created = as("desk").post().uri("/api/service-requests").contentType(MediaType.APPLICATION_JSON)
        .body(body).retrieve().body(JsonNode.class);
    String number = created.get("number").asText();
    assertThat(created.get("status").asText()).isEqualTo("MANAGER_APPROVAL");

    assertThat(candidateUsers(number)).containsExactly(NEXT_UP);
  }

  /** Everybody up the line locked, and the line running in a circle: the approval goes to managers, as without one. */
  @Test
  void aLineOfLockedManagersLeavesTheApprovalToTheManagersGroup() {
    processLeaver(NEXT_UP);
    identity.setUserInfo(NEXT_UP, Directory.MANAGER_INFO_KEY, LEAVER);

    // Another resource than the test above asks for: a second request for one right is refused.
    String key = as("desk").post().uri("/api/access-requests").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("beneficiary", REPORT, "resource", "release-managers", "justification", "release cover"))
        .retrieve().body(JsonNode.class).get("key").asText();

    assertThat(candidateUsers(key)).isEmpty();
    assertThat(links(key)).extracting(IdentityLink::getGroupId).containsExactly(Groups.MANAGERS);
  }

  @Test
  void aGroupMailDoesNotReachALeaver() {
    processLeaver("cab3");
    String reference = "TST-" + UUID.randomUUID().toString().substring(0, 8);

    Notification recorded = new TransactionTemplate(transactionManager).execute(tx -> notifications.send(
        new NotificationRequest("test:" + reference, "change-approval-reminder", reference, List.of(),
            List.of(Groups.CHANGE_ADVISORY_BOARD), Map.of())).orElseThrow());

    assertThat(recorded.getRecipients().split(",")).contains("cab1@sopflow.local", "cab2@sopflow.local")
        .doesNotContain("cab3@sopflow.local");
    // One mail to all its recipients: once it reached cab2, it reached everyone it was sent to.
    awaitMailAbout("cab2@sopflow.local", reference, 1, WAIT);
    assertThat(mailsAbout("cab3@sopflow.local", reference)).isEmpty();
    assertThat(identity.createUserQuery().userId("cab3").memberOfGroup(Groups.CHANGE_ADVISORY_BOARD).count())
        .as("the membership stays").isOne();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private void processLeaver(String user) {
    assertThat(as("desk").post().uri("/api/leavers").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("user", user)).retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
  }

  private List<String> candidateUsers(String businessKey) {
    return links(businessKey).stream().map(IdentityLink::getUserId).filter(id -> id != null).toList();
  }

  private List<IdentityLink> links(String businessKey) {
    Task task = taskOf(businessKey, LINE_MANAGER_TASK);
    assertThat(task).as(LINE_MANAGER_TASK + " of " + businessKey).isNotNull();
    return processEngine.getTaskService().getIdentityLinksForTask(task.getId()).stream()
        .filter(link -> "candidate".equals(link.getType())).toList();
  }

  private void asAdmin(Runnable work) {
    identity.setAuthentication("admin", List.of("camunda-admin"));
    try {
      work.run();
    } finally {
      identity.clearAuthentication();
    }
  }
}
