package io.sopflow.securityincident;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import io.sopflow.securityincident.SecurityIncidentApi.AddEvidence;
import io.sopflow.securityincident.SecurityIncidentApi.EvidenceEntry;
import io.sopflow.securityincident.SecurityIncidentApi.ReportSecurityIncident;
import io.sopflow.securityincident.SecurityIncidentApi.SecurityIncidentSummary;
import io.sopflow.securityincident.SecurityIncidentApi.SecurityIncidentView;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(SecurityIncidentController.PATH)
class SecurityIncidentController {

  static final String PATH = "/api/security-incidents";

  private final SecurityIncidentService service;

  SecurityIncidentController(SecurityIncidentService service) {
    this.service = service;
  }

  @PostMapping
  ResponseEntity<SecurityIncidentView> report(@Valid @RequestBody ReportSecurityIncident request) {
    SecurityIncidentView reported = service.report(request);
    return ResponseEntity.created(URI.create("/api/security-incidents/" + reported.number())).body(reported);
  }

  @GetMapping("/{number}")
  SecurityIncidentView get(@PathVariable String number) {
    return service.find(number);
  }

  @GetMapping
  RecordPage<SecurityIncidentSummary> list(@RequestParam(required = false) SecurityIncidentStatus status,
      @RequestParam(required = false) Severity severity, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.list(status, severity, PageQuery.of(page, size));
  }

  @GetMapping("/{number}/evidence")
  List<EvidenceEntry> evidence(@PathVariable String number) {
    return service.evidence(number);
  }

  @PostMapping("/{number}/evidence")
  ResponseEntity<EvidenceEntry> addEvidence(@PathVariable String number, @Valid @RequestBody AddEvidence request) {
    return ResponseEntity.status(HttpStatus.CREATED).body(service.addEvidence(number, request));
  }
}
