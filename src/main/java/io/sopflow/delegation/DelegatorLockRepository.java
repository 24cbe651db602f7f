package io.sopflow.delegation;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DelegatorLockRepository extends JpaRepository<DelegatorLock, String> {

  /** {@code SELECT ... FOR UPDATE}: the caller holds the person until its transaction ends. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select l from DelegatorLock l where l.delegator = :delegator")
  Optional<DelegatorLock> lock(@Param("delegator") String delegator);
}
