package io.sopflow.notification;

import io.sopflow.metrics.SopMetrics;
import io.sopflow.notification.Notification.Status;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dispatcher's side of the outbox table. Every method is its own short transaction (never the caller's): a claim
 * is committed before anything is mailed, and each mail's SENT mark is committed right after the SMTP server accepted
 * it, so a node that dies re-sends at most the one mail whose SMTP transaction it was in.
 */
@Component
class NotificationOutbox {

  /** A claim: its token (in {@code claimed_by}), its lease, and the rows it got. */
  record Claim(String token, Instant until, List<Notification> rows) {}

  private final NotificationRepository notifications;

  private final SopMetrics metrics;

  NotificationOutbox(NotificationRepository notifications, SopMetrics metrics) {
    this.metrics = metrics;
    this.notifications = notifications;
  }

  /**
   * Claims up to {@code max} due rows for {@code lease}: one conditional update; the rows it changed are this claim's,
   * whatever other nodes claim at the same moment.
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public Claim claim(String nodeId, int max, Instant now, java.time.Duration lease) {
    String token = nodeId + ":" + UUID.randomUUID().toString().substring(0, 8);
    Instant until = now.plus(lease);
    List<Long> due = notifications.findDue(Status.PENDING, now, PageRequest.of(0, max));
    if (due.isEmpty()) {
      return new Claim(token, until, List.of());
    }
    int claimed = notifications.claim(due, token, until, now, Status.PENDING);
    List<Notification> rows = claimed == 0 ? List.of()
        : notifications.findByClaimedByAndStatusOrderByIdAsc(token, Status.PENDING);
    return new Claim(token, until, rows);
  }

  /**
   * Marks a row SENT with the text as mailed. The text is written only if the dispatcher changed it (filled in a task
   * link): the body is a LOB, and writing an unchanged one again gave H2 a new LOB to store and an old one to compact
   * (issue #24 step 25).
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public boolean markSent(Notification row, Instant sentAt, String subject, String body) {
    boolean asStored = Objects.equals(subject, row.getSubject()) && Objects.equals(body, row.getBody());
    boolean marked = (asStored
        ? notifications.markSent(row.getId(), sentAt, Status.SENT, Status.PENDING)
        : notifications.markSentAsMailed(row.getId(), sentAt, subject, body, Status.SENT, Status.PENDING)) == 1;
    if (marked) {
      metrics.notification(SopMetrics.SENT);
    }
    return marked;
  }

  /** Records a failed attempt; returns the row's new status (PENDING with a next attempt, or FAILED). */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public Status markFailedAttempt(Notification row, String claim, String error, Instant next, boolean giveUp) {
    Status status = giveUp ? Status.FAILED : Status.PENDING;
    notifications.markFailedAttempt(row.getId(), claim, status, abbreviate(error), giveUp ? null : next,
        Status.PENDING);
    metrics.notification(giveUp ? SopMetrics.FAILED : SopMetrics.RETRIED);
    return status;
  }

  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void release(Collection<Long> ids, String claim) {
    if (!ids.isEmpty()) {
      notifications.release(ids, claim, Status.PENDING);
    }
  }

  private static String abbreviate(String error) {
    String text = error == null ? "unknown error" : error;
    return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
  }
}
