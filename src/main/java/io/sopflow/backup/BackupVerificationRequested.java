package io.sopflow.backup;

/** Published when a verification was stored; the process starter begins its process in the same transaction. */
public record BackupVerificationRequested(String verificationKey, String backupSet, String ownerGroup) {}
