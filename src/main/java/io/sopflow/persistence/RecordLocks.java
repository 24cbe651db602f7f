package io.sopflow.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.springframework.stereotype.Repository;

/**
 * The one way a service holds a record it has already loaded until its transaction ends: the record is read again
 * with a row lock, so that the caller decides on its committed state, not on what it read earlier in the
 * transaction (a query with a lock mode would lock the row but keep the managed entity's older state). What the
 * transaction changed so far is written first, so that reading again loses none of it.
 *
 * <p>Shared ({@code LOCK IN SHARE MODE} on MySQL/MariaDB): many transactions may hold the record at once, and a
 * change of it waits for all of them. H2 has no shared row lock, so there a shared hold is exclusive: hold late
 * (just before commit) whatever many transactions hold at once. A holder must not change the record in the same
 * transaction: two shared holders that both changed it would deadlock.
 *
 * <p>A {@code @Repository}, so that a lock wait that times out, a deadlock or a lost connection reaches the caller as
 * Spring's {@code DataAccessException} (409 or 503 from {@code ProblemHandler}), as from any repository.
 */
@Repository
public class RecordLocks {

  private final EntityManager entityManager;

  public RecordLocks(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** Re-reads {@code record} and holds it shared until the transaction ends (call inside a transaction). */
  public <T> T holdShared(T record) {
    return hold(record, LockModeType.PESSIMISTIC_READ);
  }

  /** Re-reads {@code record} and holds it exclusively until the transaction ends (call inside a transaction). */
  public <T> T holdExclusive(T record) {
    return hold(record, LockModeType.PESSIMISTIC_WRITE);
  }

  private <T> T hold(T record, LockModeType mode) {
    entityManager.flush();
    entityManager.refresh(record, mode);
    return record;
  }
}
