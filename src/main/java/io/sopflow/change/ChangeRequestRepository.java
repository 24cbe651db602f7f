package io.sopflow.change;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface ChangeRequestRepository extends JpaRepository<ChangeRequest, Long>, JpaSpecificationExecutor<ChangeRequest> {

  /** Changes in a status whose window overlaps [start, end). */
  List<ChangeRequest> findByStatusInAndPlannedStartBeforeAndPlannedEndAfter(Collection<ChangeStatus> statuses,
      Instant end, Instant start);
}
