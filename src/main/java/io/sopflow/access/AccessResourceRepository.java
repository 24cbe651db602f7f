package io.sopflow.access;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AccessResourceRepository extends JpaRepository<AccessResource, Long> {

  @Query("select r from AccessResource r where r.resourceKey = :resourceKey")
  Optional<AccessResource> findByResourceKey(String resourceKey);

  @Query("select count(r) > 0 from AccessResource r where r.resourceKey = :resourceKey")
  boolean existsByResourceKey(String resourceKey);

  @Query("select r from AccessResource r order by r.resourceKey asc")
  List<AccessResource> findAllByOrderByResourceKeyAsc();
}
