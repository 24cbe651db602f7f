package io.sopflow.change;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The step SLAs of the change process: every task where a change waits for people has a due date (its escalation),
 * and the approvals also a reminder timer before it. Each step counts in a calendar; approvals default to
 * {@code business-hours} (a day of a target is a working day: P1D = 9 working hours), the emergency approval and
 * backing out a failed change run around the clock ({@code 24x7}). The implementation itself is due at the change's
 * planned end, not at an SLA. A step may be configured in part; the rest comes from its default.
 *
 * <pre>
 * sopflow.sla.change.review.reminder=PT4H                 # change managers review the request
 * sopflow.sla.change.review.escalation=P1D                #   then it is offered to managers as well
 * sopflow.sla.change.review.calendar=business-hours
 * sopflow.sla.change.cab-vote.reminder=P1D                # each CAB member votes
 * sopflow.sla.change.cab-vote.escalation=P2D
 * sopflow.sla.change.manager-approval.reminder=PT8H       # a manager approves a high-risk change
 * sopflow.sla.change.manager-approval.escalation=P1D
 * sopflow.sla.change.freeze-exception.reminder=PT4H       # a manager decides on a start in a freeze window
 * sopflow.sla.change.freeze-exception.escalation=P1D
 * sopflow.sla.change.emergency-approval.reminder=PT30M    # a change manager approves an emergency change
 * sopflow.sla.change.emergency-approval.escalation=PT1H
 * sopflow.sla.change.emergency-approval.calendar=24x7
 * sopflow.sla.change.provide-details.escalation=P3D       # the requester answers the reviewer (due date only)
 * sopflow.sla.change.back-out.escalation=PT4H             # the implementer backs a failed change out (24x7)
 * sopflow.sla.change.reschedule.escalation=P2D            # a change manager sets a new window
 * sopflow.sla.change.retrospective-review.escalation=P5D  # review of an emergency change after the fact
 * sopflow.sla.change.implementation-review.escalation=P5D # post-implementation review
 * sopflow.sla.change.overlap-acknowledgement.escalation=P1D # a change manager acknowledges overlapping changes
 * </pre>
 */
@ConfigurationProperties("sopflow.sla.change")
public record ChangeSlaProperties(StepSla review, StepSla cabVote, StepSla managerApproval, StepSla freezeException,
    StepSla emergencyApproval, StepSla provideDetails, StepSla backOut, StepSla reschedule,
    StepSla retrospectiveReview, StepSla implementationReview, StepSla overlapAcknowledgement) implements StepSlaSource {

  public static final String REVIEW = "change.review";
  public static final String CAB_VOTE = "change.cab-vote";
  public static final String MANAGER_APPROVAL = "change.manager-approval";
  public static final String FREEZE_EXCEPTION = "change.freeze-exception";
  public static final String EMERGENCY_APPROVAL = "change.emergency-approval";
  public static final String PROVIDE_DETAILS = "change.provide-details";
  public static final String BACK_OUT = "change.back-out";
  public static final String RESCHEDULE = "change.reschedule";
  public static final String RETROSPECTIVE_REVIEW = "change.retrospective-review";
  public static final String IMPLEMENTATION_REVIEW = "change.implementation-review";
  public static final String OVERLAP_ACKNOWLEDGEMENT = "change.overlap-acknowledgement";

  private static final String BUSINESS_HOURS = "business-hours";
  private static final String AROUND_THE_CLOCK = "24x7";

  static final StepSla DEFAULT_REVIEW = StepSla.of("PT4H", "P1D", BUSINESS_HOURS);
  static final StepSla DEFAULT_CAB_VOTE = StepSla.of("P1D", "P2D", BUSINESS_HOURS);
  static final StepSla DEFAULT_MANAGER_APPROVAL = StepSla.of("PT8H", "P1D", BUSINESS_HOURS);
  static final StepSla DEFAULT_FREEZE_EXCEPTION = StepSla.of("PT4H", "P1D", BUSINESS_HOURS);
  static final StepSla DEFAULT_EMERGENCY_APPROVAL = StepSla.of("PT30M", "PT1H", AROUND_THE_CLOCK);
  static final StepSla DEFAULT_PROVIDE_DETAILS = StepSla.of("P1D", "P3D", BUSINESS_HOURS);
  static final StepSla DEFAULT_BACK_OUT = StepSla.of("PT1H", "PT4H", AROUND_THE_CLOCK);
  static final StepSla DEFAULT_RESCHEDULE = StepSla.of("P1D", "P2D", BUSINESS_HOURS);
  static final StepSla DEFAULT_RETROSPECTIVE_REVIEW = StepSla.of("P2D", "P5D", BUSINESS_HOURS);
  static final StepSla DEFAULT_IMPLEMENTATION_REVIEW = StepSla.of("P2D", "P5D", BUSINESS_HOURS);
  static final StepSla DEFAULT_OVERLAP_ACKNOWLEDGEMENT = StepSla.of("PT4H", "P1D", BUSINESS_HOURS);

  public ChangeSlaProperties {
    review = merge(review, DEFAULT_REVIEW);
    cabVote = merge(cabVote, DEFAULT_CAB_VOTE);
    managerApproval = merge(managerApproval, DEFAULT_MANAGER_APPROVAL);
    freezeException = merge(freezeException, DEFAULT_FREEZE_EXCEPTION);
    emergencyApproval = merge(emergencyApproval, DEFAULT_EMERGENCY_APPROVAL);
    provideDetails = merge(provideDetails, DEFAULT_PROVIDE_DETAILS);
    backOut = merge(backOut, DEFAULT_BACK_OUT);
    reschedule = merge(reschedule, DEFAULT_RESCHEDULE);
    retrospectiveReview = merge(retrospectiveReview, DEFAULT_RETROSPECTIVE_REVIEW);
    implementationReview = merge(implementationReview, DEFAULT_IMPLEMENTATION_REVIEW);
    overlapAcknowledgement = merge(overlapAcknowledgement, DEFAULT_OVERLAP_ACKNOWLEDGEMENT);
  }

  /** Every step with its default SLA. */
  public static ChangeSlaProperties defaults() {
    return new ChangeSlaProperties(null, null, null, null, null, null, null, null, null, null, null);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.ofEntries(Map.entry(REVIEW, review), Map.entry(CAB_VOTE, cabVote),
        Map.entry(MANAGER_APPROVAL, managerApproval), Map.entry(FREEZE_EXCEPTION, freezeException),
        Map.entry(EMERGENCY_APPROVAL, emergencyApproval), Map.entry(PROVIDE_DETAILS, provideDetails),
        Map.entry(BACK_OUT, backOut), Map.entry(RESCHEDULE, reschedule),
        Map.entry(RETROSPECTIVE_REVIEW, retrospectiveReview), Map.entry(IMPLEMENTATION_REVIEW, implementationReview),
        Map.entry(OVERLAP_ACKNOWLEDGEMENT, overlapAcknowledgement));
  }

  private static StepSla merge(StepSla configured, StepSla defaults) {
    return configured == null ? defaults : configured.orElse(defaults);
  }
}
