package io.sopflow.backup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One due time of one set's schedule, claimed by the node that runs it. The table's unique constraint on
 * {@code (backup_set, scheduled_for)} is what makes a due time run once across all nodes: see {@link BackupScheduler}.
 */
@Entity
@Table(name = "backup_scheduled_run")
class ScheduledRun {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "backup_set", nullable = false, length = 64)
  private String backupSet;

  @Column(name = "scheduled_for", nullable = false)
  private Instant scheduledFor;

  @Column(name = "claimed_by", nullable = false, length = 100)
  private String claimedBy;

  @Column(name = "claimed_at", nullable = false)
  private Instant claimedAt;

  @Column(name = "verification_key", length = 20)
  private String verificationKey;

  protected ScheduledRun() {}

  ScheduledRun(String backupSet, Instant scheduledFor, String claimedBy, Instant claimedAt) {
    this.backupSet = backupSet;
    this.scheduledFor = scheduledFor;
    this.claimedBy = claimedBy;
    this.claimedAt = claimedAt;
  }

  void started(String verificationKey) {
    this.verificationKey = verificationKey;
  }

  String getBackupSet() { return backupSet; }
  Instant getScheduledFor() { return scheduledFor; }
  String getClaimedBy() { return claimedBy; }
  String getVerificationKey() { return verificationKey; }
}
