package io.sopflow.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One person's access requests decided one after the other: what a request may become depends on the person's other
 * requests and grants (the same resource asked for twice, a segregation-of-duties conflict between two resources, a
 * right another grant still needs), and a transaction sees another's request only once that one commits. Each such
 * decision holds the beneficiary's lock row ({@code SELECT ... FOR UPDATE}) until its transaction ends, so a second
 * transaction, on this node or another, waits and then sees the first one's outcome.
 */
@Component
class BeneficiaryLocks {

  private static final Logger log = LoggerFactory.getLogger(BeneficiaryLocks.class);

  private final BeneficiaryLockRepository locks;
  private final TransactionTemplate ownTransaction;

  BeneficiaryLocks(BeneficiaryLockRepository locks, PlatformTransactionManager transactionManager) {
    this.locks = locks;
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Holds {@code beneficiary} until the caller's transaction ends. The row is created once, in a transaction of its
   * own, so that two transactions creating it at once do not fail: the loser's insert fails as a duplicate after the
   * winner's commit, and both then lock the one row.
   */
  void hold(String beneficiary) {
    if (!locks.existsById(beneficiary)) {
      try {
        ownTransaction.executeWithoutResult(status -> {
          if (!locks.existsById(beneficiary)) {
            locks.saveAndFlush(new BeneficiaryLock(beneficiary));
          }
        });
      } catch (DataIntegrityViolationException e) {
        log.debug("Lock row of {} was created by another transaction at the same moment", beneficiary);
      }
    }
    locks.lock(beneficiary).orElseThrow(() -> new IllegalStateException("No lock row for " + beneficiary));
  }
}
