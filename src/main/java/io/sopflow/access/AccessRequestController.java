package io.sopflow.access;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Access requests, active grants, early revocation and leavers. */
@RestController
class AccessRequestController {

  private final AccessRequestService service;

  AccessRequestController(AccessRequestService service) {
    this.service = service;
  }

  @PostMapping("/api/access-requests")
  ResponseEntity<AccessRequestView> submit(@Valid @RequestBody AccessRequestInput input) {
    AccessRequestView created = service.submit(input);
    return ResponseEntity.created(URI.create("/api/access-requests/" + created.key())).body(created);
  }

  /** The requests the caller may see, newest first: {@code ?status=&beneficiary=&resource=&page=&size=}. */
  @GetMapping("/api/access-requests")
  RecordPage<AccessRequestView> list(@RequestParam(required = false) AccessRequestStatus status,
      @RequestParam(required = false) String beneficiary, @RequestParam(required = false) String resource,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(status, beneficiary, resource, PageQuery.of(page, size));
  }

  @GetMapping("/api/access-requests/{key}")
  AccessRequestView get(@PathVariable String key) {
    return service.get(key);
  }

  /** The active grants the caller may see, oldest first: {@code ?user=&page=&size=}. */
  @GetMapping("/api/access-grants")
  RecordPage<AccessGrantView> grants(@RequestParam(required = false) String user,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.activeGrants(user, PageQuery.of(page, size));
  }

  @PostMapping("/api/access-grants/{id}/revoke")
  ResponseEntity<AccessRequestView> revoke(@PathVariable String id,
      @Valid @RequestBody(required = false) RevocationInput input) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(service.requestRevocation(id, input == null ? null : input.reason()));
  }

  @PostMapping("/api/leavers")
  @PreAuthorize("hasAnyAuthority('GROUP_service-desk', 'GROUP_managers', 'GROUP_camunda-admin')")
  ResponseEntity<LeaverView> leaver(@Valid @RequestBody LeaverInput input) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(service.processLeaver(input));
  }
}
