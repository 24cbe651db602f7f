package io.sopflow.access;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccountRestorationRepository extends JpaRepository<AccountRestoration, Long> {

  /** The memberships handed on for the account, oldest first; read under the account's lock row. */
  @Query("select r from AccountRestoration r where r.account = :account order by r.id")
  List<AccountRestoration> findByAccount(@Param("account") String account);
}
