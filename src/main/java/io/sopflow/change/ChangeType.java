package io.sopflow.change;

/** The ITIL change types of the request; the approval route follows from it (and, for STANDARD, the catalogue). */
public enum ChangeType { STANDARD, NORMAL, EMERGENCY }
