package io.sopflow.access;

import java.util.List;

/** The grants whose revocation a leaver request started (each runs through its own process instance). */
public record LeaverView(String user, List<String> revokedGrants) {}
