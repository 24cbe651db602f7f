package io.sopflow.sop.review;

/** A review was claimed and stored: its process starts in the same transaction. */
public record SopReviewDue(String reviewKey, String processKey, String ownerGroup) {}
