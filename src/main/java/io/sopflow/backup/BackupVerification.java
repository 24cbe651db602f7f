package io.sopflow.backup;

import io.sopflow.domain.ConflictException;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.NaturalId;

/**
 * One restore test of a backup set, with its evidence: what the restore command did, what the manifest check found,
 * how old the backup was and how long the restore took, judged against the set's recovery objectives. Guards its own
 * life cycle: RUNNING until judged, then PASSED or FAILED for good; a failed one is linked to its incident and
 * investigated once. Every refused transition is a {@link ConflictException}.
 *
 * <p>While an ad-hoc verification runs it holds its set ({@code ad_hoc_running_set}): the database lets one hold a set
 * at a time, so two ad-hoc restores of one set never run together, whichever node started them.
 */
@Entity
@Table(name = "backup_verification")
public class BackupVerification {

  static final String KEY_FORMAT = "BKP-%06d";
  private static final int TEXT = 2000;
  private static final int OUTPUT = 4000;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** Loaded through {@link io.sopflow.persistence.RecordsByNumber}; assigned after the insert, hence mutable. */
  @NaturalId(mutable = true)
  @Column(name = "verification_key", unique = true, length = 20)
  private String verificationKey;

  @Column(name = "backup_set", nullable = false, length = 64)
  private String backupSet;

  @Enumerated(EnumType.STRING)
  @Column(name = "verification_trigger", nullable = false, length = 16)
  private VerificationTrigger trigger;

  @Column(name = "requested_by", nullable = false, length = 64)
  private String requestedBy;

  @Column(name = "scheduled_for")
  private Instant scheduledFor;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private VerificationStatus status;

  @Column(name = "owner_group", nullable = false, length = 64)
  private String ownerGroup;

  /**
   * The set's name while this is a running ad-hoc verification, else null; set and cleared only by this record's own
   * transitions (started ad hoc, judged). A unique index on it (896-backup-ad-hoc-running.xml) is what keeps ad-hoc
   * restores of a set one at a time: the service's check before starting reads committed rows only, so two requests
   * at the same moment (on one node or two) both pass it, but only one of their inserts may hold the set. Scheduled
   * runs leave it null: each is one per due time, and it is the evidence the schedule promises, so an ad-hoc restore
   * running when it falls due must not cost it (nor does a scheduled run that is still going when the next due time
   * comes; the set's timeout bounds each restore).
   */
  @Column(name = "ad_hoc_running_set", length = 64)
  private String adHocRunningSet;

  @Column(name = "process_instance_id", length = 64)
  private String processInstanceId;

  @Column(name = "started_at", nullable = false, updatable = false)
  private Instant startedAt;

  @Column(name = "restore_command", length = 1000)
  private String restoreCommand;

  @Column(name = "restore_outcome", length = 16)
  private String restoreOutcome;

  @Column(name = "restore_exit_code")
  private Integer restoreExitCode;

  @Column(name = "restore_millis")
  private Long restoreMillis;

  @Column(name = "restore_output", length = OUTPUT)
  private String restoreOutput;

  @Column(name = "restored_at")
  private Instant restoredAt;

  @Column(name = "files_checked")
  private Long filesChecked;

  @Column(name = "bytes_checked")
  private Long bytesChecked;

  @Column(name = "manifest_sha256", length = 64)
  private String manifestSha256;

  @Column(name = "backup_taken_at")
  private Instant backupTakenAt;

  @Column(name = "mismatch_count", nullable = false)
  private long mismatchCount;

  @ElementCollection(fetch = FetchType.LAZY)
  @CollectionTable(name = "backup_verification_mismatch", joinColumns = @JoinColumn(name = "verification_id"))
  @OrderColumn(name = "seq")
  private List<RecordedMismatch> mismatches = new ArrayList<>();

  @Column(name = "max_age", length = 32)
  private String maxAge;

  @Column(name = "rto", length = 32)
  private String rto;

  @Column(name = "backup_age_minutes")
  private Long backupAgeMinutes;

  @Column(name = "failure_reason", length = TEXT)
  private String failureReason;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Column(name = "incident_number", length = 32)
  private String incidentNumber;

  @Column(name = "investigated_by", length = 64)
  private String investigatedBy;

