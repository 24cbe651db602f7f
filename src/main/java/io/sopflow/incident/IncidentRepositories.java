package io.sopflow.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface IncidentRepository extends JpaRepository<Incident, Long>, JpaSpecificationExecutor<Incident> {

  @Query("select i from Incident i where i.configurationItem = :configurationItem and i.createdAt >= :since"
      + " order by i.id asc")
  List<Incident> findByConfigurationItemAndCreatedAtGreaterThanEqualOrderByIdAsc(String configurationItem,
      Instant since);
}

interface IncidentEscalationRepository extends JpaRepository<IncidentEscalation, Long> {

  @Query("select count(e) > 0 from IncidentEscalation e where e.incidentId = :incidentId"
      + " and e.slaTarget = :slaTarget and e.toLevel = :toLevel")
  boolean existsByIncidentIdAndSlaTargetAndToLevel(Long incidentId, SlaTarget slaTarget, int toLevel);

  @Query("select e from IncidentEscalation e where e.incidentId = :incidentId order by e.id asc")
  List<IncidentEscalation> findByIncidentIdOrderByIdAsc(Long incidentId);

  @Query("select count(e) from IncidentEscalation e where e.incidentId = :incidentId")
  long countByIncidentId(Long incidentId);
}

interface IncidentCommentRepository extends JpaRepository<IncidentComment, Long> {

  @Query("select c from IncidentComment c where c.incidentId = :incidentId order by c.id asc")
  List<IncidentComment> findByIncidentIdOrderByIdAsc(Long incidentId);
}

interface IncidentReviewActionRepository extends JpaRepository<IncidentReviewAction, Long> {

  @Query("select a from IncidentReviewAction a where a.incidentId = :incidentId order by a.id asc")
  List<IncidentReviewAction> findByIncidentIdOrderByIdAsc(Long incidentId);
}

/**
 * The SLA report's aggregation over the incident table's stored columns (docs/sla.md), computed by the database: one
 * aggregate over the incidents reported in a period, of one priority, one assignment group or all. Columns, in order:
 * count, responded, resolved, averaged response and resolution minutes, response and resolution breaches, breaches
 * still open, reopened, escalated to managers, resolved at least once.
 *
 * <p>One query per key rather than one {@code GROUP BY}: each reads a covering index that starts with its key
 * ({@code 870-sla-report-indexes.xml}) as one range and aggregates without a temporary table, about 2.5 times faster
 * over a year of 1,000,000 incidents on MariaDB than grouping (docs/benchmarks.md, "SLA report at scale").
 */
interface IncidentSlaQueries extends Repository<Incident, Long> {

  String FIGURES = "select count(i), count(i.responseMinutes), count(i.resolutionMinutes), avg(i.responseMinutes),"
      + " avg(i.resolutionMinutes),"
      + " sum(case when i.responseBreached = true then 1 else 0 end),"
      + " sum(case when i.resolutionBreached = true then 1 else 0 end),"
      + " sum(case when i.responseMinutes is null and i.responseBreached = true then 1 else 0 end),"
      + " sum(case when i.resolutionMinutes is null and i.resolutionBreached = true then 1 else 0 end),"
      + " sum(case when i.reopenCount > 0 then 1 else 0 end),"
      + " sum(case when i.managersNotified = true then 1 else 0 end),"
      + " sum(case when i.reopenCount > 0 or i.resolutionMinutes is not null then 1 else 0 end)"
      + " from Incident i where i.createdAt >= :from and i.createdAt < :to";

  @Query(FIGURES)
  List<Object[]> figures(Instant from, Instant to);

  @Query(FIGURES + " and i.priority = :priority")
  List<Object[]> figuresOfPriority(Priority priority, Instant from, Instant to);

  @Query(FIGURES + " and i.assignmentGroup = :group")
  List<Object[]> figuresOfGroup(String group, Instant from, Instant to);

  /** Every group that has ever been assigned an incident (MySQL reads it off the group's index, a few entries). */
  @Query("select distinct i.assignmentGroup from Incident i order by i.assignmentGroup")
  List<String> assignmentGroups();

  /** Open incidents by priority, counted by age: reported after each of the three thresholds (newest first). */
  @Query("select str(i.priority), count(i),"
      + " sum(case when i.createdAt > :day then 1 else 0 end),"
      + " sum(case when i.createdAt > :threeDays then 1 else 0 end),"
      + " sum(case when i.createdAt > :week then 1 else 0 end)"
      + " from Incident i where i.status in :open group by i.priority order by i.priority")
  List<Object[]> backlog(Collection<IncidentStatus> open, Instant day,
      Instant threeDays, Instant week);

  /** Open incidents whose running target falls due before {@code until} (or already has), soonest first. */
  @Query("select i from Incident i where"
      + " (i.status = io.sopflow.incident.IncidentStatus.IN_TRIAGE and i.responseDueAt < :until)"
      + " or (i.status = io.sopflow.incident.IncidentStatus.IN_PROGRESS and i.resolutionDueAt < :until)"
      + " order by case when i.status = io.sopflow.incident.IncidentStatus.IN_TRIAGE then i.responseDueAt"
      + " else i.resolutionDueAt end")
  List<Incident> dueBefore(Instant until, Pageable page);
}
