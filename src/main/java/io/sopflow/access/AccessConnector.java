package io.sopflow.access;

/**
 * How SOPFlow reaches a system that holds access rights. One Spring bean per connector type; a resource in the
 * catalogue names its type ({@code connectorType}), and the process grants, verifies and revokes through it.
 *
 * <p>To plug in another system, add a bean implementing this interface, e.g. {@code type() = "ldap-group"}, and create
 * catalogue entries with that connector type. Implementations must be idempotent: {@code grant} of an existing right
 * and {@code revoke} of a missing one succeed quietly, because the process retries failed calls. Throw an exception
 * for technical failures (the job is retried and ends up as an incident in Cockpit).
 */
public interface AccessConnector {

  /** The connector type that catalogue entries refer to, e.g. {@code identity-group}. */
  String type();

  void grant(String user, String resourceKey);

  void revoke(String user, String resourceKey);

  boolean hasAccess(String user, String resourceKey);
}
