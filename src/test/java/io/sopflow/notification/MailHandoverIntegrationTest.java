package io.sopflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sopflow.support.IntegrationTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A mail job whose transaction rolls back after the SMTP server accepted its mail (an optimistic-locking conflict at
 * the engine's flush, a node killed before its commit) is retried; the retry must not mail the same message again.
 */
class MailHandoverIntegrationTest extends IntegrationTestBase {

  @Autowired NotificationService notifications;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void aRetryAfterARollbackThatFollowedTheHandOverRecordsTheNotificationButDoesNotMailItAgain() {
    String number = reportIncident();
    NotificationRequest request = new NotificationRequest("job-" + UUID.randomUUID(), "incident-resolved", number,
        List.of("desk"), List.of(), Map.of());
    TransactionTemplate job = new TransactionTemplate(transactionManager);

    job.executeWithoutResult(attempt -> {
      assertThat(notifications.send(request)).isPresent();
      attempt.setRollbackOnly(); // the engine's flush failed after the mail went out
    });
    assertThat(awaitMailTo("desk@sopflow.local", 1, Duration.ofSeconds(10))).hasSize(1);
    assertThat(notifications.sentFor(number)).as("the first attempt's record rolled back").isEmpty();

    job.executeWithoutResult(retry -> assertThat(notifications.send(request)).isPresent());

    assertThat(notifications.sentFor(number)).extracting(Notification::getDedupeKey)
        .containsExactly(request.dedupeKey());
    assertThat(mailsTo("desk@sopflow.local")).as("the same mail is not sent twice").hasSize(1);
  }

  @Test
  void aNotificationCommittedOnceIsNeitherRecordedNorMailedAgain() {
    String number = reportIncident();
    NotificationRequest request = new NotificationRequest("job-" + UUID.randomUUID(), "incident-resolved", number,
        List.of("desk"), List.of(), Map.of());
    TransactionTemplate job = new TransactionTemplate(transactionManager);

    job.executeWithoutResult(attempt -> assertThat(notifications.send(request)).isPresent());
    job.executeWithoutResult(again -> assertThat(notifications.send(request)).isEmpty());

    assertThat(awaitMailTo("desk@sopflow.local", 1, Duration.ofSeconds(10))).hasSize(1);
    assertThat(notifications.sentFor(number)).hasSize(1);
  }

  private String reportIncident() {
    var response = as("desk").post().uri("/api/incidents").contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("title", "Printer offline", "description", "Floor 3", "impact", "LOW", "urgency", "LOW",
            "category", "hardware"))
        .retrieve().toEntity(JsonNode.class);
    assertThat(response.getStatusCode().value()).as("POST /api/incidents: %s", response.getBody()).isEqualTo(201);
    String number = response.getBody().path("number").asText();
    assertThat(number).startsWith("INC-");
    greenMailPurge();
    return number;
  }

  private void greenMailPurge() {
    try {
      greenMail.purgeEmailFromAllMailboxes();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
