package io.sopflow.access;

/** Domain events of access provisioning; the process package turns them into process starts and messages. */
public final class AccessEvents {

  /** A request was saved: start its process in the same transaction. */
  public record AccessRequested(Long id, String key) {}

  /** Somebody asked to revoke an active grant: resume its process in the same transaction. */
  public record RevocationRequested(Long id, String key, String requestedBy, String reason) {}

  /** A pending request was cancelled (its beneficiary left): end its process in the same transaction. */
  public record CancellationRequested(Long id, String key, String cancelledBy) {}

  /**
   * A request reached its outcome: granted (the right was read back from the target system) or not (rejected, timed
   * out, cancelled). Other SOPs that asked for the access (a service request) follow it; the access SOP needs nothing.
   */
  public record AccessDecided(Long id, String key, boolean granted, String reason) {}

  private AccessEvents() {}
}
