package io.sopflow.closure;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Project closure settings.
 *
 * <pre>
 * sopflow.closure.review-after=P30D                 # post-implementation review this long after the closure report
 * sopflow.closure.variance-threshold-percent=5      # |cost variance| above this needs an explanation from finance
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.closure")
public record ClosureProperties(
    @NotNull @DefaultValue("P30D") Duration reviewAfter,
    @NotNull @DecimalMin("0") @DefaultValue("5") BigDecimal varianceThresholdPercent) {

  public ClosureProperties {
    if (reviewAfter != null && (reviewAfter.isNegative() || reviewAfter.isZero())) {
      throw new IllegalArgumentException("sopflow.closure.review-after must be positive");
    }
  }
}
