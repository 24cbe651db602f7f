package io.sopflow.sop;

/** Where a deployed version of an SOP stands: awaiting its review, in force, turned down, or replaced by a newer one. */
public enum SopRevisionStatus { PROPOSED, IN_FORCE, REJECTED, SUPERSEDED }
