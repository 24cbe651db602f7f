package io.sopflow.sop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rules a revision guards itself: four-eyes, decided once, approved only with passed checks. */
class SopRevisionTest {

  private static final Instant DEPLOYED = Instant.parse("2026-12-01T09:00:00Z");
  private static final Instant DECIDED = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void aProposedRevisionWithPassedChecksIsInForceFromItsApproval() {
    SopRevision revision = proposed();
    revision.recordChecks(true, "Passed", "Renamed: Task_X");

    revision.approve("owner2", "clearer triage", DECIDED);

    assertThat(revision.getStatus()).isEqualTo(SopRevisionStatus.IN_FORCE);
    assertThat(revision.getEffectiveFrom()).isEqualTo(DECIDED);
    assertThat(revision.getApprover()).isEqualTo("owner2");
    assertThat(revision.key()).isEqualTo("REV-IncidentEscalationProcess-2");
  }

  @Test
  void itsAuthorMayNeitherApproveNorRejectIt() {
    SopRevision revision = proposed();
    revision.recordChecks(true, "Passed", "summary");

    assertThatThrownBy(() -> revision.approve("owner", "mine", DECIDED)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> revision.reject("owner", "mine", DECIDED)).isInstanceOf(ForbiddenException.class);
    assertThat(revision.getStatus()).isEqualTo(SopRevisionStatus.PROPOSED);
  }

  @Test
  void aRevisionWhoseChecksFailedOrDidNotRunCannotBeApprovedButCanBeRejected() {
    SopRevision unchecked = proposed();
    assertThatThrownBy(() -> unchecked.approve("owner2", "ok", DECIDED)).isInstanceOf(InvalidRequestException.class);

    SopRevision failed = proposed();
    failed.recordChecks(false, "Failed (1): Form does not resolve", "summary");
    assertThatThrownBy(() -> failed.approve("owner2", "ok", DECIDED)).isInstanceOf(InvalidRequestException.class);
    failed.reject("owner2", "forms missing", DECIDED);
    assertThat(failed.getStatus()).isEqualTo(SopRevisionStatus.REJECTED);
    assertThat(failed.getEffectiveFrom()).isNull();
  }

  @Test
  void aDecidedRevisionIsNotDecidedAgainAndOnlyTheVersionInForceIsSuperseded() {
    SopRevision revision = proposed();
    revision.recordChecks(true, "Passed", "summary");
    assertThatThrownBy(revision::supersede).isInstanceOf(ConflictException.class);
    revision.reject("owner2", "no", DECIDED);

    assertThatThrownBy(() -> revision.approve("owner3", "yes", DECIDED)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> revision.recordChecks(true, "again", "again")).isInstanceOf(ConflictException.class);

    SopRevision first = SopRevision.inForce(new NewVersion("IncidentEscalationProcess", 1, "def:1", "1.0.0", "system",
        DEPLOYED, true), "system", "First version of the SOP");
    first.supersede();
    assertThat(first.getStatus()).isEqualTo(SopRevisionStatus.SUPERSEDED);
  }

  @Test
  void purposeIsTheDocumentationsFirstSentenceAndScopeTheRest() {
    assertThat(SopCatalogue.purposeAndScope("Restores backups. Checks every file.\n  Opens incidents."))
        .containsExactly("Restores backups.", "Checks every file. Opens incidents.");
    assertThat(SopCatalogue.purposeAndScope("One sentence only")).containsExactly("One sentence only", null);
    assertThat(SopCatalogue.purposeAndScope(null)).containsExactly(null, null);
  }

  private static SopRevision proposed() {
    return SopRevision.proposed(new NewVersion("IncidentEscalationProcess", 2, "def:2", "1.4.0", "owner", DEPLOYED,
        false));
  }
}
