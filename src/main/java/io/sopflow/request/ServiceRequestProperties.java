package io.sopflow.request;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Service request settings beside the step SLAs: a fulfilled request that the requester neither confirms nor rates
 * closes by itself after {@code autoCloseAfter}, counted in {@code autoCloseCalendar}.
 *
 * <pre>
 * sopflow.service-request.auto-close-after=P3D
 * sopflow.service-request.auto-close-calendar=business-hours
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.service-request")
public record ServiceRequestProperties(
    @DefaultValue("P3D") Duration autoCloseAfter,
    @DefaultValue("business-hours") @NotBlank String autoCloseCalendar) {

  public ServiceRequestProperties {
    if (autoCloseAfter == null || autoCloseAfter.isNegative() || autoCloseAfter.isZero()) {
      throw new IllegalArgumentException("sopflow.service-request.auto-close-after must be positive");
    }
  }
}
