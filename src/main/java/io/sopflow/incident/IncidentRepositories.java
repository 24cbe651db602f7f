package io.sopflow.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface IncidentRepository extends JpaRepository<Incident, Long>, JpaSpecificationExecutor<Incident> {

  Optional<Incident> findByNumber(String number);

  List<Incident> findByConfigurationItemAndCreatedAtGreaterThanEqualOrderByIdAsc(String configurationItem,
      Instant since);
}

interface IncidentEscalationRepository extends JpaRepository<IncidentEscalation, Long> {

  boolean existsByIncidentIdAndSlaTargetAndToLevel(Long incidentId, SlaTarget slaTarget, int toLevel);

  List<IncidentEscalation> findByIncidentIdOrderByIdAsc(Long incidentId);

  long countByIncidentId(Long incidentId);
}

interface IncidentCommentRepository extends JpaRepository<IncidentComment, Long> {

  List<IncidentComment> findByIncidentIdOrderByIdAsc(Long incidentId);
}

interface IncidentReviewActionRepository extends JpaRepository<IncidentReviewAction, Long> {

  List<IncidentReviewAction> findByIncidentIdOrderByIdAsc(Long incidentId);
}

/**
 * The SLA report's aggregation over the incident table's stored columns (docs/sla.md): one row per group of the
 * period, computed by the database. Columns, in order: key, count, responded, resolved, summed and averaged response
 * and resolution minutes, response and resolution breaches, breaches still open, reopened, escalated to
 * managers, resolved at least once.
 */
interface IncidentSlaQueries extends Repository<Incident, Long> {

  String FIGURES = "count(i), count(i.responseMinutes), count(i.resolutionMinutes), avg(i.responseMinutes),"
      + " avg(i.resolutionMinutes),"
      + " sum(case when i.responseBreached = true then 1 else 0 end),"
      + " sum(case when i.resolutionBreached = true then 1 else 0 end),"
      + " sum(case when i.responseMinutes is null and i.responseBreached = true then 1 else 0 end),"
      + " sum(case when i.resolutionMinutes is null and i.resolutionBreached = true then 1 else 0 end),"
      + " sum(case when i.reopenCount > 0 then 1 else 0 end),"
      + " sum(case when i.managersNotified = true then 1 else 0 end),"
      + " sum(case when i.reopenCount > 0 or i.resolutionMinutes is not null then 1 else 0 end)";
  String PERIOD = " from Incident i where i.createdAt >= :from and i.createdAt < :to";

  @Query("select str(i.priority), " + FIGURES + PERIOD
      + " group by i.priority order by i.priority")
  List<Object[]> byPriority(Instant from, Instant to);

  @Query("select i.assignmentGroup, " + FIGURES + PERIOD
      + " group by i.assignmentGroup order by i.assignmentGroup")
  List<Object[]> byGroup(Instant from, Instant to);

  @Query("select year(i.createdAt), month(i.createdAt), " + FIGURES + PERIOD
      + " group by year(i.createdAt), month(i.createdAt) order by year(i.createdAt), month(i.createdAt)")
  List<Object[]> byMonth(Instant from, Instant to);

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
