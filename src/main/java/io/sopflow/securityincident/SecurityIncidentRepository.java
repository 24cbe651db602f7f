package io.sopflow.securityincident;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Implementation detail of the security incident SOP: only its service uses it. */
interface SecurityIncidentRepository extends JpaRepository<SecurityIncident, Long>,
    JpaSpecificationExecutor<SecurityIncident> {

  /** The supervisory authority's notification deadline, for the mails that show it (none: empty). */
  @Query("select s.regulatorNotificationDueAt from SecurityIncident s where s.number = :number")
  Optional<Instant> regulatorNotificationDueAt(@Param("number") String number);
}
