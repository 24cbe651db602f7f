package io.sopflow.sop.migration;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.domain.RecordNotFoundException;
import io.sopflow.identity.CurrentUser;
import io.sopflow.identity.Groups;
import io.sopflow.sop.migration.SopMigrationApi.MigrationReport;
import io.sopflow.sop.migration.SopMigrationApi.MigrationRequest;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Migrating an SOP's running instances from one version of its model to a newer one
 * (docs/sop-reviews-and-migrations.md). Process owners and admins only; the security incident SOP is confidential
 * (process owners may not read its instances), so only admins migrate it. Every migration, dry runs included, is
 * audited.
 *
 * <p>The batch (a real run) and the audit entry commit in one transaction. Each instance is validated by migrating
 * it in a transaction of its own that is always rolled back (the engine validates instances only while it migrates
 * them); the batch itself is run by the job executor after the request.
 */
@Service
@Transactional
public class SopMigrationService {

  static final String SUBJECT = "SOP migration";
  static final Set<String> MIGRATORS = Set.of(Groups.PROCESS_OWNERS, Groups.ADMINS);
  /** Confidential SOPs: their instances are migrated by admins only (process owners cannot read them). */
  static final Set<String> ADMINS_ONLY = Set.of("SecurityIncidentProcess");

  private final ProcessMigrations migrations;
  private final CurrentUser currentUser;
  private final AuditTrail audit;

  SopMigrationService(ProcessMigrations migrations, CurrentUser currentUser, AuditTrail audit) {
    this.migrations = migrations;
    this.currentUser = currentUser;
    this.audit = audit;
  }

  /** Who may (403), which SOP (404), then each field (400 naming it). */
  public MigrationReport migrate(String processKey, MigrationRequest request) {
    String user = currentUser.require();
    Set<String> groups = currentUser.groups();
    if (groups.stream().noneMatch(MIGRATORS::contains)) {
      throw new ForbiddenException("Only process owners and admins migrate SOP instances");
    }
    if (ADMINS_ONLY.contains(processKey) && !groups.contains(Groups.ADMINS)) {
      throw new ForbiddenException(processKey + " is confidential: only admins migrate its instances");
    }
    int latest = migrations.latestVersion(processKey)
        .orElseThrow(() -> new RecordNotFoundException("SOP", processKey));
    if (request == null) {
      throw new InvalidRequestException("fromVersion", "is required");
    }
    int from = version("fromVersion", request.fromVersion(), processKey, latest);
    int to = version("toVersion", request.toVersion(), processKey, latest);
    if (to == from) {
      throw new InvalidRequestException("toVersion", "must differ from fromVersion");
    }
    if (to < from) {
      throw new InvalidRequestException("toVersion", "must be newer than fromVersion: instances move forward; "
          + "to undo a version, deploy the earlier model again as a new version");
    }
    boolean dryRun = request.dryRun() == null || request.dryRun();
    if (!dryRun && !migrations.inForce(processKey, to)) {
      // Four-eyes: a revision is in force only once a second owner approved it (SopRevisionProcess); moving running
      // instances onto it before would bypass that. A dry run may look ahead, e.g. while the revision is reviewed.
      throw new InvalidRequestException("toVersion", "version " + to + " of " + processKey + " is not in force "
          + "(its revision is waiting for review, or was rejected): a dry run shows what would migrate");
    }
    MigrationReport report = migrations.migrate(processKey, from, to, dryRun, user);
    audit.record(AuditEvent.of(user, dryRun ? "MIGRATION_CHECKED" : "MIGRATION_STARTED", SUBJECT, processKey,
        "version " + from + " to " + to + ": " + report.migratable().size() + " migratable, "
            + report.notMigratable().size() + " not" + (report.planErrors().isEmpty() ? ""
            : "; plan refused: " + String.join("; ", report.planErrors()))
            + (report.batchId() == null ? "" : "; batch " + report.batchId() + " migrates " + report.migrating())));
    return report;
  }

  private int version(String field, Integer value, String processKey, int latest) {
    if (value == null) {
      throw new InvalidRequestException(field, "is required");
    }
    if (value < 1) {
      throw new InvalidRequestException(field, "must be a version number, 1 or more");
    }
    if (value > latest || !migrations.hasVersion(processKey, value)) {
      throw new InvalidRequestException(field, processKey + " has no version " + value + " (latest: " + latest + ")");
    }
    return value;
  }
}
