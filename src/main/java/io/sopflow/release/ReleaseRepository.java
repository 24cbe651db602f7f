package io.sopflow.release;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface ReleaseRepository extends JpaRepository<Release, Long>, JpaSpecificationExecutor<Release> {

  @Query("select r from Release r where r.releaseKey = :releaseKey")
  Optional<Release> findByReleaseKey(String releaseKey);
}
