package io.sopflow.backup;

/** Why a verification ran: its set's schedule fell due, or a person asked for it. */
public enum VerificationTrigger { SCHEDULED, AD_HOC }