  @Column(name = "investigated_at")
  private Instant investigatedAt;

  @Column(name = "findings", length = TEXT)
  private String findings;

  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  protected BackupVerification() {}

  BackupVerification(String backupSet, String ownerGroup, VerificationTrigger trigger, String requestedBy,
      Instant scheduledFor, Instant now) {
    this.backupSet = Objects.requireNonNull(backupSet, "backupSet");
    this.ownerGroup = Objects.requireNonNull(ownerGroup, "ownerGroup");
    this.trigger = Objects.requireNonNull(trigger, "trigger");
    this.requestedBy = Objects.requireNonNull(requestedBy, "requestedBy");
    if (trigger == VerificationTrigger.SCHEDULED && scheduledFor == null) {
      throw new IllegalArgumentException("A scheduled verification names the due time it runs for");
    }
    this.scheduledFor = scheduledFor;
    this.status = VerificationStatus.RUNNING;
    this.adHocRunningSet = trigger == VerificationTrigger.AD_HOC ? backupSet : null;
    this.startedAt = Objects.requireNonNull(now, "now");
  }

  /** The business key comes from the identity: unique on every node without a lock. */
  void assignKey() {
    if (id == null) {
      throw new IllegalStateException("Save the verification before assigning its key");
    }
    if (verificationKey == null) {
      verificationKey = String.format(KEY_FORMAT, id);
    }
  }

  void attachProcessInstance(String processInstanceId) {
    if (this.processInstanceId != null && !this.processInstanceId.equals(processInstanceId)) {
      throw new ConflictException(verificationKey + " already has process instance " + this.processInstanceId);
    }
    this.processInstanceId = processInstanceId;
  }

  /** The evidence of the restore: the command's run and, if it restored anything, the manifest check. */
  void recordRestore(RestoreRun run, ManifestVerifier.Result check, Instant at) {
    require(VerificationStatus.RUNNING);
    if (restoredAt != null) {
      throw new ConflictException(verificationKey + " was already restored at " + restoredAt);
    }
    restoreCommand = cut(run.commandLine(), 1000);
    restoreOutcome = run.outcome().name();
    restoreExitCode = run.exitCode();
    restoreMillis = run.duration().toMillis();
    restoreOutput = cut(run.output(), OUTPUT);
    restoredAt = at;
    if (check != null) {
      filesChecked = check.filesChecked();
      bytesChecked = check.bytesChecked();
      manifestSha256 = check.manifestSha256();
      backupTakenAt = check.manifestWrittenAt();
      mismatchCount = check.mismatchCount();
      check.mismatches().forEach(m -> mismatches.add(new RecordedMismatch(m)));
    }
  }

  /**
   * Judges the restore test against the set's objectives: the restore must have worked, every file must match the
   * manifest, the backup must be younger than {@code maxAge} (the RPO) and the restore faster than {@code rto}.
   * A restore that proves nothing fails too: one whose manifest lists no file (a backup of an empty or unmounted
   * folder), and one whose restored manifest was written during the restore, whose time therefore says nothing of
   * the backup's age (a restore command that does not keep file times). Returns whether it passed; a failure keeps
   * every reason.
   */
  boolean judge(Duration maxAge, Duration rto, Instant now) {
    require(VerificationStatus.RUNNING);
    if (restoredAt == null) {
      throw new ConflictException(verificationKey + " has not been restored yet");
    }
    this.maxAge = maxAge.toString();
    this.rto = rto.toString();
    List<String> reasons = new ArrayList<>();
    if (!RestoreRun.Outcome.SUCCEEDED.name().equals(restoreOutcome)) {
      reasons.add("Restore " + restoreOutcome.toLowerCase().replace('_', ' ')
          + (restoreExitCode == null ? "" : " (exit code " + restoreExitCode + ")") + ": see the restore output");
    } else {
      if (mismatchCount > 0) {
        reasons.add(mismatchCount + " file(s) do not match the manifest: " + String.join(", ",
            mismatches.stream().limit(5).map(m -> m.getKind() + " " + m.getPath()).toList())
            + (mismatchCount > 5 ? ", ..." : ""));
      } else if (filesChecked == null || filesChecked == 0) {
        reasons.add("No file was checked: the manifest lists none, so the restore proves nothing");
      }
      if (Duration.ofMillis(restoreMillis).compareTo(rto) > 0) {
        reasons.add("Restore took " + Duration.ofMillis(restoreMillis) + ", longer than the RTO of " + rto);
      }
    }
    if (backupTakenAt != null && !backupTakenAt.isBefore(restoredAt.minusMillis(restoreMillis))) {
      reasons.add("The backup's age is unknown: the restored manifest was written during the restore (at "
          + backupTakenAt + "), so the restore command does not keep file times (cp -a, rsync -a and restic do)");
    } else if (backupTakenAt != null) {
      Duration age = Duration.between(backupTakenAt, now);
      backupAgeMinutes = age.toMinutes();
      if (age.compareTo(maxAge) > 0) {
        reasons.add("Backup is " + age.toHours() + " h old, older than the RPO (max-age) of " + maxAge);
      }
    }
    finishedAt = now;
    adHocRunningSet = null;
    if (reasons.isEmpty()) {
      status = VerificationStatus.PASSED;
      return true;
    }
    status = VerificationStatus.FAILED;
    failureReason = cut(String.join("; ", reasons), TEXT);
    return false;
  }

