package io.sopflow.report;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Groups;
import io.sopflow.incident.IncidentSlaStatistics;
import io.sopflow.incident.IncidentSlaStatistics.Grouping;
import io.sopflow.notification.MailContent;
import io.sopflow.notification.NotificationModelContributor;
import io.sopflow.request.ServiceRequestSlaStatistics;
import io.sopflow.access.AccessSlaStatistics;
import io.sopflow.change.ChangeSlaStatistics;
import io.sopflow.report.SlaReportApi.AccessRow;
import io.sopflow.report.SlaReportApi.ChangeRow;
import io.sopflow.report.SlaReportApi.Dashboard;
import io.sopflow.report.SlaReportApi.PriorityTrend;
import io.sopflow.report.SlaReportApi.Report;
import io.sopflow.report.SlaReportApi.ReportRow;
import io.sopflow.report.SlaReportApi.RequestRow;
import io.sopflow.report.SlaReportApi.ReviewDetails;
import io.sopflow.report.SlaReportApi.Row;
import io.sopflow.report.SlaReportApi.RunView;
import io.sopflow.report.SlaReportApi.StartRun;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * SLA monitoring and reporting (docs/sla.md): the figures of {@code GET /api/reports/sla} and of Cockpit's
 * {@code sopflow-sla} plugin, and the monthly report SOP ({@code SlaReportProcess}). Every figure is aggregated from
 * the SOP's records when asked for; a month's report keeps only the CSV it compiled (what was mailed).
 */
@Service
@Transactional
public class SlaReportService implements NotificationModelContributor {

