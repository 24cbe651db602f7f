package io.sopflow.incident;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Incident settings beside the SLA targets. {@code autoCloseAfter} is working time in {@code autoCloseCalendar}: a
 * resolved incident the reporter neither confirms nor reopens closes by itself after it. The default {@code P3D} in
 * {@code business-hours} is three business days (a day of a target is a working day).
 *
 * <pre>
 * sopflow.incident.auto-close-after=P3D
 * sopflow.incident.auto-close-calendar=business-hours
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.incident")
public record IncidentProperties(
    @DefaultValue("P3D") Duration autoCloseAfter,
    @DefaultValue("business-hours") @NotBlank String autoCloseCalendar) {

  public IncidentProperties {
    if (autoCloseAfter == null || autoCloseAfter.isNegative() || autoCloseAfter.isZero()) {
      throw new IllegalArgumentException("sopflow.incident.auto-close-after must be positive: " + autoCloseAfter);
    }
  }

  public static IncidentProperties defaults() {
    return new IncidentProperties(Duration.ofHours(27), "business-hours");
  }
}
