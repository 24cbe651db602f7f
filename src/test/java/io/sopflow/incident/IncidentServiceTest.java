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
import io.sopflow.support.ProcessTestSupport;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Rules of the service: tier order, fresh targets, each escalation recorded once, and the resolution clock across
 * pauses. Time is the engine's clock ({@link ClockUtil}), which the tests move as the application's clock follows it.
 */
class IncidentServiceTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

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
    at(now);
    service = new IncidentService(incidents, escalations, mock(IncidentCommentRepository.class),
        reviewActions, directory,
        (impact, urgency) -> Priority.P1, new SlaClock(new SlaProperties(0.75, null)), IncidentSlaProperties.defaults(),
        IncidentProperties.defaults(), audit, mock(CurrentUser.class), mock(RecordVisibility.class),
        mock(ApplicationEventPublisher.class),
        new ProcessTestSupport.EngineClock(), mock(org.springframework.beans.factory.ObjectProvider.class), byNumber);
    incident = new Incident("Outage", "All down", Level.HIGH, Level.HIGH, "network", null, Priority.P1, "pm",
        "service-desk", "24x7", now.minusSeconds(900), now.minusSeconds(225), now, now.plusSeconds(3600),
        now.plusSeconds(7200));
    org.springframework.test.util.ReflectionTestUtils.setField(incident, "id", 1L);
    incident.assignNumber();
    incident.processStarted("pi");
    when(byNumber.find(Incident.class, "INC-000001")).thenReturn(Optional.of(incident));
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
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

  // ------------------------------------------------------------------ the resolution clock across pauses

  /**
   * The defect: resolved without the reporter's answer, the incident kept the due date it had when the question was
   * asked, so a reopening restarted the clock with a due date long past and the breach fired at once.
   */
  @Test
  void aReopenedIncidentThatWasResolvedWithoutTheReportersAnswerGetsTheResolutionTimeItHadLeft() {
    // P3 in business hours (Mon-Fri 08:00-17:00 Berlin): reported Monday 09:00, due Thursday 09:00 (27 working
    // hours), its warning at 75 % on Wednesday 11:15. One working hour passes before the question.
    Incident p3 = p3InProgress(berlin(6, 8, 9, 0));
    assertThat(p3.getResolutionDueAt()).isEqualTo(berlin(6, 11, 9, 0));
    assertThat(p3.getResolutionWarningAt()).isEqualTo(berlin(6, 10, 11, 15));
    at(berlin(6, 8, 10, 0));
    RequesterWait wait = service.awaitRequester(p3.getNumber(), "l2", "Which printer?");
    assertThat(wait.timeoutAt()).isEqualTo(berlin(6, 15, 10, 0));

    at(wait.timeoutAt());
    service.resolveUnanswered(p3.getNumber());
    assertThat(p3.getResolutionDueAt()).as("the five working days waited moved it, as an answer would have")
        .isEqualTo(berlin(6, 18, 9, 0));

    at(berlin(6, 15, 11, 0));
    ResolutionDates reopened = service.reopen(p3.getNumber(), "pm", "Still jams");

    // 26 working hours were left (the wait and the hour it stood resolved do not count): Monday 11:00 to Thursday
    // 10:00; the warning, 19 h 15 min ahead when the question was asked, likewise.
    assertThat(reopened.resolutionDueAt()).isEqualTo(berlin(6, 18, 10, 0));
    assertThat(reopened.resolutionWarningAt()).isEqualTo(berlin(6, 17, 12, 15));
    assertThat(p3.getResolutionDueAt()).isEqualTo(reopened.resolutionDueAt());
    assertThat(p3.getExcludedMinutes()).as("45 working hours waited, 1 resolved").isEqualTo(46 * 60);
  }

  /**
   * The warning timer of "Resolve incident" fires again whenever the task comes back after a pause: a warning date
   * reached before the pause stays where it was, and its warning went out then.
   */
  @Test
  void aResolutionWarningGoesOutOnceForItsDateThoughItsTaskComesBackAfterAnAnswerAndAReopening() {
    Incident p3 = p3InProgress(berlin(6, 8, 9, 0));
    String n = p3.getNumber();
    at(berlin(6, 10, 11, 15));
    assertThat(service.warnResolution(n)).as("warning level reached").isTrue();
    at(berlin(6, 10, 12, 0));
    service.awaitRequester(n, "l2", "Which printer?");
    at(berlin(6, 10, 14, 0));

    ResolutionDates answered = service.answer(n, "pm", "Floor 2");

    assertThat(answered.resolutionWarningAt()).as("reached before the pause").isEqualTo(berlin(6, 10, 11, 15));
    assertThat(service.warnResolution(n)).as("the timer fires again for the same date").isFalse();
    service.resolve(n, "l2", "Cleared");
    at(berlin(6, 10, 15, 0));
    service.reopen(n, "pm", "Jams again");
    assertThat(service.warnResolution(n)).as("nor after a reopening").isFalse();
    assertThat(p3.getResolutionWarnedFor()).isEqualTo(berlin(6, 10, 11, 15));
  }

  @Test
  void aResolutionWarningDateThatMovedWithAPauseIsWarnedOnceWhenReached() {
    Incident p3 = p3InProgress(berlin(6, 8, 9, 0)); // warning Wednesday 11:15
    String n = p3.getNumber();
    at(berlin(6, 8, 10, 0));
    service.awaitRequester(n, "l2", "Which printer?");
    at(berlin(6, 9, 10, 0)); // nine working hours waited

    ResolutionDates answered = service.answer(n, "pm", "Floor 2");

    assertThat(answered.resolutionWarningAt()).isEqualTo(berlin(6, 11, 11, 15));
    at(answered.resolutionWarningAt());
    assertThat(service.warnResolution(n)).isTrue();
    assertThat(service.warnResolution(n)).as("a retried job, a second node").isFalse();
  }

  /**
   * The response clock ran in the calendar of the priority the incident was reported with: its response target and
   * escalation timers did. Measured in the calendar of the priority triage gives it, a P4 reported before a weekend and
   * raised to P1 on Monday reported a weekend-long MTTA under P1.
   */
  @Test
  void theResponseTimeCountsInTheCalendarItsTargetRanInThoughTriageRaisesThePriority() {
    // P4 in business hours, reported Friday 16:00; triaged Monday 09:00 and raised to P1 (around the clock).
    Incident p4 = reportedAt(berlin(6, 12, 16, 0), Priority.P4, Level.LOW);
    at(berlin(6, 15, 9, 0));

    Triage triage = service.acknowledge(p4.getNumber(), "desk", "support-l2", null, Level.HIGH, Level.HIGH);

    assertThat(triage.priority()).isEqualTo(Priority.P1);
    assertThat(p4.getSlaCalendar()).as("resolution now counts around the clock").isEqualTo("24x7");
    assertThat(p4.getResponseMinutes()).as("Friday 16:00-17:00 and Monday 08:00-09:00, not the weekend")
        .isEqualTo(120);
  }

  // ------------------------------------------------------------------ helpers

  /** A P3 with its default targets in business hours, reported at {@code reported} and triaged to L2 at once. */
  private Incident p3InProgress(Instant reported) {
    Incident p3 = reportedAt(reported, Priority.P3, Level.MEDIUM);
    service.acknowledge(p3.getNumber(), "desk", "support-l2", null, null, null);
    return p3;
  }

  /** An incident in triage with its priority's default targets, reported at {@code reported}. */
  private Incident reportedAt(Instant reported, Priority priority, Level impactAndUrgency) {
    at(reported);
    SlaClock slaClock = new SlaClock(new SlaProperties(0.75, null));
    IncidentSlaProperties.Target target = IncidentSlaProperties.defaults().target(priority);
    Incident reportedIncident = new Incident("Printer jams", "Floor 2", impactAndUrgency, impactAndUrgency, "hardware",
        null, priority, "pm", "service-desk", target.calendar(), reported,
        slaClock.warningAt(reported, target.response(), target.calendar()),
        slaClock.due(reported, target.response(), target.calendar()),
        slaClock.warningAt(reported, target.resolution(), target.calendar()),
        slaClock.due(reported, target.resolution(), target.calendar()));
    org.springframework.test.util.ReflectionTestUtils.setField(reportedIncident, "id", 2L);
    reportedIncident.assignNumber();
    reportedIncident.processStarted("pi-2");
    when(byNumber.find(Incident.class, reportedIncident.getNumber())).thenReturn(Optional.of(reportedIncident));
    return reportedIncident;
  }

  static Instant berlin(int month, int day, int hour, int minute) {
    return LocalDateTime.of(2026, month, day, hour, minute).atZone(BERLIN).toInstant();
  }

  static void at(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
  }
}
