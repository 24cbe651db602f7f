package io.sopflow.release;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SLAs of the release SOP's user tasks, as the model reads them
 * ({@code camunda:dueDate="${slaDates.escalation('release.production-verification')}"}). Each step may be configured
 * in part; what is left out keeps its default:
 *
 * <pre>
 * sopflow.sla.release.go-decision.reminder=PT4H
 * sopflow.sla.release.go-decision.escalation=P1D
 * sopflow.sla.release.go-decision.calendar=business-hours
 * </pre>
 *
 * The go/no-go decision is never due after the release's window opens: the model's due date and escalation timer take
 * the earlier of this SLA and the window start ({@code ReleaseProcessStarter}). The verifications and the recovery of
 * a failed rollback happen inside or right after a deployment window, which may be at night: they count around the
 * clock. Approvals and rescheduling count in business hours.
 */
@ConfigurationProperties("sopflow.sla.release")
public record ReleaseSlaProperties(StepSla goDecision, StepSla manualVerification, StepSla productionVerification,
    StepSla rollbackRecovery, StepSla reschedule) implements StepSlaSource {

  public static final String GO_DECISION = "release.go-decision";
  public static final String MANUAL_VERIFICATION = "release.manual-verification";
  public static final String PRODUCTION_VERIFICATION = "release.production-verification";
  public static final String ROLLBACK_RECOVERY = "release.rollback-recovery";
  public static final String RESCHEDULE = "release.reschedule";

  static final StepSla DEFAULT_GO_DECISION = StepSla.of("PT4H", "P1D", "business-hours");
  static final StepSla DEFAULT_MANUAL_VERIFICATION = StepSla.of(null, "PT1H", "24x7");
  static final StepSla DEFAULT_PRODUCTION_VERIFICATION = StepSla.of(null, "PT2H", "24x7");
  static final StepSla DEFAULT_ROLLBACK_RECOVERY = StepSla.of(null, "PT1H", "24x7");
  static final StepSla DEFAULT_RESCHEDULE = StepSla.of(null, "P2D", "business-hours");

  public ReleaseSlaProperties {
    goDecision = merge(goDecision, DEFAULT_GO_DECISION);
    manualVerification = merge(manualVerification, DEFAULT_MANUAL_VERIFICATION);
    productionVerification = merge(productionVerification, DEFAULT_PRODUCTION_VERIFICATION);
    rollbackRecovery = merge(rollbackRecovery, DEFAULT_ROLLBACK_RECOVERY);
    reschedule = merge(reschedule, DEFAULT_RESCHEDULE);
  }

  /** The defaults alone (tests, and a configuration that sets nothing). */
  public static ReleaseSlaProperties defaults() {
    return new ReleaseSlaProperties(null, null, null, null, null);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(GO_DECISION, goDecision, MANUAL_VERIFICATION, manualVerification,
        PRODUCTION_VERIFICATION, productionVerification, ROLLBACK_RECOVERY, rollbackRecovery, RESCHEDULE, reschedule);
  }

  private static StepSla merge(StepSla configured, StepSla defaults) {
    return configured == null ? defaults : configured.orElse(defaults);
  }
}
