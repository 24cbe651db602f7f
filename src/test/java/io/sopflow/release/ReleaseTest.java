package io.sopflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.domain.ConflictException;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReleaseTest {

  private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");

  @Test
  void aFourEyesGoRecordsItsApproverAndEvidenceAndNeverComesFromTheRequester() {
    Release release = release(NOW.plusSeconds(3600), NOW.plusSeconds(7200));
    String requester = release.getRequestedBy();

    assertThatThrownBy(() -> release.decideGo(requester, NOW, "mine", "https://ci/1", null, true))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("four-eyes");
    assertThat(release.getStatus()).as("refused, unchanged").isEqualTo(ReleaseStatus.AWAITING_GO);
    release.decideGo("relman2", NOW, "ready", " https://ci.example/reports/1 ", "  ", true);

    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.SCHEDULED);
    assertThat(release.getDecidedBy()).isEqualTo("relman2");
    assertThat(release.getTestReportReference()).isEqualTo("https://ci.example/reports/1");
    assertThat(release.getEvidenceNotes()).isNull();
    assertThat(release.isFourEyes()).isTrue();
  }

  @Test
  void goesFromGoThroughDeploymentToDeployed() {
    Release release = release(NOW.plusSeconds(3600), NOW.plusSeconds(7200));
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.AWAITING_GO);

    release.decideGo("relman", NOW, "ready", null, null, false);
    release.startDeployment(NOW.plusSeconds(3700));
    release.deployed();
    release.confirmDeployed("relman", NOW.plusSeconds(4000), "fine");

    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(release.getStatus().isFinal()).isTrue();
    assertThat(release.getVerifiedBy()).isEqualTo("relman");
    assertThat(release.getClosedAt()).isEqualTo(NOW.plusSeconds(4000));
  }

  @Test
  void aNoGoCancelsWithTheReason() {
    Release release = release(NOW, NOW.plusSeconds(3600));

    release.decideNoGo("relman", NOW, "freeze");

    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.CANCELLED);
    assertThat(release.getOutcome()).contains("freeze");
    assertThatThrownBy(() -> release.decideGo("relman", NOW, "changed my mind", null, null, false)).isInstanceOf(ConflictException.class);
  }

  @Test
  void aReleaseThatHasNotStartedDeployingIsCancelledWhenItsChangeEnds() {
    Release awaitingGo = release(NOW.plusSeconds(3600), NOW.plusSeconds(7200));
    Release scheduled = release(NOW.plusSeconds(3600), NOW.plusSeconds(7200));
    scheduled.decideGo("relman", NOW, "ready", null, null, false);
    Release windowMissed = release(NOW.plusSeconds(3600), NOW.plusSeconds(7200));
    windowMissed.decideGo("relman", NOW, "ready", null, null, false);
    windowMissed.missWindow(NOW.plusSeconds(7300));

    for (Release release : java.util.List.of(awaitingGo, scheduled, windowMissed)) {
      assertThat(release.isAwaitingDeployment()).isTrue();
      release.cancelForEndedChange("FAILED", NOW.plusSeconds(7400));
      assertThat(release.getStatus()).isEqualTo(ReleaseStatus.CANCELLED);
      assertThat(release.getOutcome()).contains(release.getChangeNumber()).contains("FAILED");
      assertThat(release.getClosedAt()).isEqualTo(NOW.plusSeconds(7400));
      assertThat(release.isAwaitingDeployment()).isFalse();
    }
  }

  @Test
  void aReleaseThatStartedDeployingIsNotCancelledByItsChangeButMayMissItsWindowOnARetry() {
    Release release = release(NOW, NOW.plusSeconds(7200));
    release.decideGo("relman", NOW, "ready", null, null, false);
    release.startDeployment(NOW.plusSeconds(60));

    assertThat(release.isAwaitingDeployment()).isFalse();
    assertThatThrownBy(() -> release.cancelForEndedChange("IMPLEMENTED", NOW.plusSeconds(120)))
        .isInstanceOf(ConflictException.class);
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.DEPLOYING);
    release.missWindow(NOW.plusSeconds(7300));
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.WINDOW_MISSED);
  }

  @Test
  void refusesToStartADeploymentOutsideTheWindowOrWithoutGo() {
    Release release = release(NOW, NOW.plusSeconds(3600));
    assertThatThrownBy(() -> release.startDeployment(NOW)).isInstanceOf(ConflictException.class);

    release.decideGo("relman", NOW, "ready", null, null, false);

    assertThat(release.isWindowOpenAt(NOW.plusSeconds(3600))).isFalse();
    assertThatThrownBy(() -> release.startDeployment(NOW.plusSeconds(3600))).isInstanceOf(ConflictException.class);
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.SCHEDULED);
  }

  @Test
  void aMissedWindowIsRescheduledToAFutureWindowOrCancelled() {
    Release release = release(NOW, NOW.plusSeconds(3600));
    release.decideGo("relman", NOW, "ready", null, null, false);
    release.missWindow(NOW.plusSeconds(3600));
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.WINDOW_MISSED);

    Instant later = NOW.plus(Duration.ofDays(1));
    assertThatThrownBy(() -> release.reschedule(later, later.minusSeconds(1), NOW))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("windowEnd"));
    assertThatThrownBy(() -> release.reschedule(NOW.minusSeconds(7200), NOW.minusSeconds(3600), NOW))
        .isInstanceOf(InvalidRequestException.class);
    release.reschedule(later, later.plusSeconds(3600), NOW.plusSeconds(4000));
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.SCHEDULED);
    assertThat(release.getWindowStart()).isEqualTo(later);

    release.missWindow(later.plusSeconds(3600));
    release.cancel("relman", later.plusSeconds(3700), "superseded");
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.CANCELLED);
  }

  @Test
  void aFailureLeadsToRollbackAndAFailedRollbackToManualRecovery() {
    Release release = release(NOW, NOW.plusSeconds(3600));
    release.decideGo("relman", NOW, "ready", null, null, false);
    release.startDeployment(NOW);
    release.fail("Deploy failed: exit 3");
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.ROLLING_BACK);
    assertThatThrownBy(() -> release.confirmDeployed("relman", NOW, "")).isInstanceOf(ConflictException.class);

    release.rollbackFailed();
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.ROLLBACK_FAILED);
    assertThat(release.getStatus().isFinal()).isFalse();

    release.recovered("relman", NOW.plusSeconds(600), "restored snapshot");
    assertThat(release.getStatus()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(release.getOutcome()).contains("restored snapshot");
  }

  @Test
  void refusesAWindowThatEndsBeforeItStartsOrIsOver() {
    assertThatThrownBy(() -> release(NOW.plusSeconds(60), NOW)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> release(NOW.minusSeconds(7200), NOW.minusSeconds(60)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void keepsTheDeploymentLogInOrder() {
    Release release = release(NOW, NOW.plusSeconds(3600));
    release.addLogEntry(new StepResult(StepResult.StepAction.DEPLOY, "command", "deploy.sh 1.0.0",
        StepResult.Result.SUCCEEDED, 0, null, Duration.ofMillis(12), "ok"), NOW);
    release.addLogEntry(new StepResult(StepResult.StepAction.SMOKE_CHECK, "http", "GET /health",
        StepResult.Result.FAILED, null, 500, Duration.ofMillis(3), "x".repeat(10_000)), NOW);

    assertThat(release.getLog()).extracting(ReleaseLogEntry::getSeq).containsExactly(1, 2);
    assertThat(release.getLog().get(1).getOutput()).hasSizeLessThanOrEqualTo(ReleaseProperties.DEFAULT_OUTPUT_LIMIT)
        .contains("truncated");
  }

  private static Release release(Instant windowStart, Instant windowEnd) {
    return new Release("Billing", "1.0.0", "staging", "CHG-000001", windowStart, windowEnd, "redeploy", "relman", "l2",
        NOW);
  }
}
