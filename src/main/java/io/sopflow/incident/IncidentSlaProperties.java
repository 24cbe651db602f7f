package io.sopflow.incident;

import io.sopflow.sla.StepSla;
import io.sopflow.sla.StepSlaSource;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
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
 *
 * <p>The two steps of incident managers have a step SLA each ({@link StepSla}: reminder, escalation, calendar), which
 * gives their tasks a due date (escalation) and a follow-up date (reminder) in Tasklist. The models name them
 * {@code slaDates.escalation('incident.review')} and {@code slaDates.escalation('incident.major-coordination')}:
 *
 * <pre>
 * sopflow.sla.incident.review.escalation=P5D                     sopflow.sla.incident.review.calendar=business-hours
 * sopflow.sla.incident.major-coordination.escalation=PT4H        sopflow.sla.incident.major-coordination.calendar=24x7
 * </pre>
 *
 * <ul>
 *   <li>{@code review} (post-incident review of P1/P2, after closure): five working days in {@code business-hours},
 *   reminder at the warning share (75 %). A review is not urgent by nature; a week of work is what ITIL practice
 *   asks for.</li>
 *   <li>{@code major-coordination} (P1, offered at once beside triage): four hours around the clock, the default P1
 *   resolution target, reminder at 75 %. It is a fixed step SLA rather than the incident's resolution due date: that
 *   date moves (pause, reopen) while a task's due date is set once, and coordination is expected to end when service
 *   is restored. Change it together with {@code p1.resolution} if that target changes.</li>
 * </ul>
 * Any part left out (say only the calendar) keeps its default.
 */
@Validated
@ConfigurationProperties("sopflow.sla.incident")
public record IncidentSlaProperties(Target p1, Target p2, Target p3, Target p4, StepSla review,
    StepSla majorCoordination) implements StepSlaSource {

  /** Step names as the model refers to them. */
  public static final String STEP_REVIEW = "incident.review";
  public static final String STEP_MAJOR_COORDINATION = "incident.major-coordination";

  static final StepSla DEFAULT_REVIEW = StepSla.of(null, "P5D", "business-hours");
  static final StepSla DEFAULT_MAJOR_COORDINATION = StepSla.of(null, "PT4H", "24x7");

  static final Target DEFAULT_P1 = new Target(Duration.ofMinutes(15), Duration.ofHours(4), "24x7");
  static final Target DEFAULT_P2 = new Target(Duration.ofMinutes(30), Duration.ofHours(8), "24x7");
  static final Target DEFAULT_P3 = new Target(Duration.ofHours(4), Duration.ofDays(3), "business-hours");
  static final Target DEFAULT_P4 = new Target(Duration.ofDays(1), Duration.ofDays(5), "business-hours");

  public IncidentSlaProperties {
    p1 = Target.orDefaults(p1, DEFAULT_P1);
    p2 = Target.orDefaults(p2, DEFAULT_P2);
    p3 = Target.orDefaults(p3, DEFAULT_P3);
    p4 = Target.orDefaults(p4, DEFAULT_P4);
    review = review == null ? DEFAULT_REVIEW : review.orElse(DEFAULT_REVIEW);
    majorCoordination = majorCoordination == null ? DEFAULT_MAJOR_COORDINATION
        : majorCoordination.orElse(DEFAULT_MAJOR_COORDINATION);
  }

  public static IncidentSlaProperties defaults() {
    return new IncidentSlaProperties(null, null, null, null, null, null);
  }

  @Override
  public Map<String, StepSla> stepSlas() {
    return Map.of(STEP_REVIEW, review, STEP_MAJOR_COORDINATION, majorCoordination);
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
