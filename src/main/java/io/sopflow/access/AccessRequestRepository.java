package io.sopflow.access;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AccessRequestRepository extends JpaRepository<AccessRequest, Long> {

  Optional<AccessRequest> findByRequestKey(String requestKey);

  List<AccessRequest> findByBeneficiaryAndStatusInOrderByIdAsc(String beneficiary, Collection<AccessRequestStatus> statuses);

  List<AccessRequest> findByStatusInOrderByIdAsc(Collection<AccessRequestStatus> statuses);
}
