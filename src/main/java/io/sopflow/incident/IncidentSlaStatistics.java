package io.sopflow.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The incident SOP's SLA figures for reporting (docs/sla.md), aggregated by the database over the incident's stored
 * columns: the SLA durations ({@code response_minutes}, {@code resolution_minutes}) are working time of the
 * incident's calendar, written once by {@link io.sopflow.sla.SlaClock} when the step that ends them happens. No
 * caller check here: the report's service decides who may read figures.
 */
@Service
@Transactional(readOnly = true)
public class IncidentSlaStatistics {

  public enum Grouping { PRIORITY, GROUP, MONTH }

  /** One group's figures; averages in working minutes, null when nothing was responded to / resolved. */
  public record Figures(String key, long count, long responded, long resolved, Double mttaMinutes,
      Double mttrMinutes, long responseBreaches, long resolutionBreaches, long openResponseBreaches,
      long openResolutionBreaches, long reopened, long escalatedToManagers, long everResolved) {}

  /** Open incidents of a priority by age since reported. */
  public record Backlog(String priority, long open, long underOneDay, long oneToThreeDays, long threeToSevenDays,
      long overSevenDays) {}

  /** An open incident whose running target (response in triage, resolution in progress) is near or past. */
  public record AtRisk(String number, String title, String priority, String assignmentGroup, String target,
      Instant dueAt, String processInstanceId) {}

  static final EnumSet<IncidentStatus> OPEN = EnumSet.of(IncidentStatus.NEW, IncidentStatus.IN_TRIAGE,
      IncidentStatus.IN_PROGRESS, IncidentStatus.AWAITING_REQUESTER);

  private final IncidentSlaQueries queries;

  IncidentSlaStatistics(IncidentSlaQueries queries) {
    this.queries = queries;
  }

  /**
   * Incidents reported in {@code [from, to)}, grouped; a group without incidents in the period has no row. One
   * aggregate per key (see {@link IncidentSlaQueries}), all in this read-only transaction's one snapshot.
   */
  public List<Figures> figures(Instant from, Instant to, Grouping grouping) {
    List<Figures> rows = new ArrayList<>();
    switch (grouping) {
      case PRIORITY -> {
        for (Priority priority : Priority.values()) {
          rows.add(figures(priority.name(), queries.figuresOfPriority(priority, from, to)));
        }
      }
      case GROUP -> {
        for (String group : queries.assignmentGroups()) {
          rows.add(figures(group, queries.figuresOfGroup(group, from, to)));
        }
      }
      case MONTH -> {
        YearMonth month = YearMonth.from(from.atZone(ZoneOffset.UTC));
        for (Instant start = from; start.isBefore(to); month = month.plusMonths(1)) {
          Instant next = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
          Instant end = next.isBefore(to) ? next : to;
          rows.add(figures(month.toString(), queries.figures(start, end)));
          start = end;
        }
      }
      default -> throw new IllegalArgumentException("Unknown grouping " + grouping);
    }
    return rows.stream().filter(row -> row.count() > 0).toList();
  }

  public List<Backlog> backlog(Instant now) {
    return queries.backlog(OPEN, now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(3)),
        now.minus(Duration.ofDays(7))).stream().map(r -> {
          long open = num(r[1]);
          long day = num(r[2]);
          long threeDays = num(r[3]);
          long week = num(r[4]);
          return new Backlog(String.valueOf(r[0]), open, day, threeDays - day, week - threeDays, open - week);
        }).toList();
  }

  /** Open incidents whose running target falls due within {@code within} of {@code now}, or is past; soonest first. */
  public List<AtRisk> atRisk(Instant now, Duration within, int limit) {
    return queries.dueBefore(now.plus(within), PageRequest.of(0, limit)).stream().map(i -> {
      boolean triage = i.getStatus() == IncidentStatus.IN_TRIAGE;
      return new AtRisk(i.getNumber(), i.getTitle(), i.getPriority().name(), i.getAssignmentGroup(),
          triage ? SlaTarget.RESPONSE.name() : SlaTarget.RESOLUTION.name(),
          triage ? i.getResponseDueAt() : i.getResolutionDueAt(), i.getProcessInstanceId());
    }).toList();
  }

  private static Figures figures(String key, List<Object[]> result) {
    Object[] r = result.get(0);
    return new Figures(key, num(r[0]), num(r[1]), num(r[2]), dbl(r[3]), dbl(r[4]), num(r[5]), num(r[6]), num(r[7]),
        num(r[8]), num(r[9]), num(r[10]), num(r[11]));
  }

  private static long num(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static Double dbl(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }
}
