package io.sopflow.release;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface ReleaseRepository extends JpaRepository<Release, Long>, JpaSpecificationExecutor<Release> {

  @Query("select r from Release r where r.releaseKey = :releaseKey")
  Optional<Release> findByReleaseKey(String releaseKey);

  @Query("select r from Release r where r.changeNumber = :changeNumber and r.status in :statuses order by r.id")
  List<Release> findByChangeNumberAndStatusIn(String changeNumber, Collection<ReleaseStatus> statuses);
}
