package io.sopflow.notification;

import io.sopflow.notification.Notification.Status;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Notifications, and the dispatcher's conditional updates. Each update states in its {@code where} clause the state it
 * expects (pending, unclaimed or claimed by this claim), so that of two nodes doing the same at once one changes the row
 * and the other changes nothing: the databases lock the row and re-evaluate the condition on its committed state (H2
 * MVStore and InnoDB under READ COMMITTED alike).
 */
interface NotificationRepository extends JpaRepository<Notification, Long> {

  @Query("select count(n) > 0 from Notification n where n.dedupeKey = :dedupeKey")
  boolean existsByDedupeKey(@Param("dedupeKey") String dedupeKey);

  @Query("select n from Notification n where n.reference = :reference order by n.id asc")
  List<Notification> findByReferenceOrderByIdAsc(@Param("reference") String reference);

  @Query(value = "select n from Notification n where n.reference = :reference order by n.id asc",
      countQuery = "select count(n) from Notification n where n.reference = :reference")
  Page<Notification> pageByReference(@Param("reference") String reference, Pageable page);

  /** Pending rows that are due and not under a live claim, oldest first. */
  @Query("select n.id from Notification n where n.status = :pending"
      + " and (n.nextAttemptAt is null or n.nextAttemptAt <= :now)"
      + " and (n.claimedUntil is null or n.claimedUntil < :now) order by n.id")
  List<Long> findDue(@Param("pending") Status pending, @Param("now") Instant now, Pageable page);

  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query("update Notification n set n.claimedBy = :claim, n.claimedUntil = :until"
      + " where n.id in :ids and n.status = :pending"
      + " and (n.nextAttemptAt is null or n.nextAttemptAt <= :now)"
      + " and (n.claimedUntil is null or n.claimedUntil < :now)")
  int claim(@Param("ids") Collection<Long> ids, @Param("claim") String claim, @Param("until") Instant until,
      @Param("now") Instant now, @Param("pending") Status pending);

  @Query("select n from Notification n where n.claimedBy = :claimedBy and n.status = :status order by n.id asc")
  List<Notification> findByClaimedByAndStatusOrderByIdAsc(@Param("claimedBy") String claimedBy,
      @Param("status") Status status);

  /** The SMTP server accepted it. Not tied to the claim: whoever holds the row now, the mail is out. */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query("update Notification n set n.status = :sent, n.sentAt = :sentAt, n.attempts = n.attempts + 1,"
      + " n.claimedUntil = null, n.nextAttemptAt = null"
      + " where n.id = :id and n.status = :pending")
  int markSent(@Param("id") Long id, @Param("sentAt") Instant sentAt, @Param("sent") Status sent,
      @Param("pending") Status pending);

  /** The same, storing the text as it was mailed (its task placeholders filled in by the dispatcher). */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query("update Notification n set n.status = :sent, n.sentAt = :sentAt, n.attempts = n.attempts + 1,"
      + " n.claimedUntil = null, n.nextAttemptAt = null, n.subject = :subject, n.body = :body"
      + " where n.id = :id and n.status = :pending")
  int markSentAsMailed(@Param("id") Long id, @Param("sentAt") Instant sentAt, @Param("subject") String subject,
      @Param("body") String body, @Param("sent") Status sent, @Param("pending") Status pending);

  /** A failed attempt: back to pending with the next attempt's time, or FAILED; only while this claim holds it. */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query("update Notification n set n.status = :status, n.attempts = n.attempts + 1, n.lastError = :error,"
      + " n.nextAttemptAt = :next, n.claimedUntil = null"
      + " where n.id = :id and n.claimedBy = :claim and n.status = :pending")
  int markFailedAttempt(@Param("id") Long id, @Param("claim") String claim, @Param("status") Status status,
      @Param("error") String error, @Param("next") Instant next, @Param("pending") Status pending);

  /** Gives rows back unattempted (the batch stopped early). */
  @Modifying(flushAutomatically = true, clearAutomatically = true)
  @Query("update Notification n set n.claimedUntil = null"
      + " where n.id in :ids and n.claimedBy = :claim and n.status = :pending")
  int release(@Param("ids") Collection<Long> ids, @Param("claim") String claim, @Param("pending") Status pending);
}
