package io.sopflow.notification;

import java.time.Clock;
import java.util.Optional;
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

  /**
   * Records the hand-over and commits it at once, whatever becomes of the caller's transaction. Idempotent: the key is
   * assigned, so {@code save} merges, and a row that exists already stays as it is.
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void record(String dedupeKey) {
    handovers.save(new MailHandover(dedupeKey, clock.instant()));
  }
}

interface MailHandoverRepository extends JpaRepository<MailHandover, String> {
}
