package io.sopflow.access;

import java.util.List;

/**
 * What a leaver request did: the account it locked, the grants whose revocation it started (each runs through its own
 * process instance), the grants still being provisioned that are revoked as soon as they are confirmed, and the
 * user's pending requests it cancelled (their processes ended, their approval tasks gone).
 */
public record LeaverView(String user, boolean accountLocked, List<String> revokedGrants,
    List<String> revokedOnceProvisioned, List<String> cancelledRequests) {}
