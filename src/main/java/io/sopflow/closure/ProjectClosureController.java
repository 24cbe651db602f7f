package io.sopflow.closure;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/project-closures}: request a closure, read it, replace its client contact, download its closure
 * report.
 */
@RestController
@RequestMapping("/api/project-closures")
class ProjectClosureController {

  private final ProjectClosureService service;

  ProjectClosureController(ProjectClosureService service) {
    this.service = service;
  }

  /**
   * Project managers (and admins) request closures; others get 403, here and from the service (the same rule for
   * Tasklist's start form, where Camunda's CREATE_INSTANCE authorization is granted to project managers only).
   */
  @PostMapping
  @PreAuthorize("hasAnyAuthority('GROUP_project-managers', 'GROUP_camunda-admin')")
  ResponseEntity<ClosureView> create(@Valid @RequestBody ClosureRequest request) {
    ClosureView created = service.create(request);
    return ResponseEntity.created(URI.create("/api/project-closures/" + created.key())).body(created);
  }

  /** The closures the caller may see, newest first: {@code ?status=&projectManager=&sponsor=&page=&size=}. */
  @GetMapping
  RecordPage<ClosureView> list(@RequestParam(required = false) ProjectClosure.Status status,
      @RequestParam(required = false) String projectManager, @RequestParam(required = false) String sponsor,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(status, projectManager, sponsor, PageQuery.of(page, size));
  }

  @GetMapping("/{key}")
  ClosureView get(@PathVariable String key) {
    return service.findVisible(key);
  }

  /**
   * Names another client contact while the deliverables are verified or resolved ({@code {"clientContact",
   * "reason"}}; later 409 naming the status): admins only, checked as at the request (a locked account is refused);
   * the open acceptance tasks go to the new contact, also when the contact named is the one the closure has. Who may
   * not see the closure gets 404 (so no {@code @PreAuthorize} here: it would answer 403 first).
   */
  @PutMapping("/{key}/client-contact")
  ClosureView replaceClientContact(@PathVariable String key,
      @Valid @RequestBody ClientContactReplacement replacement) {
    return service.replaceClientContact(key, replacement);
  }

  /** The closure report as a self-contained HTML page, whatever the client accepts (a browser opens it directly). */
  @GetMapping("/{key}/report")
  ResponseEntity<String> report(@PathVariable String key) {
    String html = service.report(key);
    return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .header("Content-Disposition", "inline; filename=\"" + key + "-closure-report.html\"")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .body(html);
  }
}
