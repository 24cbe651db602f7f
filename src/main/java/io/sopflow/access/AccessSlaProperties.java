package io.sopflow.access;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Approval SLAs of access requests: a reminder to the approver, then automatic rejection.
 *
 * <pre>
 * sopflow.sla.access.approval-reminder=P1D
 * sopflow.sla.access.approval-timeout=P3D
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.sla.access")
public record AccessSlaProperties(
    @DefaultValue("P1D") @NotNull Duration approvalReminder,
    @DefaultValue("P3D") @NotNull Duration approvalTimeout) {

  public AccessSlaProperties {
    if (approvalReminder == null || approvalTimeout == null || approvalReminder.isNegative()
        || approvalReminder.isZero() || approvalTimeout.compareTo(approvalReminder) <= 0) {
      throw new IllegalArgumentException("sopflow.sla.access: approval-reminder must be positive and shorter than "
          + "approval-timeout (got " + approvalReminder + " / " + approvalTimeout + ")");
    }
  }
}
