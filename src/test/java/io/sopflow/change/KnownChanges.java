package io.sopflow.change;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationContext;

/**
 * A known set of changes in May and June 2019 (a period no other test uses), stored through the entity's own
 * transitions with explicit times, for the SLA report (docs/sla.md). The figures each should give are worked out next
 * to each change.
 */
public final class KnownChanges {

  /** The CSV of May 2019 by type (header, NORMAL, STANDARD). */
  public static final String CSV_MAY_BY_TYPE = """
      key,count,implemented,failed,successRatePercent,approved,meanApprovalLeadMinutes\r
      NORMAL,3,1,1,50.0,2,75.3\r
      STANDARD,1,1,0,100.0,1,1.0\r
      """;

  private KnownChanges() {}

  public static void create(ApplicationContext context) {
    ChangeRequestRepository changes = context.getBean(ChangeRequestRepository.class);
    // Normal 1: approved after 120 min, implemented.
    ChangeRequest c = change(ChangeType.NORMAL, ApprovalRoute.NORMAL, "2019-05-06T09:00:00Z");
    c.approve(at("2019-05-06T11:00:00Z"));
    c.recordImplementation(ChangeDecisions.SUCCEEDED, at("2019-05-10T09:00:00Z"));
    save(changes, c);
    // Normal 2: approved after 30.5 min, failed. Normal mean lead (120 + 30.5) / 2 = 75.25 -> 75.3; success 1 of 2.
    c = change(ChangeType.NORMAL, ApprovalRoute.NORMAL, "2019-05-07T09:00:00Z");
    c.approve(at("2019-05-07T09:30:30Z"));
    c.recordImplementation(ChangeDecisions.FAILED, at("2019-05-11T09:00:00Z"));
    save(changes, c);
    // Normal 3: still in review (no approval, no outcome).
    save(changes, change(ChangeType.NORMAL, ApprovalRoute.NORMAL, "2019-05-08T09:00:00Z"));
    // Standard: approved after 1 min, implemented and closed (closing keeps its outcome).
    c = change(ChangeType.STANDARD, ApprovalRoute.STANDARD, "2019-05-09T09:00:00Z");
    c.approve(at("2019-05-09T09:01:00Z"));
    c.recordImplementation(ChangeDecisions.SUCCEEDED, at("2019-05-12T09:00:00Z"));
    c.close(at("2019-05-13T09:00:00Z"));
    save(changes, c);
    // Emergency in June: approved after 15 min, failed and backed out.
    c = change(ChangeType.EMERGENCY, ApprovalRoute.EMERGENCY, "2019-06-03T09:00:00Z");
    c.approve(at("2019-06-03T09:15:00Z"));
    c.recordImplementation(ChangeDecisions.FAILED, at("2019-06-03T12:00:00Z"));
    c.backedOut(at("2019-06-03T13:00:00Z"));
    save(changes, c);
  }

  private static ChangeRequest change(ChangeType type, ApprovalRoute route, String submitted) {
    Instant now = at(submitted);
    return new ChangeRequest("Known change for the SLA report", "SLA report figures", type, route, null,
        RiskLevel.LOW, List.of("sla-report"), "plan", "backout", "tests", true, true, now.plus(Duration.ofDays(10)),
        now.plus(Duration.ofDays(10)).plus(Duration.ofHours(1)), "requester", "l2", now);
  }

  private static void save(ChangeRequestRepository changes, ChangeRequest c) {
    ChangeRequest saved = changes.saveAndFlush(c);
    saved.assignNumber();
    changes.saveAndFlush(saved);
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
