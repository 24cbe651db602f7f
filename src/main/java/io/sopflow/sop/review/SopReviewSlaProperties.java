package io.sopflow.sop.review;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLA of the "Review SOP" task: a reminder to the owner group, then (the due date) an escalation to the managers;
 * business hours by default.
 *
 * <pre>
 * sopflow.sla.sop.review.reminder=P5D
 * sopflow.sla.sop.review.escalation=P10D
 * sopflow.sla.sop.review.calendar=business-hours
 * </pre>
 */
@ConfigurationProperties("sopflow.sla.sop")
public record SopReviewSlaProperties(StepSla review) implements StepSlaSource {

  public static final String REVIEW = "sop.review";

  static final StepSla REVIEW_DEFAULT = StepSla.of("P5D", "P10D", "business-hours");

  public SopReviewSlaProperties {
    review = review == null ? REVIEW_DEFAULT : review.orElse(REVIEW_DEFAULT);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(REVIEW, review);
  }
}
