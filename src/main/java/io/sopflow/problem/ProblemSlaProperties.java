package io.sopflow.problem;

import io.sopflow.incident.Priority;
import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLAs of the steps where the problem SOP waits for people. The investigation has one per priority (the highest
 * priority of the problem's incidents, raised when a higher one joins; P3 without any): a reminder to problem
 * managers, then the escalation to managers. The proposal review, an approval, has its own timers in the same shape.
 * Raise change and verify fix are work steps: their reminder and escalation are the task's follow-up and due dates
 * in Tasklist (DESIGN.md gives timers to approvals; the release SOP's verification is modelled alike).
 *
 * <pre>
 * sopflow.sla.problem.proposal-review.reminder=P1D / .escalation=P2D / .calendar=business-hours
 * sopflow.sla.problem.investigation-p1.reminder=PT8H / .escalation=P1D / .calendar=24x7
 * sopflow.sla.problem.investigation-p2|-p3|-p4.* ...
 * sopflow.sla.problem.raise-change.*, sopflow.sla.problem.verify-fix.*
 * </pre>
 *
 * The model reads them by step name: {@code ${slaDates.escalation(investigationSla)}} with the variable set to
 * {@code problem.investigation-p2}, say.
 */
@ConfigurationProperties("sopflow.sla.problem")
public record ProblemSlaProperties(StepSla proposalReview, StepSla investigationP1, StepSla investigationP2,
    StepSla investigationP3, StepSla investigationP4, StepSla raiseChange, StepSla verifyFix)
    implements StepSlaSource {

  public static final String PROPOSAL_REVIEW = "problem.proposal-review";
  public static final String RAISE_CHANGE = "problem.raise-change";
  public static final String VERIFY_FIX = "problem.verify-fix";

  static final StepSla PROPOSAL_REVIEW_DEFAULT = StepSla.of("P1D", "P2D", "business-hours");
  static final StepSla INVESTIGATION_P1_DEFAULT = StepSla.of("PT8H", "P1D", "24x7");
  static final StepSla INVESTIGATION_P2_DEFAULT = StepSla.of("P1D", "P3D", "24x7");
  static final StepSla INVESTIGATION_P3_DEFAULT = StepSla.of("P3D", "P10D", "business-hours");
  static final StepSla INVESTIGATION_P4_DEFAULT = StepSla.of("P5D", "P20D", "business-hours");
  static final StepSla RAISE_CHANGE_DEFAULT = StepSla.of("P2D", "P5D", "business-hours");
  static final StepSla VERIFY_FIX_DEFAULT = StepSla.of("P2D", "P5D", "business-hours");

  public ProblemSlaProperties {
    proposalReview = or(proposalReview, PROPOSAL_REVIEW_DEFAULT);
    investigationP1 = or(investigationP1, INVESTIGATION_P1_DEFAULT);
    investigationP2 = or(investigationP2, INVESTIGATION_P2_DEFAULT);
    investigationP3 = or(investigationP3, INVESTIGATION_P3_DEFAULT);
    investigationP4 = or(investigationP4, INVESTIGATION_P4_DEFAULT);
    raiseChange = or(raiseChange, RAISE_CHANGE_DEFAULT);
    verifyFix = or(verifyFix, VERIFY_FIX_DEFAULT);
  }

  public static ProblemSlaProperties defaults() {
    return new ProblemSlaProperties(null, null, null, null, null, null, null);
  }

  /** The step name of the investigation of a problem of this priority. */
  public static String investigation(Priority priority) {
    return "problem.investigation-" + priority.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(PROPOSAL_REVIEW, proposalReview, investigation(Priority.P1), investigationP1,
        investigation(Priority.P2), investigationP2, investigation(Priority.P3), investigationP3,
        investigation(Priority.P4), investigationP4, RAISE_CHANGE, raiseChange, VERIFY_FIX, verifyFix);
  }

  private static StepSla or(StepSla configured, StepSla fallback) {
    return configured == null ? fallback : configured.orElse(fallback);
  }
}
