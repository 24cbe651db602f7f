package io.sopflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.sla.StepSla;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ChangeSlaPropertiesTest {

  private final ChangeSlaProperties defaults = ChangeSlaProperties.defaults();

  @Test
  void defaultsAreWhatSpringBindsWithoutSettingsApprovalsInBusinessHoursEmergenciesAroundTheClock() {
    ChangeSlaProperties bound = bind(Map.of());

    assertThat(bound).isEqualTo(defaults);
    assertThat(bound.stepSlas()).containsOnlyKeys(ChangeSlaProperties.REVIEW, ChangeSlaProperties.CAB_VOTE,
        ChangeSlaProperties.MANAGER_APPROVAL, ChangeSlaProperties.FREEZE_EXCEPTION,
        ChangeSlaProperties.EMERGENCY_APPROVAL, ChangeSlaProperties.PROVIDE_DETAILS, ChangeSlaProperties.BACK_OUT,
        ChangeSlaProperties.RESCHEDULE, ChangeSlaProperties.RETROSPECTIVE_REVIEW,
        ChangeSlaProperties.IMPLEMENTATION_REVIEW, ChangeSlaProperties.OVERLAP_ACKNOWLEDGEMENT);
    assertThat(bound.review()).isEqualTo(new StepSla(Duration.ofHours(4), Duration.ofDays(1), "business-hours"));
    assertThat(bound.cabVote().calendar()).isEqualTo("business-hours");
    assertThat(bound.managerApproval().calendar()).isEqualTo("business-hours");
    assertThat(bound.freezeException().calendar()).isEqualTo("business-hours");
    assertThat(bound.emergencyApproval()).isEqualTo(new StepSla(Duration.ofMinutes(30), Duration.ofHours(1), "24x7"));
  }

  @Test
  void eachStepIsReadFromItsOwnPropertiesAndWhatIsLeftOutComesFromItsDefault() {
    ChangeSlaProperties bound = bind(Map.of(
        "sopflow.sla.change.manager-approval.reminder", "PT2H",
        "sopflow.sla.change.manager-approval.escalation", "PT6H",
        "sopflow.sla.change.cab-vote.calendar", "24x7",
        "sopflow.sla.change.freeze-exception.escalation", "P3D"));

    assertThat(bound.managerApproval()).isEqualTo(new StepSla(Duration.ofHours(2), Duration.ofHours(6),
        "business-hours"));
    assertThat(bound.cabVote()).isEqualTo(new StepSla(Duration.ofDays(1), Duration.ofDays(2), "24x7"));
    assertThat(bound.freezeException()).isEqualTo(new StepSla(Duration.ofHours(4), Duration.ofDays(3),
        "business-hours"));
    assertThat(bound.review()).isEqualTo(defaults.review());
    assertThat(bound.stepSlas().get(ChangeSlaProperties.MANAGER_APPROVAL)).isEqualTo(bound.managerApproval());
  }

  @Test
  void aReminderThatIsNotBeforeItsEscalationIsRefusedAtStartUp() {
    assertThatThrownBy(() -> bind(Map.of("sopflow.sla.change.review.reminder", "P2D")))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining("reminder");
    assertThatThrownBy(() -> bind(Map.of("sopflow.sla.change.cab-vote.escalation", "PT0S")))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining("escalation");
  }

  private static ChangeSlaProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("sopflow.sla.change", ChangeSlaProperties.class);
  }
}
