package io.sopflow.securityincident;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/** Implementation detail of the security incident SOP: only its service uses it. */
interface SecurityIncidentRepository extends JpaRepository<SecurityIncident, Long>,
    JpaSpecificationExecutor<SecurityIncident> {
}
