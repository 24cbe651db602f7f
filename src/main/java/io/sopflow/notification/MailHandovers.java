package io.sopflow.notification;

import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers which notifications the SMTP server has accepted, outside the job's transaction. The notification row is
 * written in the job's transaction (so that two nodes running the same job cannot both mail); if that transaction
 * then rolls back after the hand-over (an optimistic-locking conflict at the engine's flush, a node killed before its
 * commit), the retried job finds the hand-over here and does not mail the same message again. What is left is the
 * moment between the server's acceptance and this row's commit.
 */
@Component
class MailHandovers {

  private static final Logger log = LoggerFactory.getLogger(MailHandovers.class);

  private final MailHandoverRepository handovers;
  private final Clock clock;

  MailHandovers(MailHandoverRepository handovers, Clock clock) {
    this.handovers = handovers;
    this.clock = clock;
  }

  /** When the mail of this notification was handed over, if it was. */
  @Transactional(readOnly = true)
  public Optional<java.time.Instant> handedOver(String dedupeKey) {
    return handovers.findById(dedupeKey).map(MailHandover::handedOverAt);
  }

  /** Records the hand-over and commits it at once, whatever becomes of the caller's transaction. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void record(String dedupeKey) {
    try {
      handovers.saveAndFlush(new MailHandover(dedupeKey, clock.instant()));
    } catch (DataIntegrityViolationException e) {
      // Recorded already by an earlier attempt that handed the same message over: nothing to add.
      log.debug("Hand-over of {} was recorded already", dedupeKey);
    }
  }
}

interface MailHandoverRepository extends JpaRepository<MailHandover, String> {
}
