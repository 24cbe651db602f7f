package io.sopflow.report;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLA of the one step where the SLA report waits for people: the incident managers review it. A reminder, then
 * (the due date) the report is overdue; business hours by default.
 *
 * <pre>
 * sopflow.sla.report.review.reminder=P1D
 * sopflow.sla.report.review.escalation=P2D
 * sopflow.sla.report.review.calendar=business-hours
 * </pre>
 */
@ConfigurationProperties("sopflow.sla.report")
public record ReportSlaProperties(StepSla review) implements StepSlaSource {

  public static final String REVIEW = "report.review";

  static final StepSla REVIEW_DEFAULT = StepSla.of("P1D", "P2D", "business-hours");

  public ReportSlaProperties {
    review = review == null ? REVIEW_DEFAULT : review.orElse(REVIEW_DEFAULT);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(REVIEW, review);
  }
}
