package io.sopflow.closure;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SLA of the sponsor's sign-off: a reminder to the sponsor, then an escalation to the managers.
 *
 * <pre>
 * sopflow.sla.closure.sign-off-reminder=P2D
 * sopflow.sla.closure.sign-off-escalation=P5D
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.sla.closure")
public record ClosureSlaProperties(
    @NotNull @DefaultValue("P2D") Duration signOffReminder,
    @NotNull @DefaultValue("P5D") Duration signOffEscalation) {

  public ClosureSlaProperties {
    if (signOffReminder != null && signOffEscalation != null) {
      if (signOffReminder.isNegative() || signOffReminder.isZero()) {
        throw new IllegalArgumentException("sopflow.sla.closure.sign-off-reminder must be positive");
      }
      if (signOffEscalation.compareTo(signOffReminder) <= 0) {
        throw new IllegalArgumentException(
            "sopflow.sla.closure.sign-off-escalation must come after sopflow.sla.closure.sign-off-reminder");
      }
    }
  }
}
