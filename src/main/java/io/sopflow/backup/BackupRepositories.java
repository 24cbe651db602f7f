package io.sopflow.backup;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/** Implementation details of the backup SOP: only its service and its scheduler use them. */
interface BackupVerificationRepository extends JpaRepository<BackupVerification, Long>,
    JpaSpecificationExecutor<BackupVerification> {
  // No findByVerificationKey: a verification is loaded by its key through RecordsByNumber (the key is its natural id).

  @Query("select v.verificationKey from BackupVerification v where v.backupSet = :backupSet and v.status = :status "
      + "order by v.id asc")
  List<String> keysByBackupSetAndStatus(String backupSet, VerificationStatus status);

  /** Verifications that still hold {@code backupSet} though they are no longer running (see {@code releaseHold}). */
  @Query("select v from BackupVerification v where v.adHocRunningSet = :backupSet and v.status <> :running")
  List<BackupVerification> staleHolds(String backupSet, VerificationStatus running);
}

interface ScheduledRunRepository extends JpaRepository<ScheduledRun, Long> {

  @Query("select count(r) > 0 from ScheduledRun r where r.backupSet = :backupSet and r.scheduledFor = :scheduledFor")
  boolean existsByBackupSetAndScheduledFor(String backupSet, Instant scheduledFor);

  @Query("select r from ScheduledRun r where r.backupSet = :backupSet order by r.scheduledFor asc")
  List<ScheduledRun> findByBackupSetOrderByScheduledForAsc(String backupSet);
}
