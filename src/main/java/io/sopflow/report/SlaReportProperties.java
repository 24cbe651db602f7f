package io.sopflow.report;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.support.CronExpression;

/**
 * The monthly SLA report's schedule: {@code sopflow.reports.sla.cron} (Spring cron, default the 1st of each month at
 * 06:00) in {@code zone} (default UTC), checked every {@code scheduler-tick} (default 30 s) on every node; an empty
 * cron switches the schedule off. The zone is the schedule's only: a report's month is the UTC month its figures
 * count (docs/sla.md), and a run due before that month has ended in UTC starts at the first tick after its end.
 * {@code at-risk-within} (default 1 h): how close a due date is "at risk" in Cockpit.
 */
@ConfigurationProperties("sopflow.reports.sla")
public record SlaReportProperties(String cron, ZoneId zone, Duration schedulerTick, Duration atRiskWithin) {

  public SlaReportProperties {
    cron = cron == null ? "0 0 6 1 * *" : cron.strip();
    if (!cron.isEmpty() && !CronExpression.isValidExpression(cron)) {
      throw new IllegalArgumentException("sopflow.reports.sla.cron is not a valid cron expression: " + cron);
    }
    zone = zone == null ? ZoneId.of("UTC") : zone;
    schedulerTick = schedulerTick == null ? Duration.ofSeconds(30) : schedulerTick;
    atRiskWithin = atRiskWithin == null ? Duration.ofHours(1) : atRiskWithin;
  }

  CronExpression cronExpression() {
    return cron.isEmpty() ? null : CronExpression.parse(cron);
  }
}
