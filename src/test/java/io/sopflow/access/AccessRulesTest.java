package io.sopflow.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.sopflow.audit.AuditTrail;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Directory;
import io.sopflow.identity.RecordVisibility;
import io.sopflow.notification.Links;
import io.sopflow.sla.StepSla;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;

class AccessRulesTest {

  private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
  private final AccessProperties properties = new AccessProperties(
      List.of(List.of("finance", "change-advisory-board")), Duration.ofDays(7));
  private final AccessRequestService service = new AccessRequestService(mock(AccessRequestRepository.class),
      mock(AccessCatalogue.class), new AccessConnectors(List.of()), mock(AccountLocks.class),
      mock(BeneficiaryLocks.class), mock(io.sopflow.persistence.RecordLocks.class), properties, mock(Directory.class),
      mock(CurrentUser.class), mock(RecordVisibility.class), mock(AuditTrail.class), mock(ApplicationEventPublisher.class), Clock.systemUTC(),
      new Links("http://localhost:8080/"));
  private final AccessResource finance = new AccessResource("finance", "Finance", "finance", RiskLevel.HIGH,
      Duration.ofDays(90), "identity-group", NOW);
  private final AccessResource unlimited = new AccessResource("support-l2", "L2", "support-l2", RiskLevel.MEDIUM,
      null, "identity-group", NOW);

  @Test
  void validUntilIsCappedByTheResourcesMaximumDuration() {
    assertThat(service.effectiveValidUntil(NOW.plus(Duration.ofDays(400)), finance, NOW))
        .isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(service.effectiveValidUntil(NOW.plus(Duration.ofDays(10)), finance, NOW))
        .isEqualTo(NOW.plus(Duration.ofDays(10)));
    assertThat(service.effectiveValidUntil(null, finance, NOW)).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(service.effectiveValidUntil(null, unlimited, NOW)).isNull();
  }

  @Test
  void expiryReminderIsScheduledBeforeExpiryOnlyWhenTheGrantIsLongEnough() {
    AccessRequest longGrant = new AccessRequest("desk", "desk", finance, "x", null, NOW.plus(Duration.ofDays(30)), NOW);
    AccessRequest shortGrant = new AccessRequest("desk", "desk", finance, "x", null, NOW.plus(Duration.ofDays(2)), NOW);
    AccessRequest openGrant = new AccessRequest("desk", "desk", unlimited, "x", null, null, NOW);

    assertThat(service.schedule(longGrant, NOW)).isEqualTo(new AccessProcessData.GrantSchedule(
        NOW.plus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(23)), true));
    assertThat(service.schedule(shortGrant, NOW).reminderWanted()).isFalse();
    assertThat(service.schedule(openGrant, NOW).timeBoxed()).isFalse();
  }

  @Test
  void conflictPairsWorkInBothDirectionsAndMustBePairs() {
    assertThat(properties.conflictsOf("finance")).containsExactly("change-advisory-board");
    assertThat(properties.conflictsOf("change-advisory-board")).containsExactly("finance");
    assertThat(properties.conflictsOf("support-l2")).isEmpty();
    assertThatThrownBy(() -> new AccessProperties(List.of(List.of("finance")), Duration.ofDays(7)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void approvalSlasDefaultToBusinessHoursAndMergeWhatIsConfigured() {
    AccessSlaProperties defaults = AccessSlaProperties.defaults();
    assertThat(defaults.stepSlas()).containsOnlyKeys("access.line-manager-approval",
        "access.resource-owner-approval", "access.sod-review");
    assertThat(defaults.stepSlas().values()).allSatisfy(sla -> assertThat(sla)
        .isEqualTo(new StepSla(Duration.ofDays(1), Duration.ofDays(3), "business-hours")));

    AccessSlaProperties onlyCalendar = new AccessSlaProperties(new StepSla(null, null, "24x7"), null, null);
    assertThat(onlyCalendar.lineManagerApproval())
        .isEqualTo(new StepSla(Duration.ofDays(1), Duration.ofDays(3), "24x7"));
  }

  @Test
  void approvalSlaReminderMustComeBeforeTheEscalation() {
    assertThatThrownBy(() -> new AccessSlaProperties(null, null,
        new StepSla(Duration.ofDays(3), Duration.ofDays(1), "business-hours")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
