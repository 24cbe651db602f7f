package io.sopflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.sopflow.access.AccessSlaStatistics;
import io.sopflow.audit.AuditTrail;
import io.sopflow.change.ChangeSlaStatistics;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Groups;
import io.sopflow.incident.IncidentSlaStatistics;
import io.sopflow.report.SlaReportApi.StartRun;
import io.sopflow.request.ServiceRequestSlaStatistics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;

/** Which months a run may be requested for, when the schedule's zone is not UTC. */
class SlaReportServiceTest {

  private final SlaReportRepository runs = mock(SlaReportRepository.class);

  /**
   * A report's month is the UTC month its figures count (docs/sla.md), so a run waits for the month's end in UTC:
   * in Berlin it is March at 23:40 UTC on 28 February, but February's figures still have 20 minutes to come.
   */
  @Test
  void aRunWaitsForTheEndOfItsMonthInUtcWhateverTheSchedulesZone() {
    SlaReportService beforeTheEnd = service(Instant.parse("2026-02-28T23:40:00Z"));
    assertThatThrownBy(() -> beforeTheEnd.startRun(new StartRun("2026-02")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("month");
          assertThat(e.getMessage()).contains("has ended");
        });

    SlaReportService atTheEnd = service(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(atTheEnd.startRun(new StartRun("2026-02")).key()).isEqualTo("SLA-2026-02");
  }

  private SlaReportService service(Instant now) {
    CurrentUser manager = new CurrentUser() {
      @Override
      public Optional<String> id() {
        return Optional.of("manager");
      }

      @Override
      public Set<String> groups() {
        return Set.of(Groups.MANAGERS);
      }
    };
    when(runs.saveAndFlush(any())).thenAnswer(call -> call.getArgument(0));
    SlaReportProperties berlin = new SlaReportProperties(null, ZoneId.of("Europe/Berlin"), null, null);
    return new SlaReportService(mock(IncidentSlaStatistics.class), mock(ServiceRequestSlaStatistics.class),
        mock(ChangeSlaStatistics.class), mock(AccessSlaStatistics.class), runs, berlin, manager,
        mock(AuditTrail.class), mock(ApplicationEventPublisher.class), Clock.fixed(now, ZoneOffset.UTC));
  }
}
