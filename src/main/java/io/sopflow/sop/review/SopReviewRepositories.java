package io.sopflow.sop.review;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Implementation details of the periodic review: only its service and its scheduler use them. */
interface SopReviewScheduleRepository extends JpaRepository<SopReviewSchedule, Long> {

  @Query("select s from SopReviewSchedule s where s.processKey = :processKey")
  Optional<SopReviewSchedule> findByProcessKey(String processKey);
}

interface SopReviewRepository extends JpaRepository<SopReview, Long> {

  @Query("select r from SopReview r where r.reviewKey = :reviewKey")
  Optional<SopReview> findByReviewKey(String reviewKey);

  @Query("select count(r) > 0 from SopReview r where r.reviewKey = :reviewKey")
  boolean existsByReviewKey(String reviewKey);

  @Query("select count(r) > 0 from SopReview r where r.processKey = :processKey and r.status = :status")
  boolean existsByProcessKeyAndStatus(String processKey, SopReview.Status status);

  @Query("select r from SopReview r where r.processKey = :processKey order by r.dueAt desc")
  List<SopReview> findByProcessKeyOrderByDueAtDesc(String processKey);
}
