package io.sopflow.backup;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The JSON of {@code /api/backup-verifications}: field names are a public contract (DESIGN.md). */
public final class BackupApi {

  private BackupApi() {}

  /**
   * {@code POST /api/backup-verifications}: a set name's shape is checked here; whether it is a configured set, by the
   * service after who may ask (so that others learn nothing about which sets exist).
   */
  public record StartVerification(
      @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be a backup set name "
          + "(lower-case letters, digits and hyphens)") String backupSet) {}

  public record MismatchView(String kind, String path, String detail) {

    static MismatchView of(RecordedMismatch m) {
      return new MismatchView(m.getKind().name(), m.getPath(), m.getDetail());
    }
  }

  /** A verification with its evidence; lists leave out the mismatches and the restore output. */
  public record VerificationView(String key, String backupSet, String status, String trigger, String requestedBy,
      Instant scheduledFor, Instant startedAt, Instant finishedAt, Long filesChecked, Long bytesChecked,
      long mismatchCount, List<MismatchView> mismatches, Double restoreSeconds, Double backupAgeHours,
      Instant backupTakenAt, String manifestSha256, String maxAge, String rto, String restoreCommand,
      String restoreOutcome, Integer restoreExitCode, String restoreOutput, String failureReason,
      String incidentNumber, String ownerGroup, String investigatedBy, Instant investigatedAt, String findings,
      String processInstanceId) {

    static VerificationView of(BackupVerification v, boolean full) {
      return new VerificationView(v.getVerificationKey(), v.getBackupSet(), v.getStatus().name(),
          v.getTrigger().name(), v.getRequestedBy(), v.getScheduledFor(), v.getStartedAt(), v.getFinishedAt(),
          v.getFilesChecked(), v.getBytesChecked(), v.getMismatchCount(),
          full ? v.getMismatches().stream().map(MismatchView::of).toList() : null,
          v.getRestoreMillis() == null ? null : v.getRestoreMillis() / 1000.0,
          v.getBackupAgeMinutes() == null ? null : Math.round(v.getBackupAgeMinutes() / 60.0 * 100) / 100.0,
          v.getBackupTakenAt(), v.getManifestSha256(), v.getMaxAge(), v.getRto(), v.getRestoreCommand(),
          v.getRestoreOutcome(), v.getRestoreExitCode(), full ? v.getRestoreOutput() : null, v.getFailureReason(),
          v.getIncidentNumber(), v.getOwnerGroup(), v.getInvestigatedBy(), v.getInvestigatedAt(), v.getFindings(),
          v.getProcessInstanceId());
    }
  }

  /** What the investigation task shows, read from the record when the task is created. */
  public record TaskDetails(String key, String backupSet, String failureReason, String incidentNumber,
      String mismatches, String restoreOutput) {

    static TaskDetails of(BackupVerification v) {
      String files = String.join("\n", v.getMismatches().stream()
          .map(m -> m.getKind() + " " + m.getPath() + " (" + m.getDetail() + ")").toList());
      return new TaskDetails(v.getVerificationKey(), v.getBackupSet(), nonNull(v.getFailureReason()),
          nonNull(v.getIncidentNumber()), files, nonNull(v.getRestoreOutput()));
    }

    private static String nonNull(String s) {
      return s == null ? "" : s;
    }
  }
}
