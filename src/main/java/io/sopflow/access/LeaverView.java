package io.sopflow.access;

import java.util.List;

/**
 * What a leaver request did: the grants whose revocation it started (each runs through its own process instance) and
 * the user's pending requests it cancelled (their processes ended, their approval tasks gone).
 */
public record LeaverView(String user, List<String> revokedGrants, List<String> cancelledRequests) {}
