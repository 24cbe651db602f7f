package io.sopflow.access;

import java.time.Instant;

/** What the access process needs to know about a request, as plain values (never the entity). */
public final class AccessProcessData {

  /**
   * Start data: references and routing only. {@code managerApprover} is the line manager who may approve, or null
   * when the approval goes to the {@code managers} group (no manager, or the manager is the beneficiary or
   * requester); {@code ownerGroup} is the group that approves as resource owner.
   */
  public record Start(Long id, String key, String beneficiary, String requester, String managerApprover,
      String ownerGroup) {}

  /** What an approval task shows, read from the record when the task is created (never carried by the process). */
  public record TaskDetails(String key, String beneficiary, String requester, String resourceName, String riskLevel,
      String justification, String validUntil, String sodConflictDetails) {}

  /** The segregation-of-duties check; {@code details} names the conflicting resources (recorded on the request). */
  public record SodCheck(boolean conflict, String details) {}

  /**
   * What provisioning did, after checking the approved request again: granted the right; found a segregation-of-duties
   * conflict no exception covers (the request goes to the security officers); or refused the request, which ended
   * without a grant (a locked beneficiary, a validity that has passed, a revocation asked for meanwhile).
   */
  public enum Provisioning { PROVISIONED, SOD_CONFLICT, REFUSED }

  /**
   * The grant's timing: when it expires (null = until revoked), and when to remind the beneficiary before that.
   * {@code reminderWanted} is false when the grant is shorter than the reminder period. {@code revokeNow}: the
   * beneficiary left while the grant was being provisioned, so the grant goes straight to revocation.
   */
  public record GrantSchedule(Instant expiresAt, Instant reminderAt, boolean reminderWanted, boolean revokeNow) {

    public GrantSchedule(Instant expiresAt, Instant reminderAt, boolean reminderWanted) {
      this(expiresAt, reminderAt, reminderWanted, false);
    }

    /** A grant revoked as soon as it is there: no expiry, no reminder. */
    public static GrantSchedule revokeAtOnce() {
      return new GrantSchedule(null, null, false, true);
    }

    public boolean timeBoxed() {
      return expiresAt != null;
    }
  }

  private AccessProcessData() {}
}
