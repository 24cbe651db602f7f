package io.sopflow.sop.review;

import io.sopflow.sop.review.SopReviewApi.ReviewHistory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SopReviewController {

  private final SopReviewService service;

  SopReviewController(SopReviewService service) {
    this.service = service;
  }

  /** The SOP's periodic reviews, newest first, and when the next one is due. */
  @GetMapping("/api/sops/{key}/reviews")
  ReviewHistory reviews(@PathVariable String key) {
    return service.history(key);
  }
}
