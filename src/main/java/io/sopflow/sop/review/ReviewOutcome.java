package io.sopflow.sop.review;

/** What a periodic review found: the SOP stays as it is, or a revision is planned (then deployed and approved). */
public enum ReviewOutcome { NO_CHANGE_NEEDED, REVISION_PLANNED }
