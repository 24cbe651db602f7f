package io.sopflow.backup;

/** A verification runs until the restore test has been judged: it then passed or failed, for good. */
public enum VerificationStatus { RUNNING, PASSED, FAILED }
