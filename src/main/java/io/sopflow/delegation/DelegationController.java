package io.sopflow.delegation;

import io.sopflow.delegation.DelegationApi.CreateDelegation;
import io.sopflow.delegation.DelegationApi.DelegationView;
import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/delegations")
class DelegationController {

  private final DelegationService service;

  DelegationController(DelegationService service) {
    this.service = service;
  }

  @PostMapping
  ResponseEntity<DelegationView> create(@Valid @RequestBody CreateDelegation request) {
    DelegationView created = service.create(request);
    return ResponseEntity.created(URI.create("/api/delegations/" + created.key())).body(created);
  }

  @GetMapping("/{key}")
  DelegationView get(@PathVariable String key) {
    return service.find(key);
  }

  @GetMapping
  RecordPage<DelegationView> list(@RequestParam(required = false) String user,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(user, PageQuery.of(page, size));
  }

  /** Ends the delegation now: the tasks offered to the delegate are withdrawn. */
  @DeleteMapping("/{key}")
  DelegationView end(@PathVariable String key) {
    return service.end(key);
  }
}
