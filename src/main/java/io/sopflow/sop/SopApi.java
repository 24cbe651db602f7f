package io.sopflow.sop;

import java.time.Instant;
import java.util.Map;

/** What {@code /api/sops} answers, and what the review of a revision shows. */
public final class SopApi {

  private SopApi() {}

  /** One line of an SOP's revision history. */
  public record RevisionView(String key, int version, String versionTag, String author, String approver,
      SopRevisionStatus status, Instant deployedAt, Instant effectiveFrom, Instant decidedAt, String notes,
      Boolean checksPassed, String changeSummary, String processInstanceId) {

    static RevisionView of(SopRevision r) {
      return new RevisionView(r.key(), r.getVersion(), r.getVersionTag(), r.getAuthor(), r.getApprover(),
          r.getStatus(), r.getDeployedAt(), r.getEffectiveFrom(), r.getDecidedAt(), r.getNotes(), r.getChecksPassed(),
          r.getChangeSummary(), r.getProcessInstanceId());
    }
  }

  /** A revision waiting for its review, as the catalogue names it. */
  public record PendingRevision(String key, int version, String versionTag, String author, Instant deployedAt) {}

  /** An SOP of the catalogue: the version in force, who owns it, what it is for. */
  public record SopView(String key, String name, String purpose, String scope, String ownerGroup,
      int versionInForce, String versionTag, Instant effectiveFrom, Instant nextReviewDue,
      Map<Integer, Long> openInstancesPerVersion, PendingRevision pendingRevision) {}

  /** What the reviewer of a revision sees on the task. */
  public record ReviewDetails(String key, String processKey, int version, String versionTag, String author,
      int versionInForce, boolean checksPassed, String checks, String changeSummary) {}

  /** Whether a deployed version is in force at once, or proposed for review. */
  public enum Outcome { IN_FORCE, PROPOSED }
}
