package io.sopflow.securityincident;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLAs of the steps where the security incident SOP waits for people. Containment has one per severity (critical
 * within an hour, around the clock); a warning at the reminder (default: the warning share of the target), then the
 * escalation to managers.
 *
 * <pre>
 * sopflow.sla.security.containment-critical.escalation=PT1H
 * sopflow.sla.security.containment-critical.calendar=24x7
 * sopflow.sla.security.triage.reminder=PT30M
 * </pre>
 *
 * The model reads them by step name: {@code ${slaDates.escalation('security.triage')}}; containment through the
 * instance's {@code containmentSlaStep} variable ({@code security.containment-high} ...).
 */
@ConfigurationProperties("sopflow.sla.security")
public record SecuritySlaProperties(StepSla triage, StepSla containmentCritical, StepSla containmentHigh,
    StepSla containmentMedium, StepSla containmentLow, StepSla eradication, StepSla recovery, StepSla review)
    implements StepSlaSource {

  public static final String TRIAGE = "security.triage";
  public static final String CONTAINMENT_PREFIX = "security.containment-";
  public static final String ERADICATION = "security.eradication";
  public static final String RECOVERY = "security.recovery";
  public static final String REVIEW = "security.review";

  static final StepSla TRIAGE_DEFAULT = StepSla.of("PT30M", "PT2H", "24x7");
  static final StepSla CRITICAL_DEFAULT = StepSla.of(null, "PT1H", "24x7");
  static final StepSla HIGH_DEFAULT = StepSla.of(null, "PT4H", "24x7");
  static final StepSla MEDIUM_DEFAULT = StepSla.of(null, "P1D", "business-hours");
  static final StepSla LOW_DEFAULT = StepSla.of(null, "P3D", "business-hours");
  static final StepSla ERADICATION_DEFAULT = StepSla.of(null, "P2D", "business-hours");
  static final StepSla RECOVERY_DEFAULT = StepSla.of(null, "P2D", "business-hours");
  static final StepSla REVIEW_DEFAULT = StepSla.of(null, "P10D", "business-hours");

  public SecuritySlaProperties {
    triage = triage == null ? TRIAGE_DEFAULT : triage.orElse(TRIAGE_DEFAULT);
    containmentCritical = containmentCritical == null ? CRITICAL_DEFAULT : containmentCritical.orElse(CRITICAL_DEFAULT);
    containmentHigh = containmentHigh == null ? HIGH_DEFAULT : containmentHigh.orElse(HIGH_DEFAULT);
    containmentMedium = containmentMedium == null ? MEDIUM_DEFAULT : containmentMedium.orElse(MEDIUM_DEFAULT);
    containmentLow = containmentLow == null ? LOW_DEFAULT : containmentLow.orElse(LOW_DEFAULT);
    eradication = eradication == null ? ERADICATION_DEFAULT : eradication.orElse(ERADICATION_DEFAULT);
    recovery = recovery == null ? RECOVERY_DEFAULT : recovery.orElse(RECOVERY_DEFAULT);
    review = review == null ? REVIEW_DEFAULT : review.orElse(REVIEW_DEFAULT);
  }

  public static SecuritySlaProperties defaults() {
    return new SecuritySlaProperties(null, null, null, null, null, null, null, null);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    Map<String, StepSla> steps = new LinkedHashMap<>();
    steps.put(TRIAGE, triage);
    steps.put(Severity.CRITICAL.containmentStep(), containmentCritical);
    steps.put(Severity.HIGH.containmentStep(), containmentHigh);
    steps.put(Severity.MEDIUM.containmentStep(), containmentMedium);
    steps.put(Severity.LOW.containmentStep(), containmentLow);
    steps.put(ERADICATION, eradication);
    steps.put(RECOVERY, recovery);
    steps.put(REVIEW, review);
    return steps;
  }
}
