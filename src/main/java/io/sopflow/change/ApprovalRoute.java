package io.sopflow.change;

/** Which approval the change goes through: pre-approved standard, normal (review + CAB) or emergency CAB. */
public enum ApprovalRoute { STANDARD, NORMAL, EMERGENCY }
