package io.sopflow.access;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface AccessRequestRepository extends JpaRepository<AccessRequest, Long>, JpaSpecificationExecutor<AccessRequest> {

  Optional<AccessRequest> findByRequestKey(String requestKey);

  List<AccessRequest> findByBeneficiaryAndStatusInOrderByIdAsc(String beneficiary, Collection<AccessRequestStatus> statuses);

  List<AccessRequest> findByProjectCodeAndStatusInOrderByIdAsc(String projectCode,
      Collection<AccessRequestStatus> statuses);

  List<AccessRequest> findByStatusInOrderByIdAsc(Collection<AccessRequestStatus> statuses);
}
