package io.sopflow.access;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface AccessRequestRepository extends JpaRepository<AccessRequest, Long>, JpaSpecificationExecutor<AccessRequest> {

  @Query("select r from AccessRequest r where r.requestKey = :requestKey")
  Optional<AccessRequest> findByRequestKey(String requestKey);

  @Query("select r from AccessRequest r where r.beneficiary = :beneficiary and r.status in :statuses order by r.id asc")
  List<AccessRequest> findByBeneficiaryAndStatusInOrderByIdAsc(String beneficiary,
      Collection<AccessRequestStatus> statuses);

  @Query("select r from AccessRequest r where r.projectCode = :projectCode and r.status in :statuses order by r.id asc")
  List<AccessRequest> findByProjectCodeAndStatusInOrderByIdAsc(String projectCode,
      Collection<AccessRequestStatus> statuses);

}
