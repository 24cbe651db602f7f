package io.sopflow.release;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface ReleaseRepository extends JpaRepository<Release, Long>, JpaSpecificationExecutor<Release> {

  Optional<Release> findByReleaseKey(String releaseKey);
}
