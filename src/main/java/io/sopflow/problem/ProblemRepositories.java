package io.sopflow.problem;

import io.sopflow.incident.Priority;
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
   * The item's problems in {@code statuses}, newest first. No lock: a join checks the problem again, holding it,
   * just before its commit ({@link ProblemService}, {@code IncidentJoinedProblem}).
   */
  @Query("select p from Problem p where p.configurationItem = :item and p.status in :statuses order by p.id desc")
  List<Problem> findOn(@Param("item") String configurationItem, @Param("statuses") Collection<ProblemStatus> statuses);

  /**
   * The open problem, held exclusively until the transaction ends ({@code SELECT ... FOR UPDATE}), if its priority is
   * one of {@code lower}; otherwise empty, holding nothing. A report that waits here for another one raising the same
   * problem finds, after that one's commit, the raised priority and goes on without the row. The managed problem may
   * be older than the row: read it again ({@code RecordLocks}) before deciding on it.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select p from Problem p where p.id = :id and p.priority in :lower and p.status in :statuses")
  Optional<Problem> holdIfPriorityIn(@Param("id") Long id, @Param("lower") Collection<Priority> lower,
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
