package io.sopflow.report;

import io.sopflow.access.AccessSlaStatistics;
import io.sopflow.change.ChangeSlaStatistics;
import io.sopflow.incident.IncidentSlaStatistics.AtRisk;
import io.sopflow.incident.IncidentSlaStatistics.Backlog;
import io.sopflow.incident.IncidentSlaStatistics.Figures;
import io.sopflow.request.ServiceRequestSlaStatistics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the SLA report API takes and answers (DESIGN.md: {@code GET /api/reports/sla}, {@code POST .../runs}). */
public final class SlaReportApi {

  private SlaReportApi() {}

  /** A row of a report: its group's key, then the SOP's figures (the CSV's columns are the record's components). */
  public sealed interface ReportRow permits Row, RequestRow, ChangeRow, AccessRow {
    String key();
  }

  /**
   * One group's figures. Compliance: of the incidents with a verdict on the target (met: responded/resolved; or
   * breached while still open), the share not breached; null without any verdict. Averages in working minutes.
   */
  public record Row(String key, long count, long responded, long resolved, Double mttaMinutes, Double mttrMinutes,
      long responseBreaches, long resolutionBreaches, Double responseCompliancePercent,
      Double resolutionCompliancePercent, long reopened, Double reopenRatePercent, long escalatedToManagers)
      implements ReportRow {

    static Row of(Figures f) {
      long responseVerdicts = f.responded() + f.openResponseBreaches();
      long resolutionVerdicts = f.resolved() + f.openResolutionBreaches();
      return new Row(f.key(), f.count(), f.responded(), f.resolved(), round(f.mttaMinutes()), round(f.mttrMinutes()),
          f.responseBreaches(), f.resolutionBreaches(),
          percent(responseVerdicts - f.responseBreaches(), responseVerdicts),
          percent(resolutionVerdicts - f.resolutionBreaches(), resolutionVerdicts), f.reopened(),
          percent(f.reopened(), f.everResolved()), f.escalatedToManagers());
    }
  }

  /**
   * One group's service requests (docs/sla.md): fulfilment time in minutes (fulfilment started → fulfilled), the
   * share of requests with a verdict on the fulfilment target (fulfilled with a target, or breached while not
   * fulfilled) that did not breach it (a request the access SOP fulfils has no target and no verdict), and the requesters' mean rating (1-5) over the rated ones. Null where there is nothing to average.
   */
  public record RequestRow(String key, long count, long fulfilled, Double meanFulfilmentMinutes,
      long fulfilmentBreaches, Double fulfilmentCompliancePercent, long rated, Double meanRating)
      implements ReportRow {

    static RequestRow of(ServiceRequestSlaStatistics.Figures f) {
      long verdicts = f.fulfilledWithTarget() + f.openFulfilmentBreaches();
      return new RequestRow(f.key(), f.count(), f.fulfilled(), round(f.meanFulfilmentMinutes()),
          f.fulfilmentBreaches(), percent(verdicts - f.fulfilmentBreaches(), verdicts), f.rated(),
          round2(f.meanRating()));
    }
  }

  /**
   * One group's changes (docs/sla.md): implemented and failed ones, the success rate (implemented of implemented and
   * failed) and the mean approval lead time in minutes (submitted → approved, over the changes with a time of
   * approval). Null where there is nothing to divide by.
   */
  public record ChangeRow(String key, long count, long implemented, long failed, Double successRatePercent,
      long approved, Double meanApprovalLeadMinutes) implements ReportRow {

    static ChangeRow of(ChangeSlaStatistics.Figures f) {
      return new ChangeRow(f.key(), f.count(), f.implemented(), f.failed(),
          percent(f.implemented(), f.implemented() + f.failed()), f.approved(), round(f.meanApprovalLeadMinutes()));
    }
  }

  /**
   * One group's access requests (docs/sla.md): granted ones and the mean time to grant in minutes (created →
   * granted), null when none is granted.
   */
  public record AccessRow(String key, long count, long granted, Double meanTimeToGrantMinutes) implements ReportRow {

    static AccessRow of(AccessSlaStatistics.Figures f) {
      return new AccessRow(f.key(), f.count(), f.granted(), round(f.meanTimeToGrantMinutes()));
    }
  }

  /**
   * The report: the SOP's records created from {@code from} to {@code to} (both whole days, UTC), grouped; rows of
   * the SOP's kind ({@link Row} for incidents, {@link RequestRow} for service requests, {@link ChangeRow} for
   * changes, {@link AccessRow} for access requests); the backlog is the
   * incidents' (empty for other SOPs).
   */
  public record Report(String sop, LocalDate from, LocalDate to, String groupBy, List<? extends ReportRow> rows,
      List<Backlog> backlog) {}

  /** What Cockpit's dashboard shows: compliance per priority by month, the MTTA/MTTR trend, items at risk. */
  public record Dashboard(List<String> months, List<PriorityTrend> compliance, List<Row> trend, List<AtRisk> atRisk,
      Instant now) {}

  public record PriorityTrend(String priority, List<Double> responseCompliancePercent,
      List<Double> resolutionCompliancePercent) {}

  public record StartRun(String month) {}

  public record RunView(String key, String month, String trigger, String requestedBy, String status,
      Instant startedAt, Instant compiledAt, String summary, String commentary, String actions, String reviewedBy,
      String processInstanceId) {

    static RunView of(SlaReportRun r) {
      return new RunView(r.getKey(), r.getMonth(), r.getTrigger(), r.getRequestedBy(), r.getStatus().name(),
          r.getStartedAt(), r.getCompiledAt(), r.getSummary(), r.getCommentary(), r.getActions(), r.getReviewedBy(),
          r.getProcessInstanceId());
    }
  }

  /** What the "Review SLA report" form shows. */
  public record ReviewDetails(String month, String summary) {}

  static Double round(Double value) {
    return value == null ? null : Math.round(value * 10) / 10.0;
  }

  static Double round2(Double value) {
    return value == null ? null : Math.round(value * 100) / 100.0;
  }

  static Double percent(long part, long whole) {
    return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
  }
}
