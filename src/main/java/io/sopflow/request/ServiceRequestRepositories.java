package io.sopflow.request;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/** Implementation details of the service request SOP: only its services use them. */
interface ServiceRequestRepository extends JpaRepository<ServiceRequest, Long>,
    JpaSpecificationExecutor<ServiceRequest> {

  Optional<ServiceRequest> findByAccessRequestKey(String accessRequestKey);
}

interface ServiceCatalogueRepository extends JpaRepository<ServiceCatalogueItem, Long> {

  Optional<ServiceCatalogueItem> findByItemKey(String itemKey);

  boolean existsByItemKey(String itemKey);

  List<ServiceCatalogueItem> findAllByOrderByItemKeyAsc();
}
