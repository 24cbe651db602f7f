package io.sopflow.access;

import java.time.Instant;

/** What the access process needs to know about a request, as plain values (never the entity). */
public final class AccessProcessData {

  /**
   * Start data: references, routing and what the approval forms display. {@code managerApprover} is the line manager
   * who may approve, or null when the approval goes to the {@code managers} group (no manager, or the manager is the
   * beneficiary or requester).
   */
  public record Start(Long id, String key, String beneficiary, String requester, String resourceKey,
      String resourceName, String riskLevel, String justification, String validUntil, String managerApprover,
      String ownerGroup) {}

  /** The segregation-of-duties check; {@code details} names the conflicting resources. */
  public record SodCheck(boolean conflict, String details) {}

  /**
   * The grant's timing: when it expires (null = until revoked), and when to remind the beneficiary before that.
   * {@code reminderWanted} is false when the grant is shorter than the reminder period.
   */
  public record GrantSchedule(Instant expiresAt, Instant reminderAt, boolean reminderWanted) {

    public boolean timeBoxed() {
      return expiresAt != null;
    }
  }

  private AccessProcessData() {}
}
