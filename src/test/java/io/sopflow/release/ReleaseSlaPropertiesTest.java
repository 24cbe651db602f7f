package io.sopflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.sla.StepSla;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/** {@code sopflow.sla.release.<step>.reminder|escalation|calendar}: a contract like the incident SLAs. */
class ReleaseSlaPropertiesTest {

  @Test
  void everyUserTaskOfTheModelHasAStepSlaWithWorkingDefaults() {
    ReleaseSlaProperties defaults = bind(Map.of());

    assertThat(defaults.stepSlas()).containsOnlyKeys("release.go-decision", "release.manual-verification",
        "release.production-verification", "release.rollback-recovery", "release.reschedule");
    assertThat(defaults.goDecision()).isEqualTo(StepSla.of("PT4H", "P1D", "business-hours"));
    assertThat(defaults.rollbackRecovery().calendar()).isEqualTo("24x7");
    assertThat(defaults.manualVerification().calendar()).isEqualTo("24x7");
    assertThat(defaults.productionVerification().calendar()).isEqualTo("24x7");
    assertThat(defaults.reschedule().calendar()).isEqualTo("business-hours");
  }

  @Test
  void aStepConfiguredInPartKeepsTheRestOfItsDefault() {
    ReleaseSlaProperties properties = bind(Map.of(
        "sopflow.sla.release.go-decision.escalation", "PT8H",
        "sopflow.sla.release.rollback-recovery.reminder", "PT10M",
        "sopflow.sla.release.reschedule.calendar", "24x7"));

    assertThat(properties.goDecision()).isEqualTo(new StepSla(Duration.ofHours(4), Duration.ofHours(8),
        "business-hours"));
    assertThat(properties.rollbackRecovery()).isEqualTo(new StepSla(Duration.ofMinutes(10), Duration.ofHours(1),
        "24x7"));
    assertThat(properties.reschedule()).isEqualTo(new StepSla(null, Duration.ofDays(2), "24x7"));
  }

  @Test
  void refusesAReminderThatDoesNotComeBeforeItsEscalation() {
    assertThatThrownBy(() -> bind(Map.of("sopflow.sla.release.go-decision.reminder", "P2D")))
        .hasStackTraceContaining("reminder must be positive and before its escalation");
  }

  private static ReleaseSlaProperties bind(Map<String, String> values) {
    return new Binder(java.util.List.of(new MapConfigurationPropertySource(values)), null,
        ApplicationConversionService.getSharedInstance())
        .bindOrCreate("sopflow.sla.release", ReleaseSlaProperties.class);
  }
}
