package io.sopflow.sop.review;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Implementation details of the periodic review: only its service and its scheduler use them. */
interface SopReviewScheduleRepository extends JpaRepository<SopReviewSchedule, Long> {

  Optional<SopReviewSchedule> findByProcessKey(String processKey);
}

interface SopReviewRepository extends JpaRepository<SopReview, Long> {

  Optional<SopReview> findByReviewKey(String reviewKey);

  boolean existsByReviewKey(String reviewKey);

  boolean existsByProcessKeyAndStatus(String processKey, SopReview.Status status);

  List<SopReview> findByProcessKeyOrderByDueAtDesc(String processKey);
}
