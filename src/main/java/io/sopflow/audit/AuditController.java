package io.sopflow.audit;

import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only access to the audit trail for managers and admins, and verification of its hash chain. */
@RestController
@RequestMapping("/api/audit")
@PreAuthorize("hasAnyAuthority('GROUP_managers', 'GROUP_camunda-admin')")
class AuditController {

  private final AuditTrail auditTrail;

  AuditController(AuditTrail auditTrail) {
    this.auditTrail = auditTrail;
  }

  @GetMapping
  List<AuditEntry> entries(@RequestParam String subject) {
    return auditTrail.entriesFor(subject);
  }

  @GetMapping("/verification")
  AuditVerification verify() {
    return auditTrail.verify();
  }
}
