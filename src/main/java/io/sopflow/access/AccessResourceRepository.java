package io.sopflow.access;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AccessResourceRepository extends JpaRepository<AccessResource, Long> {

  Optional<AccessResource> findByResourceKey(String resourceKey);

  boolean existsByResourceKey(String resourceKey);

  List<AccessResource> findAllByOrderByResourceKeyAsc();
}
