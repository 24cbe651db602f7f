package io.sopflow.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.persistence.RecordsByNumber;
import io.sopflow.sla.SlaClock;
import io.sopflow.sla.SlaProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;

/** Escalation rules of the service: tier order, fresh targets, and each escalation recorded once. */
class IncidentServiceTest {

  final Instant now = Instant.parse("2026-06-08T10:00:00Z");
  final IncidentRepository incidents = mock(IncidentRepository.class);
  final IncidentEscalationRepository escalations = mock(IncidentEscalationRepository.class);
  final AuditTrail audit = mock(AuditTrail.class);
  final Directory directory = mock(Directory.class);
  final IncidentReviewActionRepository reviewActions = mock(IncidentReviewActionRepository.class);
  final RecordsByNumber byNumber = mock(RecordsByNumber.class);
  IncidentService service;
  Incident incident;

  @BeforeEach
  void setUp() {
    service = new IncidentService(incidents, escalations, mock(IncidentCommentRepository.class),
        reviewActions, directory,
        (impact, urgency) -> Priority.P1, new SlaClock(new SlaProperties(0.75, null)), IncidentSlaProperties.defaults(),
        IncidentProperties.defaults(), audit, mock(CurrentUser.class), mock(RecordVisibility.class),
        mock(ApplicationEventPublisher.class),
        Clock.fixed(now, ZoneOffset.UTC), mock(org.springframework.beans.factory.ObjectProvider.class), byNumber);
    incident = new Incident("Outage", "All down", Level.HIGH, Level.HIGH, "network", null, Priority.P1, "pm",
        "service-desk", "24x7", now.minusSeconds(900), now.minusSeconds(225), now, now.plusSeconds(3600),
        now.plusSeconds(7200));
    org.springframework.test.util.ReflectionTestUtils.setField(incident, "id", 1L);
    incident.assignNumber();
    incident.processStarted("pi");
    when(byNumber.find(Incident.class, "INC-000001")).thenReturn(Optional.of(incident));
  }

  @Test
  void responseBreachEscalatesToTheNextTierWithAFreshResponseTarget() {
    ResponseEscalation result = service.escalateResponse("INC-000001");

    assertThat(result.nextTierAvailable()).isTrue();
    assertThat(result.assignmentGroup()).isEqualTo("support-l2");
    assertThat(result.responseDueAt()).isEqualTo(now.plusSeconds(15 * 60));
    assertThat(result.responseWarningAt()).isEqualTo(now.plusSeconds(675));
    verify(escalations).saveAndFlush(any(IncidentEscalation.class));
    verify(audit).record(any());
  }

  @Test
  void anEscalationAlreadyRecordedIsNotRecordedAgain() {
    when(escalations.existsByIncidentIdAndSlaTargetAndToLevel(any(), any(), org.mockito.ArgumentMatchers.anyInt()))
        .thenReturn(true);

    service.escalateResponse("INC-000001");
    boolean resolutionEscalated = service.escalateResolution("INC-000001");

    assertThat(resolutionEscalated).isFalse();
    assertThat(incident.getEscalationLevel()).isEqualTo(1);
    verify(escalations, never()).saveAndFlush(any());
    verify(audit, never()).record(any());
  }

  @Test
  void afterTheLastTierTheBreachGoesToIncidentManagersAndTriageStaysWithL3() {
    service.escalateResponse("INC-000001");
    service.escalateResponse("INC-000001");
    ResponseEscalation last = service.escalateResponse("INC-000001");

    assertThat(last.nextTierAvailable()).isFalse();
    assertThat(last.assignmentGroup()).isEqualTo("support-l3");
    assertThat(last.recipients()).isEqualTo("incident-managers,support-l3");
    assertThat(incident.isManagersNotified()).isTrue();
    verify(escalations, times(3)).saveAndFlush(any(IncidentEscalation.class));
  }

  @Test
  void theReviewRecordsItsActionsWithOwnerAndDueDate() {
    org.springframework.test.util.ReflectionTestUtils.setField(incident, "status", IncidentStatus.CLOSED);
    when(directory.userExists("l3")).thenReturn(true);

    service.recordReview("INC-000001", "incman", "Expired certificate",
        "l3 | 2026-07-01 | Monitor certificate expiry\n\n l3|2026-06-08| Renew now ");

    @SuppressWarnings("unchecked")
    org.mockito.ArgumentCaptor<List<IncidentReviewAction>> saved = org.mockito.ArgumentCaptor.forClass(List.class);
    verify(reviewActions).saveAll(saved.capture());
    assertThat(saved.getValue()).extracting(IncidentReviewAction::getOwner, IncidentReviewAction::getDueDate,
        IncidentReviewAction::getAction).containsExactly(
            org.assertj.core.groups.Tuple.tuple("l3", java.time.LocalDate.parse("2026-07-01"), "Monitor certificate expiry"),
            org.assertj.core.groups.Tuple.tuple("l3", java.time.LocalDate.parse("2026-06-08"), "Renew now"));
    assertThat(incident.getReviewedBy()).isEqualTo("incman");
  }

  @Test
  void aBadReviewActionIsRefusedNamingTheFieldAndLineAndNothingIsRecorded() {
    org.springframework.test.util.ReflectionTestUtils.setField(incident, "status", IncidentStatus.CLOSED);
    when(directory.userExists("l3")).thenReturn(true);

    for (String bad : List.of("l3 | 2026-07-01", "nobody | 2026-07-01 | x", "l3 | 1.7.2026 | x",
        "l3 | 2026-06-01 | in the past")) {
      InvalidRequestException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
          () -> service.recordReview("INC-000001", "incman", "Summary", "l3 | 2026-07-01 | fine\n" + bad),
          InvalidRequestException.class);
      assertThat(refused).as(bad).isNotNull();
      assertThat(refused.field()).isEqualTo("reviewActions");
      assertThat(refused.getMessage()).contains("line 2");
    }
    verify(reviewActions, never()).saveAll(any());
    assertThat(incident.getReviewedAt()).isNull();
  }
}
