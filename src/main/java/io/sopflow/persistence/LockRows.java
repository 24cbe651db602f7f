package io.sopflow.persistence;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lock rows: one row per key (a person, an account, an item) that every transaction deciding about that key locks
 * ({@code SELECT ... FOR UPDATE}) before it reads what it decides on, so that two of them, on one node or two, decide
 * one after the other and the later one sees what the earlier one committed. A row of its own, because what is decided
 * on may have no row yet to wait on.
 *
 * <p>The row is created once, in a transaction of its own, so that two transactions creating it at once do not fail:
 * the loser's insert fails as a duplicate after the winner's commit, and both then lock the one row.
 */
@Component
public class LockRows {

  private static final Logger log = LoggerFactory.getLogger(LockRows.class);

  private final TransactionTemplate ownTransaction;

  public LockRows(PlatformTransactionManager transactionManager) {
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Holds the row {@code id} of {@code rows} until the caller's transaction ends: creates it ({@code newRow}) if there
   * is none, then locks it with {@code lock} (the repository's {@code PESSIMISTIC_WRITE} query).
   */
  public <T, K> T hold(JpaRepository<T, K> rows, K id, Supplier<T> newRow, Function<K, Optional<T>> lock) {
    if (!rows.existsById(id)) {
      try {
        ownTransaction.executeWithoutResult(status -> {
          if (!rows.existsById(id)) {
            rows.saveAndFlush(newRow.get());
          }
        });
      } catch (DataIntegrityViolationException e) {
        log.debug("Lock row {} was created by another transaction at the same moment", id);
      }
    }
    return lock.apply(id).orElseThrow(() -> new IllegalStateException("No lock row " + id));
  }
}
