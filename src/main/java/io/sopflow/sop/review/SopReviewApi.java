package io.sopflow.sop.review;

import java.time.Instant;

/** The JSON of {@code GET /api/sops/{key}/reviews} and what the "Review SOP" task shows. */
public final class SopReviewApi {

  private SopReviewApi() {}

  /** One periodic review: open (due, waiting for the owner group) or recorded with its outcome. */
  public record ReviewView(String key, String processKey, String status, Instant dueAt, String ownerGroup,
      Instant startedAt, String outcome, String comment, String reviewedBy, Instant reviewedAt,
      Instant nextReviewDue, String processInstanceId) {

    static ReviewView of(SopReview r) {
      return new ReviewView(r.getReviewKey(), r.getProcessKey(), r.getStatus().name(), r.getDueAt(),
          r.getOwnerGroup(), r.getStartedAt(), r.getOutcome() == null ? null : r.getOutcome().name(), r.getComment(),
          r.getReviewedBy(), r.getReviewedAt(), r.getNextReviewDue(), r.getProcessInstanceId());
    }
  }

  /** An SOP's review history, newest first, with its schedule. */
  public record ReviewHistory(String processKey, String reviewInterval, Instant nextReviewDue,
      Instant lastReviewedAt, java.util.List<ReviewView> reviews) {}

  /** What the "Review SOP" form shows (task-local variables), read from the record and the model. */
  public record TaskDetails(String sopName, String processKey, int version, String dueAt, String lastReviewed,
      String reviewInterval) {}
}
