package io.sopflow.access;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccountLockHoldRepository extends JpaRepository<AccountLockHold, Long> {

  /** The account's holds; read under the account's lock row ({@link AccountLockHolds}). */
  @Query("select h from AccountLockHold h where h.account = :account order by h.holder")
  List<AccountLockHold> findByAccountOrderByHolderAsc(@Param("account") String account);
}
