package io.sopflow.change;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface ChangeRequestRepository extends JpaRepository<ChangeRequest, Long>, JpaSpecificationExecutor<ChangeRequest> {

  /** Changes in a status whose window overlaps [start, end). */
  @Query("select c from ChangeRequest c where c.status in :statuses"
      + " and c.plannedStart < :end and c.plannedEnd > :start")
  List<ChangeRequest> findByStatusInAndPlannedStartBeforeAndPlannedEndAfter(Collection<ChangeStatus> statuses,
      Instant end, Instant start);
}
