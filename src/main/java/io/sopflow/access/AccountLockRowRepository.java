package io.sopflow.access;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccountLockRowRepository extends JpaRepository<AccountLockRow, String> {

  /** {@code SELECT ... FOR UPDATE}: the caller holds the account until its transaction ends. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select r from AccountLockRow r where r.account = :account")
  Optional<AccountLockRow> lock(@Param("account") String account);
}
