package io.sopflow.change;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/changes}: request a change, read one, list the ones you may see. */
@RestController
@Validated
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

  @GetMapping
  ChangePage list(@RequestParam(required = false) ChangeStatus status,
      @RequestParam(required = false) ChangeType type, @RequestParam(required = false) RiskLevel risk,
      @RequestParam(required = false) String service,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    return ChangePage.of(changeService.list(new ChangeFilter(status, type, risk, service),
        PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id"))));
  }
}
