package io.sopflow.sop;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLA of the review of an SOP revision: a reminder to the SOP's owner group, then (the due date) an escalation to
 * managers; business hours by default.
 *
 * <pre>
 * sopflow.sla.sop.revision-review.reminder=P2D
 * sopflow.sla.sop.revision-review.escalation=P5D
 * sopflow.sla.sop.revision-review.calendar=business-hours
 * </pre>
 */
@ConfigurationProperties("sopflow.sla.sop")
public record SopSlaProperties(StepSla revisionReview) implements StepSlaSource {

  public static final String REVISION_REVIEW = "sop.revision-review";

  static final StepSla REVISION_REVIEW_DEFAULT = StepSla.of("P2D", "P5D", "business-hours");

  public SopSlaProperties {
    revisionReview = revisionReview == null ? REVISION_REVIEW_DEFAULT : revisionReview.orElse(REVISION_REVIEW_DEFAULT);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(REVISION_REVIEW, revisionReview);
  }
}
