package io.sopflow.persistence;

import jakarta.persistence.EntityManager;
import java.util.Optional;
import org.hibernate.Session;
import org.springframework.stereotype.Repository;

/**
 * The one way a service loads a record by its business number ({@code INC-000042}, {@code PRJ-APOLLO}): the number is
 * the entity's natural id ({@code @NaturalId(mutable = true)}: most numbers follow from the identity column and are
 * assigned right after the insert), loaded through Hibernate's natural-id API.
 *
 * <p>Why not a query: one step of a process loads its record several times in one transaction (the service method,
 * the next task's details, the notification it records, the problem link), and each JPQL query made Hibernate
 * auto-flush, i.e. dirty-check every managed entity, and then ask the database again. The natural-id API answers
 * from the persistence context once the record is managed in this transaction, and asks the database (one select by
 * the unique number, no flush) only the first time. Nothing outlives the transaction, so another node's change is
 * seen by the next transaction as before.
 *
 * <p>A {@code @Repository}, so that a database failure reaches the caller as Spring's {@code DataAccessException}
 * (503 from {@code ProblemHandler}), as from any repository.
 */
@Repository
public class RecordsByNumber {

  private final EntityManager entityManager;

  public RecordsByNumber(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** The record of {@code type} whose natural id is {@code number}, if any (call inside a transaction). */
  public <T> Optional<T> find(Class<T> type, String number) {
    if (number == null) {
      return Optional.empty();
    }
    return entityManager.unwrap(Session.class).bySimpleNaturalId(type).loadOptional(number);
  }
}
