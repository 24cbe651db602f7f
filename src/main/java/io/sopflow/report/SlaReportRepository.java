package io.sopflow.report;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SlaReportRepository extends JpaRepository<SlaReportRun, Long> {

  @Query("select r from SlaReportRun r where r.key = :key")
  Optional<SlaReportRun> findByKey(String key);

  @Query("select count(r) > 0 from SlaReportRun r where r.key = :key")
  boolean existsByKey(String key);
}
