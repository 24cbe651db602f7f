package io.sopflow.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ChangeSlaPropertiesTest {

  private final ChangeSlaProperties defaults = ChangeSlaProperties.defaults();

  @Test
  void defaultsAreWhatSpringBindsWithoutSettingsAndRemindBeforeTheyEscalate() {
    ChangeSlaProperties bound = new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("sopflow.sla.change", ChangeSlaProperties.class);

    assertThat(bound).isEqualTo(defaults);
    assertThat(defaults.isConsistent()).isTrue();
  }

  @Test
  void managerApprovalAndFreezeExceptionSlasAreReadFromTheirOwnProperties() {
    ChangeSlaProperties bound = new Binder(new MapConfigurationPropertySource(Map.of(
        "sopflow.sla.change.manager-approval-reminder", "PT2H",
        "sopflow.sla.change.manager-approval-escalation", "PT6H",
        "sopflow.sla.change.freeze-exception-reminder", "PT1H",
        "sopflow.sla.change.freeze-exception-escalation", "PT3H")))
        .bindOrCreate("sopflow.sla.change", ChangeSlaProperties.class);

    assertThat(bound.managerApprovalReminder()).isEqualTo(Duration.ofHours(2));
    assertThat(bound.managerApprovalEscalation()).isEqualTo(Duration.ofHours(6));
    assertThat(bound.freezeExceptionReminder()).isEqualTo(Duration.ofHours(1));
    assertThat(bound.freezeExceptionEscalation()).isEqualTo(Duration.ofHours(3));
    assertThat(bound.reviewReminder()).isEqualTo(defaults.reviewReminder());
    assertThat(bound.isConsistent()).isTrue();
  }

  @Test
  void aReminderThatIsNotBeforeItsEscalationIsRefused() {
    assertThat(withManagerApproval(Duration.ofDays(1), Duration.ofDays(1)).isConsistent()).isFalse();
    assertThat(withManagerApproval(Duration.ZERO, Duration.ofDays(1)).isConsistent()).isFalse();
    assertThat(withFreezeException(Duration.ofDays(2), Duration.ofDays(1)).isConsistent()).isFalse();
    assertThat(withFreezeException(Duration.ofHours(-1), Duration.ofDays(1)).isConsistent()).isFalse();
  }

  private ChangeSlaProperties withManagerApproval(Duration reminder, Duration escalation) {
    return new ChangeSlaProperties(defaults.reviewReminder(), defaults.reviewEscalation(), defaults.cabReminder(),
        defaults.cabEscalation(), reminder, escalation, defaults.freezeExceptionReminder(),
        defaults.freezeExceptionEscalation(), defaults.emergencyApproval());
  }

  private ChangeSlaProperties withFreezeException(Duration reminder, Duration escalation) {
    return new ChangeSlaProperties(defaults.reviewReminder(), defaults.reviewEscalation(), defaults.cabReminder(),
        defaults.cabEscalation(), defaults.managerApprovalReminder(), defaults.managerApprovalEscalation(), reminder,
        escalation, defaults.emergencyApproval());
  }
}
