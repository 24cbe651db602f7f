package io.sopflow.sla;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Shared SLA settings: the warning threshold and the working-hours calendars ({@code 24x7} is built in). Targets per
 * SOP live beside each SOP ({@code sopflow.sla.incident.*}, {@code sopflow.sla.change.*}, ...).
 *
 * <pre>
 * sopflow.sla.warning-threshold=0.75
 * sopflow.sla.calendars.business-hours.zone=Europe/Berlin
 * sopflow.sla.calendars.business-hours.working-days=MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY
 * sopflow.sla.calendars.business-hours.day-start=08:00
 * sopflow.sla.calendars.business-hours.day-end=17:00
 * sopflow.sla.calendars.business-hours.holidays=2026-12-25,2026-12-26
 * </pre>
 */
@Validated
@ConfigurationProperties("sopflow.sla")
public record SlaProperties(
    @DefaultValue("0.75") @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false)
    double warningThreshold,
    @Valid Map<String, CalendarProperties> calendars) {

  public static final String BUSINESS_HOURS = "business-hours";

  public SlaProperties {
    if (calendars == null || calendars.isEmpty()) {
      calendars = Map.of(BUSINESS_HOURS, CalendarProperties.defaults());
    } else if (!calendars.containsKey(BUSINESS_HOURS)) {
      var withDefault = new java.util.HashMap<>(calendars);
      withDefault.put(BUSINESS_HOURS, CalendarProperties.defaults());
      calendars = Map.copyOf(withDefault);
    }
  }

  /** One working-hours calendar. */
  public record CalendarProperties(
      @NotNull ZoneId zone,
      @NotEmpty Set<DayOfWeek> workingDays,
      @NotNull LocalTime dayStart,
      @NotNull LocalTime dayEnd,
      List<LocalDate> holidays) {

    public CalendarProperties {
      holidays = holidays == null ? List.of() : List.copyOf(holidays);
    }

    static CalendarProperties defaults() {
      return new CalendarProperties(ZoneId.of("Europe/Berlin"),
          Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
          LocalTime.of(8, 0), LocalTime.of(17, 0), List.of());
    }
  }
}
