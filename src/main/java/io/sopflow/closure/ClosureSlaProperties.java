package io.sopflow.closure;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLAs of project closure, counted in business hours by default. The sponsor's sign-off has a reminder and an
 * escalation to the managers; every other task has a due date (its escalation), so that Tasklist sorts and flags it.
 *
 * <pre>
 * sopflow.sla.closure.sign-off.reminder=P2D
 * sopflow.sla.closure.sign-off.escalation=P5D
 * sopflow.sla.closure.sign-off.calendar=business-hours
 * sopflow.sla.closure.verify-deliverable.escalation=P5D
 * sopflow.sla.closure.resolve-open-deliverables.escalation=P5D
 * sopflow.sla.closure.address-sign-off-refusal.escalation=P3D
 * sopflow.sla.closure.lessons-learned.escalation=P5D
 * sopflow.sla.closure.close-finances.escalation=P5D
 * sopflow.sla.closure.release-resources.escalation=P5D
 * sopflow.sla.closure.review.escalation=P10D           # the post-implementation review, once it is due
 * </pre>
 *
 * The model reads them by step name: {@code ${slaDates.escalation('closure.sign-off')}}.
 */
@ConfigurationProperties("sopflow.sla.closure")
public record ClosureSlaProperties(StepSla signOff, StepSla verifyDeliverable, StepSla resolveOpenDeliverables,
    StepSla addressSignOffRefusal, StepSla lessonsLearned, StepSla closeFinances, StepSla releaseResources,
    StepSla review) implements StepSlaSource {

  public static final String SIGN_OFF = "closure.sign-off";
  public static final String VERIFY_DELIVERABLE = "closure.verify-deliverable";
  public static final String RESOLVE_OPEN_DELIVERABLES = "closure.resolve-open-deliverables";
  public static final String ADDRESS_SIGN_OFF_REFUSAL = "closure.address-sign-off-refusal";
  public static final String LESSONS_LEARNED = "closure.lessons-learned";
  public static final String CLOSE_FINANCES = "closure.close-finances";
  public static final String RELEASE_RESOURCES = "closure.release-resources";
  public static final String REVIEW = "closure.review";

  static final String CALENDAR = "business-hours";
  static final StepSla SIGN_OFF_DEFAULT = StepSla.of("P2D", "P5D", CALENDAR);
  static final StepSla WORK_DEFAULT = StepSla.of(null, "P5D", CALENDAR);
  static final StepSla REFUSAL_DEFAULT = StepSla.of(null, "P3D", CALENDAR);
  static final StepSla REVIEW_DEFAULT = StepSla.of(null, "P10D", CALENDAR);

  public ClosureSlaProperties {
    signOff = merged(signOff, SIGN_OFF_DEFAULT);
    verifyDeliverable = merged(verifyDeliverable, WORK_DEFAULT);
    resolveOpenDeliverables = merged(resolveOpenDeliverables, WORK_DEFAULT);
    addressSignOffRefusal = merged(addressSignOffRefusal, REFUSAL_DEFAULT);
    lessonsLearned = merged(lessonsLearned, WORK_DEFAULT);
    closeFinances = merged(closeFinances, WORK_DEFAULT);
    releaseResources = merged(releaseResources, WORK_DEFAULT);
    review = merged(review, REVIEW_DEFAULT);
  }

  /** Every step at its default. */
  public static ClosureSlaProperties defaults() {
    return new ClosureSlaProperties(null, null, null, null, null, null, null, null);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(SIGN_OFF, signOff, VERIFY_DELIVERABLE, verifyDeliverable,
        RESOLVE_OPEN_DELIVERABLES, resolveOpenDeliverables, ADDRESS_SIGN_OFF_REFUSAL, addressSignOffRefusal,
        LESSONS_LEARNED, lessonsLearned, CLOSE_FINANCES, closeFinances, RELEASE_RESOURCES, releaseResources,
        REVIEW, review);
  }

  private static StepSla merged(StepSla configured, StepSla defaults) {
    return configured == null ? defaults : configured.orElse(defaults);
  }
}
