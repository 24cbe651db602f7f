package io.sopflow.sop.migration;

import java.util.List;

/** The JSON of {@code POST /api/sops/{key}/migrations}. */
public final class SopMigrationApi {

  private SopMigrationApi() {}

  /**
   * Move the running instances of version {@code fromVersion} of the SOP to {@code toVersion} (newer). A dry run
   * (the default when {@code dryRun} is left out) changes nothing and reports what a migration would do.
   */
  public record MigrationRequest(Integer fromVersion, Integer toVersion, Boolean dryRun) {}

  /** One mapping of the plan: the activity of the old version and the one of the new version it maps to. */
  public record Instruction(String sourceActivityId, String targetActivityId, boolean updateEventTrigger) {}

  /** A running instance that can move, and where it waits. */
  public record MigratableInstance(String processInstanceId, String businessKey, List<String> activities) {}

  /** A running instance that cannot move, and why (the engine's validation report, in its words). */
  public record NotMigratableInstance(String processInstanceId, String businessKey, String reason) {}

  /**
   * What the migration would do (dry run) or did: the plan (instructions; {@code planErrors} when the engine refuses
   * the plan itself, then no instance migrates), the instances that can and cannot migrate, and, when not a dry run,
   * the batch that migrates them ({@code batchId}, shown in Cockpit under Batches, run by the job executor).
   */
  public record MigrationReport(String processKey, int fromVersion, int toVersion, String sourceProcessDefinitionId,
      String targetProcessDefinitionId, boolean dryRun, List<Instruction> instructions,
      List<String> unmappedActivities, List<String> planErrors, List<MigratableInstance> migratable,
      List<NotMigratableInstance> notMigratable, String batchId, int migrating) {}
}
