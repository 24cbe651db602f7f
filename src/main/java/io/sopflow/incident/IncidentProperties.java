package io.sopflow.incident;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Incident settings beside the SLA targets. Durations are working time in their calendar (a day of a target is a
 * working day in {@code business-hours}).
 *
 * <ul>
 *   <li>{@code autoCloseAfter} in {@code autoCloseCalendar}: a resolved incident the reporter neither confirms nor
 *   reopens closes by itself after it (default three business days).</li>
 *   <li>{@code requesterReminderAfter}, {@code requesterTimeout} in {@code requesterCalendar}: a question to the
 *   reporter is reminded after the first (default two business days) and, unanswered after the second (default five
 *   business days), the incident is resolved without the answer and the reporter told.</li>
 *   <li>{@code categories}: the categories a reporter may choose (API and start form); anything else is refused. The
 *   start form {@code forms/Form_ReportIncident.form} offers the default list: change both together.</li>
 * </ul>
 *
 * <pre>
 * sopflow.incident.auto-close-after=P3D
 * sopflow.incident.auto-close-calendar=business-hours
 * sopflow.incident.requester-reminder-after=P2D
 * sopflow.incident.requester-timeout=P5D
 * sopflow.incident.requester-calendar=business-hours
 * sopflow.incident.categories=network,hardware,software,storage,backup,access,email,other
 * sopflow.incident.major.update-interval=PT1H
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.incident")
public record IncidentProperties(
    @DefaultValue("P3D") Duration autoCloseAfter,
    @DefaultValue("business-hours") @NotBlank String autoCloseCalendar,
    @DefaultValue("P2D") Duration requesterReminderAfter,
    @DefaultValue("P5D") Duration requesterTimeout,
    @DefaultValue("business-hours") @NotBlank String requesterCalendar,
    @DefaultValue({"network", "hardware", "software", "storage", "backup", "access", "email", "other"}) List<String> categories,
    @DefaultValue Major major) {

  /**
   * Major incidents (P1): while unresolved, a status update goes to the incident managers and the reporter every
   * {@code updateInterval} (elapsed time, around the clock).
   */
  public record Major(@DefaultValue("PT1H") Duration updateInterval) {

    public Major {
      requirePositive("major.update-interval", updateInterval);
    }
  }


  public static final List<String> DEFAULT_CATEGORIES =
      List.of("network", "hardware", "software", "storage", "access", "email", "other");

  public IncidentProperties {
    requirePositive("auto-close-after", autoCloseAfter);
    requirePositive("requester-reminder-after", requesterReminderAfter);
    requirePositive("requester-timeout", requesterTimeout);
    if (requesterTimeout.compareTo(requesterReminderAfter) <= 0) {
      throw new IllegalArgumentException("sopflow.incident.requester-timeout (" + requesterTimeout
          + ") must be after requester-reminder-after (" + requesterReminderAfter + ")");
    }
    if (categories == null || categories.isEmpty() || categories.stream().anyMatch(c -> c == null || c.isBlank())) {
      throw new IllegalArgumentException("sopflow.incident.categories must name at least one category: " + categories);
    }
    categories = List.copyOf(categories.stream().map(String::strip).toList());
    major = major == null ? new Major(Duration.ofHours(1)) : major;
  }

  static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("sopflow.incident." + name + " must be positive: " + value);
    }
  }

  /**
   * The defaults as the binder reads them ({@code P3D} is three days, which {@code business-hours} counts as three
   * working days of nine hours; 27 hours would count as one working day and three hours).
   */
  public static IncidentProperties defaults() {
    return new IncidentProperties(Duration.ofDays(3), "business-hours", Duration.ofDays(2), Duration.ofDays(5),
        "business-hours", DEFAULT_CATEGORIES, new Major(Duration.ofHours(1)));
  }
}
