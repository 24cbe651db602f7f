package io.sopflow.sop;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SopRevisionRepository extends JpaRepository<SopRevision, Long> {

  @Query("select r from SopRevision r where r.processKey = :processKey and r.version = :version")
  Optional<SopRevision> findByProcessKeyAndVersion(String processKey, int version);

  @Query("select r from SopRevision r where r.processKey = :processKey order by r.version desc")
  List<SopRevision> findByProcessKeyOrderByVersionDesc(String processKey);

  @Query("select r from SopRevision r where r.status = :status")
  List<SopRevision> findByStatus(SopRevisionStatus status);

  /** Any one revision of the process in this status (several may be, see SopRevisionService#definitionsInForce). */
  default Optional<SopRevision> findFirstByProcessKeyAndStatus(String processKey, SopRevisionStatus status) {
    return findByProcessKeyAndStatus(processKey, status, Limit.of(1)).stream().findFirst();
  }

  @Query("select r from SopRevision r where r.processKey = :processKey and r.status = :status")
  List<SopRevision> findByProcessKeyAndStatus(String processKey, SopRevisionStatus status, Limit limit);

  @Query("select count(r) > 0 from SopRevision r where r.processKey = :processKey")
  boolean existsByProcessKey(String processKey);
}
