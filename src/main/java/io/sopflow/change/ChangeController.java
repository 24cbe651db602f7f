package io.sopflow.change;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
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

/** {@code /api/changes}: request a change, read one, list the ones you may see. */
@RestController
@RequestMapping("/api/changes")
class ChangeController {

  private final ChangeService changeService;

  ChangeController(ChangeService changeService) {
    this.changeService = changeService;
  }

  @PostMapping
  ResponseEntity<ChangeDetails> submit(@Valid @RequestBody ChangeSubmission submission) {
    ChangeDetails created = changeService.submit(submission);
    return ResponseEntity.created(URI.create("/api/changes/" + created.number())).body(created);
  }

  @GetMapping("/{number}")
  ChangeDetails get(@PathVariable String number) {
    return changeService.get(number);
  }

  /** Filters: {@code status}, {@code type}, {@code risk}, {@code service}; paging: {@code page}, {@code size}. */
  @GetMapping
  RecordPage<ChangeSummary> list(@RequestParam(required = false) ChangeStatus status,
      @RequestParam(required = false) ChangeType type, @RequestParam(required = false) RiskLevel risk,
      @RequestParam(required = false) String service, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return changeService.list(new ChangeFilter(status, type, risk, service), PageQuery.of(page, size));
  }
}
