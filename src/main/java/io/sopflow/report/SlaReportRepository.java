package io.sopflow.report;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface SlaReportRepository extends JpaRepository<SlaReportRun, Long> {

  Optional<SlaReportRun> findByKey(String key);

  boolean existsByKey(String key);
}
