package io.sopflow.change;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Approval SLAs of the change process: a reminder to the approvers, then an escalation to managers.
 *
 * <pre>
 * sopflow.sla.change.review-reminder=PT4H
 * sopflow.sla.change.review-escalation=P1D
 * sopflow.sla.change.cab-reminder=P1D
 * sopflow.sla.change.cab-escalation=P2D
 * sopflow.sla.change.emergency-approval=PT1H
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.sla.change")
public record ChangeSlaProperties(
    @NotNull @DefaultValue("PT4H") Duration reviewReminder,
    @NotNull @DefaultValue("P1D") Duration reviewEscalation,
    @NotNull @DefaultValue("P1D") Duration cabReminder,
    @NotNull @DefaultValue("P2D") Duration cabEscalation,
    @NotNull @DefaultValue("PT1H") Duration emergencyApproval) {

  public static ChangeSlaProperties defaults() {
    return new ChangeSlaProperties(Duration.ofHours(4), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(2),
        Duration.ofHours(1));
  }

  @AssertTrue(message = "every SLA must be positive and each reminder must come before its escalation")
  public boolean isConsistent() {
    if (reviewReminder == null || reviewEscalation == null || cabReminder == null || cabEscalation == null
        || emergencyApproval == null) {
      return true;
    }
    return !reviewReminder.isNegative() && !reviewReminder.isZero() && !cabReminder.isNegative()
        && !cabReminder.isZero() && !emergencyApproval.isNegative() && !emergencyApproval.isZero()
        && reviewReminder.compareTo(reviewEscalation) < 0 && cabReminder.compareTo(cabEscalation) < 0;
  }
}
