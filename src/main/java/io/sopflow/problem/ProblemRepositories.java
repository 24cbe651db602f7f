package io.sopflow.problem;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Implementation details of the problem SOP: only its service uses them. */
interface ProblemRepository extends JpaRepository<Problem, Long>, JpaSpecificationExecutor<Problem> {

  /**
   * The item's problems in {@code statuses}, newest first, each held with a shared lock ({@code LOCK IN SHARE MODE}
   * on MySQL/MariaDB) until the caller's transaction ends: incidents reported at the same moment join a problem
   * without waiting for each other, and a change of the problem (closing it, say) waits for them, as they wait for
   * it. A holder must not update the problem in the same transaction (two holders would deadlock).
   */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query("select p from Problem p where p.configurationItem = :item and p.status in :statuses order by p.id desc")
  List<Problem> lockSharedOn(@Param("item") String configurationItem,
      @Param("statuses") Collection<ProblemStatus> statuses);

  @Query("select p from Problem p where p.id in (select i.problemId from ProblemIncident i"
      + " where i.incidentNumber = :incident) order by p.id desc")
  List<Problem> findByIncident(@Param("incident") String incidentNumber);
}

interface ProblemIncidentRepository extends JpaRepository<ProblemIncident, ProblemIncident.Key> {

  @Query("select count(i) > 0 from ProblemIncident i where i.problemId = :problem and i.incidentNumber = :incident")
  boolean existsByProblemIdAndIncidentNumber(@Param("problem") Long problemId,
      @Param("incident") String incidentNumber);

  @Query("select i.incidentNumber from ProblemIncident i where i.problemId = :problem order by i.incidentNumber")
  List<String> numbersOf(@Param("problem") Long problemId);
}

interface RecurrenceItemRepository extends JpaRepository<RecurrenceItem, String> {

  /** {@code SELECT ... FOR UPDATE}: the caller holds the item until its transaction ends. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select i from RecurrenceItem i where i.configurationItem = :item")
  Optional<RecurrenceItem> lock(@Param("item") String configurationItem);
}