  static final String SUBJECT = "SLA report";
  /** Who may read SLA figures (DESIGN.md): managers, incident managers and admins. */
  static final Set<String> READERS = Set.of(Groups.MANAGERS, Groups.INCIDENT_MANAGERS, Groups.ADMINS);
  static final String INCIDENT = "incident";
  static final String SERVICE_REQUEST = "service-request";
  static final String CHANGE = "change";
  static final String ACCESS = "access";
  static final List<String> SOPS = List.of(INCIDENT, SERVICE_REQUEST, CHANGE, ACCESS);
  static final long MAX_DAYS = 366;
  static final int TREND_MONTHS = 6;
  static final String MAIL_TEMPLATE = "sla-report";
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final IncidentSlaStatistics incidents;
  private final ServiceRequestSlaStatistics requests;
  private final ChangeSlaStatistics changes;
  private final AccessSlaStatistics access;
  private final SlaReportRepository runs;
  private final SlaReportProperties properties;
  private final CurrentUser currentUser;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  SlaReportService(IncidentSlaStatistics incidents, ServiceRequestSlaStatistics requests,
      ChangeSlaStatistics changes, AccessSlaStatistics access, SlaReportRepository runs, SlaReportProperties properties,
      CurrentUser currentUser, AuditTrail audit, ApplicationEventPublisher events, Clock clock) {
    this.incidents = incidents;
    this.requests = requests;
    this.changes = changes;
    this.access = access;
    this.runs = runs;
    this.properties = properties;
    this.currentUser = currentUser;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  // ---- figures ---------------------------------------------------------------------------------------------------

  /** {@code GET /api/reports/sla}: the caller's groups first (403), then each parameter (400 naming it). */
  @Transactional(readOnly = true)
  public Report report(String sop, String from, String to, String groupBy) {
    requireReader();
    if (sop == null || !SOPS.contains(sop)) {
      throw new InvalidRequestException("sop", "must be one of " + SOPS);
    }
    LocalDate fromDate = date("from", from);
    LocalDate toDate = date("to", to);
    if (fromDate.isAfter(toDate)) {
      throw new InvalidRequestException("from", "must not be after to");
    }
    if (ChronoUnit.DAYS.between(fromDate, toDate) + 1 > MAX_DAYS) {
      throw new InvalidRequestException("to", "the range may span at most " + MAX_DAYS + " days");
    }
    Instant start = start(fromDate);
    Instant end = start(toDate.plusDays(1));
    if (SERVICE_REQUEST.equals(sop)) {
      ServiceRequestSlaStatistics.Grouping grouping = grouping(ServiceRequestSlaStatistics.Grouping.class,
          ServiceRequestSlaStatistics.Grouping.ITEM, groupBy);
      return new Report(sop, fromDate, toDate, grouping.name().toLowerCase(Locale.ROOT),
          requests.figures(start, end, grouping).stream().map(RequestRow::of).toList(), List.of());
    }
    if (CHANGE.equals(sop)) {
      ChangeSlaStatistics.Grouping grouping = grouping(ChangeSlaStatistics.Grouping.class,
          ChangeSlaStatistics.Grouping.TYPE, groupBy);
      return new Report(sop, fromDate, toDate, grouping.name().toLowerCase(Locale.ROOT),
          changes.figures(start, end, grouping).stream().map(ChangeRow::of).toList(), List.of());
    }
    if (ACCESS.equals(sop)) {
      AccessSlaStatistics.Grouping grouping = grouping(AccessSlaStatistics.Grouping.class,
          AccessSlaStatistics.Grouping.RESOURCE, groupBy);
      return new Report(sop, fromDate, toDate, grouping.name().toLowerCase(Locale.ROOT),
          access.figures(start, end, grouping).stream().map(AccessRow::of).toList(), List.of());
    }
    return incidentReport(fromDate, toDate, grouping(Grouping.class, Grouping.PRIORITY, groupBy));
  }

  /** Cockpit's dashboard: the last six months (this one included) per priority and in total, and items at risk. */
  @Transactional(readOnly = true)
  public Dashboard dashboard() {
    requireReader();
    Instant now = clock.instant();
    YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
    YearMonth first = current.minusMonths(TREND_MONTHS - 1);
    List<String> months = new ArrayList<>();
    for (int i = 0; i < TREND_MONTHS; i++) {
      months.add(first.plusMonths(i).toString());
    }
    Instant from = start(first.atDay(1));
    Instant to = start(current.plusMonths(1).atDay(1));
    List<Row> trend = byMonth(months, incidents.figures(from, to, Grouping.MONTH).stream().map(Row::of).toList());
    List<PriorityTrend> compliance = new ArrayList<>();
    for (String priority : List.of("P1", "P2", "P3", "P4")) {
      List<Double> response = new ArrayList<>();
      List<Double> resolution = new ArrayList<>();
      for (String month : months) {
        YearMonth m = YearMonth.parse(month);
        Optional<Row> row = incidents.figures(start(m.atDay(1)), start(m.plusMonths(1).atDay(1)),
            Grouping.PRIORITY).stream().filter(f -> f.key().equals(priority)).findFirst().map(Row::of);
        response.add(row.map(Row::responseCompliancePercent).orElse(null));
        resolution.add(row.map(Row::resolutionCompliancePercent).orElse(null));
      }
      compliance.add(new PriorityTrend(priority, response, resolution));
    }
    return new Dashboard(months, compliance, trend, incidents.atRisk(now, properties.atRiskWithin(), 20), now);
  }

  /** The CSV of a report: one header line, one line per row (RFC 4180, {@code .} decimals, empty for none). */
  public static String csv(Report report) {
    Class<? extends ReportRow> type = switch (report.sop()) {
      case SERVICE_REQUEST -> RequestRow.class;
      case CHANGE -> ChangeRow.class;
      case ACCESS -> AccessRow.class;
      default -> Row.class;
    };
    return SlaCsv.write(type, report.rows());
  }

  // ---- the monthly report SOP --------------------------------------------------------------------------------------

  /** {@code POST /api/reports/sla/runs}: a past month, once (409 for a month already reported or running). */
  public RunView startRun(StartRun request) {
    String user = requireReader();
    String month = request == null ? null : request.month();
    if (month == null || month.isBlank()) {
      throw new InvalidRequestException("month", "is required (YYYY-MM)");
    }
    YearMonth yearMonth = month(month);
    if (!hasEnded(yearMonth, clock.instant())) {
      throw new InvalidRequestException("month", "must be a month that has ended");
    }
    return RunView.of(begin(yearMonth, "API", user));
  }

  /**
   * Whether {@code month} has ended at {@code now}. Its figures count what was reported in the UTC month (docs/sla.md),
   * so it ends at midnight UTC, whatever zone the schedule runs in: a run compiled before that would miss the rest.
   */
  static boolean hasEnded(YearMonth month, Instant now) {
    return !now.isBefore(start(month.plusMonths(1).atDay(1)));
  }

  /** The schedule's run for {@code month} (the scheduler claims it for this node by inserting it). */
  RunView startScheduled(YearMonth month) {
    return RunView.of(begin(month, "SCHEDULE", AuditEvent.SYSTEM));
  }

  @Transactional(readOnly = true)
  public RunView findRun(String key) {
    requireReader();
    return RunView.of(load(key));
  }

  /** Step "Compile SLA report": the month's figures per priority, as CSV and a one-line summary. */
  public void compile(String key) {
    SlaReportRun run = load(key);
    YearMonth month = run.yearMonth();
    List<Row> rows = incidentRows(month.atDay(1), month.atEndOfMonth(), Grouping.PRIORITY);
    run.compiled(SlaCsv.write(rows), summary(month, rows), clock.instant());
    audit.record(AuditEvent.of(AuditEvent.SYSTEM, "COMPILED", SUBJECT, key, run.getSummary()));
  }

  @Transactional(readOnly = true)
  public ReviewDetails reviewDetails(String key) {
    SlaReportRun run = load(key);
    return new ReviewDetails(run.getMonth(), run.getSummary());
  }

  /** Step "Review SLA report": the incident manager's commentary and actions go into the mail. */
  public void recordReview(String key, String by, String commentary, String actions) {
    load(key).reviewed(by, commentary, actions, clock.instant());
    audit.record(AuditEvent.of(by, "REVIEWED", SUBJECT, key, commentary));
  }

  /** The process started for the run (same transaction as {@link #startRun}). */
  public void processStarted(String key, String processInstanceId) {
    load(key).processStarted(processInstanceId);
  }

  // ---- mail --------------------------------------------------------------------------------------------------------

  @Override
  public boolean supports(String reference) {
    return reference != null && reference.startsWith(SlaReportRun.KEY_PREFIX);
  }

  @Override
  public Map<String, Object> model(String reference) {
    SlaReportRun run = load(reference);
    Map<String, Object> model = new HashMap<>();
    model.put("month", run.getMonth());
    model.put("summary", run.getSummary() == null ? "" : run.getSummary());
    model.put("commentary", run.getCommentary() == null ? "" : run.getCommentary());
    model.put("actions", run.getActions() == null || run.getActions().isBlank() ? "-" : run.getActions());
    model.put("reviewedBy", run.getReviewedBy() == null ? "" : run.getReviewedBy());
    return model;
  }

  /** The report mail's HTML part (charts as inline SVG) and the compiled CSV as its attachment. */
  @Override
  public Optional<MailContent> content(String reference, String template) {
    if (!MAIL_TEMPLATE.equals(template)) {
      return Optional.empty();
    }
    SlaReportRun run = load(reference);
    YearMonth month = run.yearMonth();
    List<String> months = new ArrayList<>();
    for (int i = TREND_MONTHS - 1; i >= 0; i--) {
      months.add(month.minusMonths(i).toString());
    }
    List<Row> trend = byMonth(months, incidents.figures(start(month.minusMonths(TREND_MONTHS - 1).atDay(1)),
        start(month.plusMonths(1).atDay(1)), Grouping.MONTH).stream().map(Row::of).toList());
    String html = SlaReportHtml.render(run.getKey(), run.getMonth(), SlaCsv.read(run.getCsv()), trend,
        run.getCommentary(), run.getActions(), run.getReviewedBy());
    return Optional.of(new MailContent(html, "sla-report-" + run.getMonth() + ".csv", "text/csv", run.getCsv()));
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  private SlaReportRun begin(YearMonth month, String trigger, String by) {
    String key = SlaReportRun.keyOf(month);
    if (runs.existsByKey(key)) {
      throw alreadyReported(month, key);
    }
    SlaReportRun run;
    try {
      run = runs.saveAndFlush(new SlaReportRun(month, trigger, by, clock.instant()));
    } catch (DataIntegrityViolationException | PessimisticLockingFailureException e) {
      // Two runs of the month at once (two requests, a request and the schedule, two nodes' schedules): the check
      // above sees committed runs only, and the unique key decides. Our insert waited for the other run's transaction
      // (or for the lock timeout): it is committed or still going, so the month is taken all the same.
      throw alreadyReported(month, key);
    }
    audit.record(AuditEvent.of(by, "REQUESTED", SUBJECT, key, trigger.toLowerCase(Locale.ROOT)));
    events.publishEvent(new SlaReportRequested(key, run.getMonth()));
    return run;
  }

  private static ConflictException alreadyReported(YearMonth month, String key) {
    return new ConflictException("The SLA report of " + month + " exists already: " + key);
  }

  private Report incidentReport(LocalDate from, LocalDate to, Grouping grouping) {
    return new Report(INCIDENT, from, to, grouping.name().toLowerCase(Locale.ROOT), incidentRows(from, to, grouping),
        incidents.backlog(clock.instant()));
  }

  private List<Row> incidentRows(LocalDate from, LocalDate to, Grouping grouping) {
    return incidents.figures(start(from), start(to.plusDays(1)), grouping).stream().map(Row::of).toList();
  }

  /** One row per month, in order; a month without incidents is a row of zeros. */
  private static List<Row> byMonth(List<String> months, List<Row> rows) {
    Map<String, Row> byKey = rows.stream().collect(Collectors.toMap(Row::key, r -> r));
    return months.stream().map(m -> byKey.getOrDefault(m,
        new Row(m, 0, 0, 0, null, null, 0, 0, null, null, 0, null, 0))).toList();
  }

  private static String summary(YearMonth month, List<Row> rows) {
    long count = rows.stream().mapToLong(Row::count).sum();
    long responseBreaches = rows.stream().mapToLong(Row::responseBreaches).sum();
    long resolutionBreaches = rows.stream().mapToLong(Row::resolutionBreaches).sum();
    return count + " incidents reported from " + month.atDay(1) + " to " + month.atEndOfMonth() + "; "
        + responseBreaches + " response and " + resolutionBreaches + " resolution breaches. " + rows.stream()
        .map(r -> r.key() + ": response " + orDash(r.responseCompliancePercent()) + " %, resolution "
            + orDash(r.resolutionCompliancePercent()) + " %, MTTA " + orDash(r.mttaMinutes()) + " min, MTTR "
            + orDash(r.mttrMinutes()) + " min")
        .collect(Collectors.joining("; "));
  }

  private static String orDash(Double value) {
    return value == null ? "-" : value.toString();
  }

  private String requireReader() {
    String user = currentUser.require();
    if (currentUser.groups().stream().noneMatch(READERS::contains)) {
      throw new ForbiddenException("Only managers, incident-managers and admins may read SLA reports");
    }
    return user;
  }

  private SlaReportRun load(String key) {
    return runs.findByKey(key).orElseThrow(() -> new RecordNotFoundException(SUBJECT, key));
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static LocalDate date(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "is required (YYYY-MM-DD)");
    }
    if (!DATE.matcher(value).matches()) {
      throw new InvalidRequestException(field, "must be a date YYYY-MM-DD");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(field, "is not a valid date");
    }
  }

  private static YearMonth month(String value) {
    if (!MONTH.matcher(value).matches()) {
      throw new InvalidRequestException("month", "must be a month YYYY-MM");
    }
    try {
      YearMonth month = YearMonth.parse(value);
      if (month.getYear() < 2000) {
        throw new InvalidRequestException("month", "must not be before 2000");
      }
      return month;
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("month", "is not a valid month");
    }
  }

  /** {@code groupBy}: one of the grouping's names in lower case, exactly; blank means {@code fallback}. */
  private static <G extends Enum<G>> G grouping(Class<G> type, G fallback, String groupBy) {
    if (groupBy == null || groupBy.isBlank()) {
      return fallback;
    }
    List<String> names = new ArrayList<>();
    for (G grouping : type.getEnumConstants()) {
      String name = grouping.name().toLowerCase(Locale.ROOT);
      if (name.equals(groupBy)) {
        return grouping;
      }
      names.add(name);
    }
    throw new InvalidRequestException("groupBy", "must be one of " + String.join(", ", names));
  }
}
