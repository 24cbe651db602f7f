package io.sopflow.audit;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
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

  /** The entries about one subject, oldest first, a page at a time (a problem that many incidents join has many). */
  @GetMapping
  RecordPage<AuditEntry> entries(@RequestParam String subject, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return auditTrail.entriesFor(subject, PageQuery.of(page, size));
  }

  @GetMapping("/verification")
  AuditVerification verify() {
    return auditTrail.verify();
  }
}
