package io.sopflow.release;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ReleaseRepository extends JpaRepository<Release, Long> {

  Optional<Release> findByReleaseKey(String releaseKey);

  /** Filters by status and environment (null = any); {@code everything=false} limits to the user's own releases. */
  @Query("""
      select r from Release r
      where (:status is null or r.status = :status)
        and (:environment is null or r.environment = :environment)
        and (:everything = true or r.requestedBy = :user or r.implementer = :user)
      order by r.id desc""")
  List<Release> search(@Param("status") ReleaseStatus status, @Param("environment") String environment,
      @Param("everything") boolean everything, @Param("user") String user, Pageable page);
}
