package io.sopflow.incident;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Response and resolution targets per priority, each in a calendar of {@code io.sopflow.sla.SlaClock}.
 *
 * <p>Targets are amounts of <em>working time</em> in their calendar. With the default {@code business-hours}
 * calendar (Mon-Fri 08:00-17:00, nine hours a day) one business day is {@code PT9H}: "3 business days" is
 * {@code PT27H}, "5 business days" {@code PT45H}. Any property left out keeps its default:
 *
 * <pre>
 * sopflow.sla.incident.p1.response=PT15M      sopflow.sla.incident.p1.resolution=PT4H   sopflow.sla.incident.p1.calendar=24x7
 * sopflow.sla.incident.p2.response=PT30M      sopflow.sla.incident.p2.resolution=PT8H   sopflow.sla.incident.p2.calendar=24x7
 * sopflow.sla.incident.p3.response=PT4H       sopflow.sla.incident.p3.resolution=P3D    sopflow.sla.incident.p3.calendar=business-hours
 * sopflow.sla.incident.p4.response=P1D        sopflow.sla.incident.p4.resolution=P5D    sopflow.sla.incident.p4.calendar=business-hours
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.sla.incident")
public record IncidentSlaProperties(Target p1, Target p2, Target p3, Target p4) {

  static final Target DEFAULT_P1 = new Target(Duration.ofMinutes(15), Duration.ofHours(4), "24x7");
  static final Target DEFAULT_P2 = new Target(Duration.ofMinutes(30), Duration.ofHours(8), "24x7");
  static final Target DEFAULT_P3 = new Target(Duration.ofHours(4), Duration.ofDays(3), "business-hours");
  static final Target DEFAULT_P4 = new Target(Duration.ofDays(1), Duration.ofDays(5), "business-hours");

  public IncidentSlaProperties {
    p1 = Target.orDefaults(p1, DEFAULT_P1);
    p2 = Target.orDefaults(p2, DEFAULT_P2);
    p3 = Target.orDefaults(p3, DEFAULT_P3);
    p4 = Target.orDefaults(p4, DEFAULT_P4);
  }

  public static IncidentSlaProperties defaults() {
    return new IncidentSlaProperties(null, null, null, null);
  }

  public Target target(Priority priority) {
    return switch (priority) {
      case P1 -> p1;
      case P2 -> p2;
      case P3 -> p3;
      case P4 -> p4;
    };
  }

  /** One priority's targets. */
  public record Target(@NotNull Duration response, @NotNull Duration resolution, @NotBlank String calendar) {

    public Target {
      if (response != null && (response.isNegative() || response.isZero())) {
        throw new IllegalArgumentException("An incident response target must be positive: " + response);
      }
      if (resolution != null && (resolution.isNegative() || resolution.isZero())) {
        throw new IllegalArgumentException("An incident resolution target must be positive: " + resolution);
      }
    }

    static Target orDefaults(Target configured, Target defaults) {
      if (configured == null) {
        return defaults;
      }
      return new Target(configured.response() != null ? configured.response() : defaults.response(),
          configured.resolution() != null ? configured.resolution() : defaults.resolution(),
          configured.calendar() != null && !configured.calendar().isBlank() ? configured.calendar() : defaults.calendar());
    }
  }
}
