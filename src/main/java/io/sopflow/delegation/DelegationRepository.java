package io.sopflow.delegation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/** Implementation detail of the delegation feature: only its service and its substitutes lookup use it. */
interface DelegationRepository extends JpaRepository<Delegation, Long>, JpaSpecificationExecutor<Delegation> {

  @Query("select d from Delegation d where d.delegationKey = :delegationKey")
  Optional<Delegation> findByDelegationKey(String delegationKey);

  @Query("select d from Delegation d where d.delegator = :delegator and d.status = :status order by d.id asc")
  List<Delegation> findByDelegatorAndStatusOrderByIdAsc(String delegator, DelegationStatus status);

  @Query("select d from Delegation d where d.status = :status and d.validFrom <= :now order by d.id asc")
  List<Delegation> findByStatusAndValidFromLessThanEqualOrderByIdAsc(DelegationStatus status, Instant now);

  @Query("select d from Delegation d where d.status = :status and d.validUntil <= :now order by d.id asc")
  List<Delegation> findByStatusAndValidUntilLessThanEqualOrderByIdAsc(DelegationStatus status, Instant now);

  /** The people named as delegate by delegations in these states (each once). */
  @Query("select distinct d.delegate from Delegation d where d.status in :statuses")
  List<String> findDelegatesByStatusIn(Collection<DelegationStatus> statuses);

  @Query("select d from Delegation d where d.delegate = :delegate and d.status in :statuses order by d.id asc")
  List<Delegation> findByDelegateAndStatusInOrderByIdAsc(String delegate, Collection<DelegationStatus> statuses);

  /** Delegations of the same person whose window overlaps [from, until). */
  @Query("select d from Delegation d where d.delegator = :delegator and d.status in :statuses"
      + " and d.validFrom < :until and d.validUntil > :from")
  List<Delegation> findByDelegatorAndStatusInAndValidFromLessThanAndValidUntilGreaterThan(String delegator,
      Collection<DelegationStatus> statuses, Instant until, Instant from);
}
