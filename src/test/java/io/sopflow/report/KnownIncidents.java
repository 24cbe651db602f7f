package io.sopflow.report;

import io.sopflow.incident.IncidentApi.ReportIncident;
import io.sopflow.incident.IncidentService;
import io.sopflow.incident.Level;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * A known set of incidents in October 2026, driven through the incident service on the engine's clock, with pauses,
 * a reopening, breaches, 24x7 (P1) and business hours (P3, P4: Europe/Berlin, Mon-Fri 08:00-17:00, CEST = UTC+2).
 * The figures each should give are worked out by hand next to each step (docs/sla.md defines them).
 */
public final class KnownIncidents {

  public static final String MONTH = "2026-10";
  /** The CSV lines the report of October 2026 must give (header, P1, P3, P4). */
  public static final String CSV = """
      key,count,responded,resolved,mttaMinutes,mttrMinutes,responseBreaches,resolutionBreaches,\
      responseCompliancePercent,resolutionCompliancePercent,reopened,reopenRatePercent,escalatedToManagers\r
      P1,2,2,2,25.0,135.0,1,0,50.0,100.0,1,50.0,0\r
      P3,2,1,1,120.0,300.0,1,0,50.0,100.0,0,0.0,0\r
      P4,1,1,1,30.0,180.0,0,1,100.0,0.0,0,0.0,1\r
      """;

  private KnownIncidents() {}

  /** Creates the incidents; returns their numbers by the letter used in the comments. The clock is left reset. */
  public static Map<String, String> create(IncidentService incidents) {
    Map<String, String> n = new LinkedHashMap<>();
    try {
      // A, P1 24x7: acknowledged after 10 min; waits 60 min for the reporter; resolved 180 min after reporting:
      // MTTA 10, MTTR 180 - 60 = 120.
      at("2026-10-01T10:00:00Z");
      n.put("A", report(incidents, Level.HIGH, Level.HIGH, "A"));
      at("2026-10-01T10:10:00Z");
      incidents.acknowledge(n.get("A"), "desk", "support-l2", null, null, null);
      at("2026-10-01T11:00:00Z");
      incidents.awaitRequester(n.get("A"), "l2", "Which client?");
      at("2026-10-01T12:00:00Z");
      incidents.answer(n.get("A"), "desk", "The VPN client");
      at("2026-10-01T13:00:00Z");
      incidents.resolve(n.get("A"), "l2", "Restarted");

      // B, P1 24x7: the response target (15 min) is breached and escalated to L2, acknowledged after 40 min;
      // resolved after 120 min, reopened an hour later (that hour does not count), resolved again after 210 min:
      // MTTA 40, MTTR 210 - 60 = 150, reopened.
      at("2026-10-01T20:00:00Z");
      n.put("B", report(incidents, Level.HIGH, Level.HIGH, "B"));
      at("2026-10-01T20:15:00Z");
      incidents.escalateResponse(n.get("B"));
      at("2026-10-01T20:40:00Z");
      incidents.acknowledge(n.get("B"), "l2", "support-l2", null, null, null);
      at("2026-10-01T22:00:00Z");
      incidents.resolve(n.get("B"), "l2", "Restarted");
      at("2026-10-01T23:00:00Z");
      incidents.reopen(n.get("B"), "desk", "Still broken");
      at("2026-10-01T23:30:00Z");
      incidents.resolve(n.get("B"), "l2", "Replaced");

      // C, P3 business hours: reported Friday 16:00 CEST, acknowledged Monday 09:00 (60 + 60 working minutes);
      // waits for the reporter from Monday 10:00 to Tuesday 09:00 (420 + 60 = 480 working minutes); resolved Tuesday
      // 11:00: 60 (Fri) + 540 (Mon) + 180 (Tue) = 780 working minutes, less 480 paused: MTTA 120, MTTR 300.
      at("2026-10-02T14:00:00Z");
      n.put("C", report(incidents, Level.MEDIUM, Level.MEDIUM, "C"));
      at("2026-10-05T07:00:00Z");
      incidents.acknowledge(n.get("C"), "desk", "support-l2", null, null, null);
      at("2026-10-05T08:00:00Z");
      incidents.awaitRequester(n.get("C"), "l2", "Since when?");
      at("2026-10-06T07:00:00Z");
      incidents.answer(n.get("C"), "desk", "Since Friday");
      at("2026-10-06T09:00:00Z");
      incidents.resolve(n.get("C"), "l2", "Fixed");

      // D, P3: never acknowledged; its response target was breached: a response verdict (breached), no resolution.
      at("2026-10-05T08:00:00Z");
      n.put("D", report(incidents, Level.MEDIUM, Level.MEDIUM, "D"));
      at("2026-10-05T13:00:00Z");
      incidents.escalateResponse(n.get("D"));

      // E, P4 business hours: reported Monday 11:00 CEST, acknowledged 11:30 (30), resolution breached (the
      // incident managers told), resolved 14:00 (180): MTTA 30, MTTR 180, one resolution breach.
      at("2026-10-05T09:00:00Z");
      n.put("E", report(incidents, Level.LOW, Level.LOW, "E"));
      at("2026-10-05T09:30:00Z");
      incidents.acknowledge(n.get("E"), "desk", "service-desk", null, null, null);
      at("2026-10-05T11:00:00Z");
      incidents.escalateResolution(n.get("E"));
      at("2026-10-05T12:00:00Z");
      incidents.resolve(n.get("E"), "desk", "Fixed");
      return n;
    } finally {
      ClockUtil.reset();
    }
  }

  /** Reports an incident of this impact and urgency now (the engine clock); its number. */
  static String report(IncidentService incidents, Level impact, Level urgency, String letter) {
    return incidents.reportBySystem("desk", new ReportIncident("SLA report fixture " + letter,
        "Known incident " + letter, impact, urgency, "network", null)).number();
  }

  public static void at(String instant) {
    ClockUtil.setCurrentTime(Date.from(Instant.parse(instant)));
  }
}
