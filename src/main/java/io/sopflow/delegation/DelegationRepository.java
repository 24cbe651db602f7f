package io.sopflow.delegation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/** Implementation detail of the delegation feature: only its service and its substitutes lookup use it. */
interface DelegationRepository extends JpaRepository<Delegation, Long>, JpaSpecificationExecutor<Delegation> {

  Optional<Delegation> findByDelegationKey(String delegationKey);

  List<Delegation> findByDelegatorAndStatusOrderByIdAsc(String delegator, DelegationStatus status);

  List<Delegation> findByStatusAndValidFromLessThanEqualOrderByIdAsc(DelegationStatus status, Instant now);

  List<Delegation> findByStatusAndValidUntilLessThanEqualOrderByIdAsc(DelegationStatus status, Instant now);

  /** Delegations of the same person whose window overlaps [from, until). */
  List<Delegation> findByDelegatorAndStatusInAndValidFromLessThanAndValidUntilGreaterThan(String delegator,
      Collection<DelegationStatus> statuses, Instant until, Instant from);
}
