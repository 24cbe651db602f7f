package io.sopflow.securityincident;

/** Published when a security incident was stored; the process starter begins its process in the same transaction. */
public record SecurityIncidentReported(String number, String reporter, boolean personalDataInvolved,
    Severity severity) {}
