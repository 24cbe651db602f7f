package io.sopflow.delegation;

import io.sopflow.platform.process.DelegatedTasks;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
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
 *
 * <p>The same tick withdraws offers of a person's own tasks ({@link DelegatedTasks#withdrawPersonalOffer}): a
 * delegation in force when the setting {@code delegable} came kept its offers of them, and during a rolling upgrade a
 * node of the version before keeps making such offers; on the tick, not at start-up, so that those are caught too.
 * Each task in its own transaction, like each delegation.
 */
@Component
class DelegationWindows {

  private static final Logger log = LoggerFactory.getLogger(DelegationWindows.class);

  private final DelegationService service;
  private final DelegatedTasks delegatedTasks;
  private final TransactionTemplate transaction;
  private final Clock clock;

  DelegationWindows(DelegationService service, DelegatedTasks delegatedTasks,
      PlatformTransactionManager transactionManager, Clock clock) {
    this.service = service;
    this.delegatedTasks = delegatedTasks;
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
   * Ends what is over or whose delegate left, then starts what is due, at {@code now}, then withdraws offers of a
   * person's own tasks; returns how many delegations this node moved (withdrawn offers are not counted).
   */
  int runDue(Instant now) {
    int moved = 0;
    moved += each("Delegation", service.delegateGone(), id -> service.endIfDelegateGone(id, now),
        "ended (delegate left)");
    moved += each("Delegation", service.dueToEnd(now), id -> service.endIfDue(id, now), "ended");
    moved += each("Delegation", service.dueToStart(now), id -> service.startIfDue(id, now), "started");
    int withdrawn = each("Offer of a person's own task", delegatedTasks.personalOffers(),
        delegatedTasks::withdrawPersonalOffer, "withdrawn");
    if (withdrawn > 0) {
      log.info("Withdrew {} offer(s) of a person's own task from their delegate (offered before 'delegable')",
          withdrawn);
    }
    return moved;
  }

  private <T> int each(String kind, List<T> ids, Predicate<T> move, String what) {
    List<T> moved = new ArrayList<>();
    for (T id : ids) {
      try {
        if (Boolean.TRUE.equals(transaction.execute(status -> move.test(id)))) {
          moved.add(id);
        }
      } catch (ConcurrencyFailureException e) {
        log.debug("{} {} was {} by another node", kind, id, what);
      } catch (RuntimeException e) {
        // Also the engine's optimistic lock when another node moved the same tasks: the next tick sees the outcome.
        log.warn("{} {} could not be {} now; tried again on the next tick", kind, id, what, e);
      }
    }
    return moved.size();
  }
}
