package io.sopflow.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

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
