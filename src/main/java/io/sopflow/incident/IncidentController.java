package io.sopflow.incident;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import io.sopflow.incident.IncidentApi.AddComment;
import io.sopflow.incident.IncidentApi.CommentView;
import io.sopflow.incident.IncidentApi.IncidentFilter;
import io.sopflow.incident.IncidentApi.IncidentSummary;
import io.sopflow.incident.IncidentApi.IncidentView;
import io.sopflow.incident.IncidentApi.ReportIncident;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/incidents}: report incidents, read them (as far as the caller may), answer questions. */
@RestController
@RequestMapping("/api/incidents")
class IncidentController {

  private final IncidentService incidentService;

  IncidentController(IncidentService incidentService) {
    this.incidentService = incidentService;
  }

  @PostMapping
  ResponseEntity<IncidentView> report(@Valid @RequestBody ReportIncident request) {
    IncidentView incident = incidentService.report(request);
    return ResponseEntity.created(URI.create("/api/incidents/" + incident.number())).body(incident);
  }

  @GetMapping("/{number}")
  IncidentView get(@PathVariable String number) {
    return incidentService.get(number);
  }

  /** {@code ?status=&priority=&breached=&assignmentGroup=&page=&size=}; a size above 100 is a 400 naming {@code size}. */
  @GetMapping
  RecordPage<IncidentSummary> list(@RequestParam(required = false) IncidentStatus status,
      @RequestParam(required = false) Priority priority, @RequestParam(required = false) Boolean breached,
      @RequestParam(required = false) String assignmentGroup, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return incidentService.list(new IncidentFilter(status, priority, breached, assignmentGroup),
        PageQuery.of(page, size));
  }

  @PostMapping("/{number}/comments")
  ResponseEntity<CommentView> comment(@PathVariable String number, @Valid @RequestBody AddComment request) {
    CommentView comment = incidentService.comment(number, request);
    return ResponseEntity.created(URI.create("/api/incidents/" + number)).body(comment);
  }
}
