package io.sopflow.access;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface BeneficiaryLockRepository extends JpaRepository<BeneficiaryLock, String> {

  /** {@code SELECT ... FOR UPDATE}: the caller holds the beneficiary until its transaction ends. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select l from BeneficiaryLock l where l.beneficiary = :beneficiary")
  Optional<BeneficiaryLock> lock(@Param("beneficiary") String beneficiary);
}
