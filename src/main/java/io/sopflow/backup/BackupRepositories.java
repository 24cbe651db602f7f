package io.sopflow.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/** Implementation details of the backup SOP: only its service and its scheduler use them. */
interface BackupVerificationRepository extends JpaRepository<BackupVerification, Long>,
    JpaSpecificationExecutor<BackupVerification> {

  Optional<BackupVerification> findByVerificationKey(String verificationKey);
}

interface ScheduledRunRepository extends JpaRepository<ScheduledRun, Long> {

  boolean existsByBackupSetAndScheduledFor(String backupSet, Instant scheduledFor);

  List<ScheduledRun> findByBackupSetOrderByScheduledForAsc(String backupSet);
}
