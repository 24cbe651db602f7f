package io.sopflow.sop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.audit.AuditEntry;
import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.identity.Directory;
import io.sopflow.sop.SopApi.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.context.ApplicationEventPublisher;

/** Which deployed versions are in force at once, and the start-up property for development. */
class SopRevisionServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");
  private static final String KEY = "IncidentEscalationProcess";

  private final SopRevisionRepository repository = mock(SopRevisionRepository.class);
  private final AuditTrail audit = mock(AuditTrail.class);
  private final Directory directory = mock(Directory.class);
  private final ApplicationEventPublisher events = mock(ApplicationEventPublisher.class);

  private SopRevisionService service(boolean autoApproveStartup) {
    when(repository.save(any())).thenAnswer(call -> call.getArgument(0));
    return new SopRevisionService(repository, new SopProperties(autoApproveStartup), audit, directory, events,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void theFirstVersionOfAnSopIsInForceAtOnce() {
    SopRevisionService service = service(false);
    when(repository.findFirstByProcessKeyAndStatus(KEY, SopRevisionStatus.IN_FORCE)).thenReturn(Optional.empty());

    assertThat(service.recordDeployment(version(1, "system", true))).isEqualTo(Outcome.IN_FORCE);

    verify(events).publishEvent(new SopRevisionInForce(KEY, 1, NOW));
  }

  @Test
  void aChangedModelFoundAtStartUpIsProposedUnlessDevelopmentAutoApprovesIt() {
    SopRevision v1 = inForce();
    SopRevisionService reviewed = service(false);
    when(repository.findFirstByProcessKeyAndStatus(KEY, SopRevisionStatus.IN_FORCE)).thenReturn(Optional.of(v1));
    assertThat(reviewed.recordDeployment(version(2, "system", true))).isEqualTo(Outcome.PROPOSED);
    assertThat(v1.getStatus()).isEqualTo(SopRevisionStatus.IN_FORCE);
    ArgumentCaptor<AuditEvent> proposed = ArgumentCaptor.forClass(AuditEvent.class);
    verify(audit).record(proposed.capture());
    assertThat(proposed.getValue().action()).isEqualTo("PROPOSED");

    SopRevisionService development = service(true);
    assertThat(development.recordDeployment(version(3, "system", true))).isEqualTo(Outcome.IN_FORCE);
    assertThat(v1.getStatus()).isEqualTo(SopRevisionStatus.SUPERSEDED);
    verify(events).publishEvent(new SopRevisionInForce(KEY, 3, NOW));
  }

  @Test
  void aDeploymentThroughTheRestApiIsReviewedEvenWhenStartUpChangesAreAutoApproved() {
    SopRevision v1 = inForce();
    SopRevisionService service = service(true);
    when(repository.findFirstByProcessKeyAndStatus(KEY, SopRevisionStatus.IN_FORCE)).thenReturn(Optional.of(v1));

    assertThat(service.recordDeployment(version(2, "owner", false))).isEqualTo(Outcome.PROPOSED);
    assertThat(v1.getStatus()).isEqualTo(SopRevisionStatus.IN_FORCE);
    verify(events, never()).publishEvent(any(SopRevisionInForce.class));
  }

  @Test
  void anOlderRevisionCannotReplaceANewerVersionInForce() {
    SopRevisionService service = service(false);
    SopRevision v2 = SopRevision.proposed(version(2, "owner", false));
    v2.recordChecks(true, "Passed", "summary");
    SopRevision v3 = SopRevision.inForce(version(3, "system", true), "system", "adopted");
    when(repository.findByProcessKeyAndVersion(KEY, 2)).thenReturn(Optional.of(v2));
    when(repository.findFirstByProcessKeyAndStatus(KEY, SopRevisionStatus.IN_FORCE)).thenReturn(Optional.of(v3));

    assertThatThrownBy(() -> service.approve(KEY, 2, "owner2", "process-owners", "late"))
        .isInstanceOf(ConflictException.class);
    assertThat(v2.getStatus()).isEqualTo(SopRevisionStatus.PROPOSED);
    assertThat(v3.getStatus()).isEqualTo(SopRevisionStatus.IN_FORCE);
  }

  @Test
  void onlyAMemberOfTheOwnerGroupDecidesAReviewAndAManagerOnceItIsEscalated() {
    SopRevisionService service = service(false);
    SopRevision v2 = SopRevision.proposed(version(2, "owner", false));
    v2.recordChecks(true, "Passed", "summary");
    when(repository.findByProcessKeyAndVersion(KEY, 2)).thenReturn(Optional.of(v2));
    when(repository.findFirstByProcessKeyAndStatus(KEY, SopRevisionStatus.IN_FORCE)).thenReturn(Optional.of(inForce()));
    doCallRealMethod().when(directory).requireMemberOfAny(any(), any(), any());
    when(directory.groupsOf("desk")).thenReturn(Set.of("service-desk"));
    when(directory.groupsOf("manager")).thenReturn(Set.of("managers"));

    // Given the review anyway (an admin assigned it): refused, and nothing is decided.
    assertThatThrownBy(() -> service.approve(KEY, 2, "desk", "process-owners", "fine"))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("process-owners");
    assertThatThrownBy(() -> service.reject(KEY, 2, "desk", "process-owners", "no"))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.approve(KEY, 2, "manager", "process-owners", "fine"))
        .as("not before the review is overdue").isInstanceOf(ForbiddenException.class);
    assertThat(v2.getStatus()).isEqualTo(SopRevisionStatus.PROPOSED);

    AuditEntry escalated = mock(AuditEntry.class);
    when(escalated.getAction()).thenReturn("ESCALATED");
    when(audit.entriesFor("REV-" + KEY + "-2")).thenReturn(List.of(escalated));
    service.approve(KEY, 2, "manager", "process-owners", "fine");

    assertThat(v2.getStatus()).isEqualTo(SopRevisionStatus.IN_FORCE);
  }

  private static SopRevision inForce() {
    return SopRevision.inForce(version(1, "system", true), "system", "First version of the SOP");
  }

  private static NewVersion version(int version, String author, boolean atStartup) {
    return new NewVersion(KEY, version, KEY + ":" + version + ":id", "1." + version + ".0", author, NOW, atStartup);
  }
}
