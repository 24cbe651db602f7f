package io.sopflow.delegation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts and ends delegation windows when they fall due, on every node, each delegation once.
 *
 * <p>Why a scheduled sweep and not engine timers: a delegation is not an SOP (no step a person works on, nothing for
 * Cockpit), so one process instance per delegation would add a model with two timers only to reach the same two
 * method calls. The sweep keeps the state in the delegation row: each due delegation moves in its own transaction,
 * the row's version column is flushed before any task is touched, so of two nodes sweeping at once the second fails
 * its optimistic lock and rolls back (engine task changes included: one transaction). A node that was down catches up
 * on its next tick. Tests call {@link #runDue(Instant)} with the engine clock moved: no real-time wait.
 *
 * <p>A delegate who leaves is found by the same sweep: their account is locked (the leaver SOP, or a security
 * incident's containment) or deleted (Camunda Admin), by whichever way, and nothing tells this package; the next tick
 * ends the delegation and withdraws its offers. Until then nothing new is offered to them
 * ({@link DelegationService#activeDelegateOf}), and they cannot sign in to work what they hold.
 */
@Component
class DelegationWindows {

  private static final Logger log = LoggerFactory.getLogger(DelegationWindows.class);

  private final DelegationService service;
  private final TransactionTemplate transaction;
  private final Clock clock;

  DelegationWindows(DelegationService service, PlatformTransactionManager transactionManager, Clock clock) {
    this.service = service;
    this.transaction = new TransactionTemplate(transactionManager);
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${sopflow.delegation.window-tick:PT1M}",
      initialDelayString = "${sopflow.delegation.window-tick:PT1M}")
  void tick() {
    runDue(clock.instant());
  }

  /**
   * Ends what is over or whose delegate left, then starts what is due, at {@code now}; returns how many delegations
   * this node moved.
   */
  int runDue(Instant now) {
    int moved = 0;
    moved += each(service.delegateGone(), now, service::endIfDelegateGone, "ended (delegate left)");
    moved += each(service.dueToEnd(now), now, service::endIfDue, "ended");
    moved += each(service.dueToStart(now), now, service::startIfDue, "started");
    return moved;
  }

  private int each(List<Long> ids, Instant now, BiPredicate<Long, Instant> move, String what) {
    List<Long> moved = new ArrayList<>();
    for (Long id : ids) {
      try {
        if (Boolean.TRUE.equals(transaction.execute(status -> move.test(id, now)))) {
          moved.add(id);
        }
      } catch (ConcurrencyFailureException e) {
        log.debug("Delegation {} was {} by another node", id, what);
      } catch (RuntimeException e) {
        // Also the engine's optimistic lock when another node moved the same tasks: the next tick sees the outcome.
        log.warn("Delegation {} could not be {} now; tried again on the next tick", id, what, e);
      }
    }
    return moved.size();
  }
}