  /**
   * Lets go of the set if this verification no longer runs but still holds it: judged by a node of the previous
   * release during a rolling upgrade (its mapping does not know the column), or its status corrected by hand. A running
   * one keeps its hold.
   */
  void releaseHold() {
    if (status != VerificationStatus.RUNNING) {
      adHocRunningSet = null;
    }
  }

  /** The incident opened for this failure; both sides name each other. */
  void linkIncident(String number) {
    require(VerificationStatus.FAILED);
    if (incidentNumber != null && !incidentNumber.equals(number)) {
      throw new ConflictException(verificationKey + " is already linked to incident " + incidentNumber);
    }
    incidentNumber = Objects.requireNonNull(number, "number");
  }

  void recordInvestigation(String by, String findings, Instant at) {
    require(VerificationStatus.FAILED);
    if (investigatedAt != null) {
      throw new ConflictException(verificationKey + " was already investigated by " + investigatedBy);
    }
    this.investigatedBy = Objects.requireNonNull(by, "by");
    this.findings = cut(Objects.requireNonNull(findings, "findings"), TEXT);
    this.investigatedAt = at;
  }

  private void require(VerificationStatus expected) {
    if (status != expected) {
      throw new ConflictException(verificationKey + " is " + status + "; expected " + expected);
    }
  }

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  public Long getId() { return id; }
  public String getVerificationKey() { return verificationKey; }
  public String getBackupSet() { return backupSet; }
  public VerificationTrigger getTrigger() { return trigger; }
  public String getRequestedBy() { return requestedBy; }
  public Instant getScheduledFor() { return scheduledFor; }
  public VerificationStatus getStatus() { return status; }
  public String getOwnerGroup() { return ownerGroup; }
  public String getProcessInstanceId() { return processInstanceId; }
  public Instant getStartedAt() { return startedAt; }
  public String getRestoreCommand() { return restoreCommand; }
  public String getRestoreOutcome() { return restoreOutcome; }
  public Integer getRestoreExitCode() { return restoreExitCode; }
  public Long getRestoreMillis() { return restoreMillis; }
  public String getRestoreOutput() { return restoreOutput; }
  public Instant getRestoredAt() { return restoredAt; }
  public Long getFilesChecked() { return filesChecked; }
  public Long getBytesChecked() { return bytesChecked; }
  public String getManifestSha256() { return manifestSha256; }
  public Instant getBackupTakenAt() { return backupTakenAt; }
  public long getMismatchCount() { return mismatchCount; }
  public List<RecordedMismatch> getMismatches() { return Collections.unmodifiableList(mismatches); }
  public String getMaxAge() { return maxAge; }
  public String getRto() { return rto; }
  public Long getBackupAgeMinutes() { return backupAgeMinutes; }
  public String getFailureReason() { return failureReason; }
  public Instant getFinishedAt() { return finishedAt; }
  public String getIncidentNumber() { return incidentNumber; }
  public String getInvestigatedBy() { return investigatedBy; }
  public Instant getInvestigatedAt() { return investigatedAt; }
  public String getFindings() { return findings; }
}
