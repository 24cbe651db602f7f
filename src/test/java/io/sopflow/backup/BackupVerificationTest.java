package io.sopflow.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sopflow.domain.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record guards its life cycle and judges a restore test against the set's objectives. */
class BackupVerificationTest {

  private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
  private static final Duration MAX_AGE = Duration.ofDays(1);
  private static final Duration RTO = Duration.ofMinutes(10);

  @Test
  void aCleanQuickRestoreOfAFreshBackupPasses() {
    BackupVerification v = restored(Duration.ofMinutes(3), List.of(), NOW.minus(Duration.ofHours(5)));

    assertThat(v.judge(MAX_AGE, RTO, NOW)).isTrue();
    assertThat(v.getStatus()).isEqualTo(VerificationStatus.PASSED);
    assertThat(v.getBackupAgeMinutes()).isEqualTo(300);
    assertThat(v.getFailureReason()).isNull();
  }

  @Test
  void aRestoreSlowerThanTheRtoFailsEvenWhenEveryFileMatches() {
    BackupVerification v = restored(Duration.ofMinutes(11), List.of(), NOW.minus(Duration.ofHours(1)));

    assertThat(v.judge(MAX_AGE, RTO, NOW)).isFalse();
    assertThat(v.getStatus()).isEqualTo(VerificationStatus.FAILED);
    assertThat(v.getFailureReason()).contains("longer than the RTO of PT10M");
  }

  @Test
  void everyReasonOfAFailureIsKept() {
    BackupVerification v = restored(Duration.ofMinutes(11),
        List.of(new ManifestVerifier.Mismatch(ManifestVerifier.Kind.MISSING, "ledger.csv", "not restored")),
        NOW.minus(Duration.ofDays(2)));

    assertThat(v.judge(MAX_AGE, RTO, NOW)).isFalse();
    assertThat(v.getFailureReason()).contains("MISSING ledger.csv").contains("RTO").contains("RPO");
  }

  /** A backup of an empty (or unmounted) folder restores "correctly": nothing listed, nothing checked, nothing proven. */
  @Test
  void aRestoreThatCheckedNoFileFails() {
    BackupVerification v = new BackupVerification("finance-share", "support-l3", VerificationTrigger.AD_HOC, "l2",
        null, NOW);
    v.recordRestore(new RestoreRun("cp -a /b/. /t", RestoreRun.Outcome.SUCCEEDED, 0, Duration.ofSeconds(2), ""),
        new ManifestVerifier.Result(0, 0, "ab".repeat(32), NOW.minus(Duration.ofHours(1)), List.of(), 0), NOW);

    assertThat(v.judge(MAX_AGE, RTO, NOW)).isFalse();
    assertThat(v.getFailureReason()).contains("No file was checked");
  }

  /**
   * The backup's age is the restored manifest's time, which only says something if the restore command kept it: a
   * manifest written during the restore (plain cp) made every backup look fresh, and the RPO could never fail.
   */
  @Test
  void aManifestWrittenDuringTheRestoreLeavesTheAgeUnknownAndFails() {
    BackupVerification v = restored(Duration.ofMinutes(3), List.of(), NOW.minus(Duration.ofMinutes(1)));

    assertThat(v.judge(MAX_AGE, RTO, NOW)).isFalse();
    assertThat(v.getFailureReason()).contains("age is unknown").doesNotContain("RPO");
    assertThat(v.getBackupAgeMinutes()).isNull();
  }

  @Test
  void transitionsOutOfOrderAreRefused() {
    BackupVerification running = new BackupVerification("finance-share", "support-l3", VerificationTrigger.AD_HOC,
        "l2", null, NOW);
    assertThatThrownBy(() -> running.judge(MAX_AGE, RTO, NOW)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> running.linkIncident("INC-000001")).isInstanceOf(ConflictException.class);

    BackupVerification passed = restored(Duration.ofMinutes(1), List.of(), NOW.minus(Duration.ofHours(1)));
    passed.judge(MAX_AGE, RTO, NOW);
    assertThatThrownBy(() -> passed.judge(MAX_AGE, RTO, NOW)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> passed.recordInvestigation("l3", "nothing", NOW)).isInstanceOf(ConflictException.class);

    BackupVerification failed = restored(Duration.ofMinutes(30), List.of(), NOW);
    failed.judge(MAX_AGE, RTO, NOW);
    failed.linkIncident("INC-000001");
    failed.linkIncident("INC-000001");
    assertThatThrownBy(() -> failed.linkIncident("INC-000002")).isInstanceOf(ConflictException.class);
    failed.recordInvestigation("l3", "slow disk", NOW);
    assertThatThrownBy(() -> failed.recordInvestigation("l2", "again", NOW)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> new BackupVerification("finance-share", "support-l3", VerificationTrigger.SCHEDULED,
        "system", null, NOW)).isInstanceOf(IllegalArgumentException.class);
  }

  private static BackupVerification restored(Duration took, List<ManifestVerifier.Mismatch> mismatches,
      Instant backupTakenAt) {
    BackupVerification v = new BackupVerification("finance-share", "support-l3", VerificationTrigger.AD_HOC, "l2",
        null, NOW);
    v.recordRestore(new RestoreRun("cp -a /b/. /t", RestoreRun.Outcome.SUCCEEDED, 0, took, ""),
        new ManifestVerifier.Result(3, 100, "ab".repeat(32), backupTakenAt, mismatches, mismatches.size()), NOW);
    return v;
  }
}
