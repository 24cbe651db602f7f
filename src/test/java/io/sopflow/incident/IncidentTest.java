package io.sopflow.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.domain.ConflictException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The incident guards its own transitions. */
class IncidentTest {

  final Instant t0 = Instant.parse("2026-06-08T08:00:00Z");

  Incident triaging() {
    Incident incident = new Incident("VPN down", "No VPN", Level.HIGH, Level.LOW, "network", null, Priority.P3, "pm",
        "service-desk", "business-hours", t0, t0.plusSeconds(60), t0.plusSeconds(100), t0.plusSeconds(600),
        t0.plusSeconds(1000));
    incident.processStarted("pi-1");
    return incident;
  }

  @Test
  void aNewIncidentIsWithTheServiceDeskAtLevelOne() {
    Incident incident = triaging();
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.IN_TRIAGE);
    assertThat(incident.getAssignmentGroup()).isEqualTo("service-desk");
    assertThat(incident.getEscalationLevel()).isEqualTo(1);
    assertThat(incident.isResponseBreached()).isFalse();
  }

  @Test
  void functionalEscalationMovesUpOnlyAndMarksTheResponseBreached() {
    Incident incident = triaging();
    incident.escalateTo(2, "support-l2", t0.plusSeconds(200), t0.plusSeconds(300));
    assertThat(incident.getAssignmentGroup()).isEqualTo("support-l2");
    assertThat(incident.getResponseDueAt()).isEqualTo(t0.plusSeconds(300));
    assertThat(incident.isResponseBreached()).isTrue();
    assertThatThrownBy(() -> incident.escalateTo(2, "support-l2", t0, t0)).isInstanceOf(ConflictException.class);
  }

  @Test
  void escalationAfterTriageIsRefused() {
    Incident incident = triaging();
    incident.acknowledge("desk", "support-l2", 2, t0.plusSeconds(30), 0);
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.IN_PROGRESS);
    assertThatThrownBy(() -> incident.escalateTo(3, "support-l3", t0, t0)).isInstanceOf(ConflictException.class);
  }

  @Test
  void waitingResolvingReopeningAndClosingFollowTheLifecycle() {
    Incident incident = triaging();
    incident.acknowledge("desk", "service-desk", 1, t0, 0);
    incident.awaitRequester("Which client?", t0.plusSeconds(10));
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.AWAITING_REQUESTER);
    assertThatThrownBy(() -> incident.resolve("desk", "x", t0, 0)).isInstanceOf(ConflictException.class);
    incident.resume(t0.plusSeconds(700), t0.plusSeconds(1100), 7);
    assertThat(incident.getResolutionDueAt()).isEqualTo(t0.plusSeconds(1100));
    assertThat(incident.getPausedAt()).isNull();
    incident.resolve("desk", "Fixed", t0.plusSeconds(20), 30);
    assertThat(incident.getResolutionMinutes()).isEqualTo(23);
    incident.reopen(t0.plusSeconds(800), t0.plusSeconds(1200), 5);
    assertThat(incident.getResolutionMinutes()).isNull();
    assertThat(incident.getReopenCount()).isEqualTo(1);
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.IN_PROGRESS);
    incident.resolve("desk", "Really fixed", t0.plusSeconds(30), 40);
    assertThat(incident.getResolutionMinutes()).as("40 elapsed less 7 paused and 5 resolved").isEqualTo(28);
    incident.close(t0.plus(Duration.ofDays(3)));
    assertThat(incident.getStatus()).isEqualTo(IncidentStatus.CLOSED);
    assertThat(incident.isClosedAutomatically()).isTrue();
    assertThatThrownBy(() -> incident.reopen(t0, t0, 0)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(incident::breachResolution).isInstanceOf(ConflictException.class);
  }

  @Test
  void aConfirmedIncidentIsNotClosedAutomatically() {
    Incident incident = triaging();
    incident.acknowledge("desk", "service-desk", 1, t0, 0);
    incident.resolve("desk", "Fixed", t0, 0);
    incident.confirm(t0.plusSeconds(5));
    incident.close(t0.plusSeconds(5));
    assertThat(incident.isClosedAutomatically()).isFalse();
    incident.recordReview("incman", t0.plusSeconds(9));
    assertThatThrownBy(() -> incident.recordReview("incman", t0)).isInstanceOf(ConflictException.class);
  }
}
