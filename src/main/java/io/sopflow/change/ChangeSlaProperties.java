package io.sopflow.change;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.stream.Stream;
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
 * sopflow.sla.change.manager-approval-reminder=PT8H
 * sopflow.sla.change.manager-approval-escalation=P1D
 * sopflow.sla.change.freeze-exception-reminder=PT4H
 * sopflow.sla.change.freeze-exception-escalation=P1D
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
    @NotNull @DefaultValue("PT8H") Duration managerApprovalReminder,
    @NotNull @DefaultValue("P1D") Duration managerApprovalEscalation,
    @NotNull @DefaultValue("PT4H") Duration freezeExceptionReminder,
    @NotNull @DefaultValue("P1D") Duration freezeExceptionEscalation,
    @NotNull @DefaultValue("PT1H") Duration emergencyApproval) {

  public static ChangeSlaProperties defaults() {
    return new ChangeSlaProperties(Duration.ofHours(4), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(2),
        Duration.ofHours(8), Duration.ofDays(1), Duration.ofHours(4), Duration.ofDays(1), Duration.ofHours(1));
  }

  @AssertTrue(message = "every SLA must be positive and each reminder must come before its escalation")
  public boolean isConsistent() {
    if (Stream.of(reviewReminder, reviewEscalation, cabReminder, cabEscalation, managerApprovalReminder,
        managerApprovalEscalation, freezeExceptionReminder, freezeExceptionEscalation, emergencyApproval)
        .anyMatch(sla -> sla == null)) {
      return true;
    }
    return positiveAndBefore(reviewReminder, reviewEscalation) && positiveAndBefore(cabReminder, cabEscalation)
        && positiveAndBefore(managerApprovalReminder, managerApprovalEscalation)
        && positiveAndBefore(freezeExceptionReminder, freezeExceptionEscalation)
        && !emergencyApproval.isNegative() && !emergencyApproval.isZero();
  }

  private static boolean positiveAndBefore(Duration reminder, Duration escalation) {
    return !reminder.isNegative() && !reminder.isZero() && reminder.compareTo(escalation) < 0;
  }
}
