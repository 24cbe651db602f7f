package io.sopflow.sop;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface SopRevisionRepository extends JpaRepository<SopRevision, Long> {

  Optional<SopRevision> findByProcessKeyAndVersion(String processKey, int version);

  List<SopRevision> findByProcessKeyOrderByVersionDesc(String processKey);

  List<SopRevision> findByStatus(SopRevisionStatus status);

  Optional<SopRevision> findFirstByProcessKeyAndStatus(String processKey, SopRevisionStatus status);

  boolean existsByProcessKey(String processKey);
}
