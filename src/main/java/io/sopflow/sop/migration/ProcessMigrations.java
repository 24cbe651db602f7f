package io.sopflow.sop.migration;

import io.sopflow.sop.migration.SopMigrationApi.MigrationReport;
import java.util.OptionalInt;

/**
 * The engine's side of an SOP migration (implemented in {@code process}): which versions of a key exist, and a
 * migration plan from one to the other, validated per running instance and, unless a dry run, executed as a batch.
 */
public interface ProcessMigrations {

  /** The latest version of {@code processKey}; empty when the key was never deployed. */
  OptionalInt latestVersion(String processKey);

  boolean hasVersion(String processKey, int version);

  /** Whether {@code version} may start instances: the version in force (a revision waiting for review is not). */
  boolean inForce(String processKey, int version);

  /**
   * Builds the plan (activities mapped by equal ids), validates it for every running instance of {@code fromVersion}
   * and, unless {@code dryRun}, migrates the valid ones as one batch started by {@code user}.
   */
  MigrationReport migrate(String processKey, int fromVersion, int toVersion, boolean dryRun, String user);
}
