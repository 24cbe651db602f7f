package io.sopflow.request;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/** Implementation details of the service request SOP: only its services use them. */
interface ServiceRequestRepository extends JpaRepository<ServiceRequest, Long>,
    JpaSpecificationExecutor<ServiceRequest> {

  @Query("select r from ServiceRequest r where r.accessRequestKey = :accessRequestKey")
  Optional<ServiceRequest> findByAccessRequestKey(String accessRequestKey);
}

interface ServiceCatalogueRepository extends JpaRepository<ServiceCatalogueItem, Long> {

  @Query("select i from ServiceCatalogueItem i where i.itemKey = :itemKey")
  Optional<ServiceCatalogueItem> findByItemKey(String itemKey);

  @Query("select count(i) > 0 from ServiceCatalogueItem i where i.itemKey = :itemKey")
  boolean existsByItemKey(String itemKey);

  @Query("select i from ServiceCatalogueItem i order by i.itemKey asc")
  List<ServiceCatalogueItem> findAllByOrderByItemKeyAsc();
}
