package io.sopflow.access;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The resource catalogue. Everybody may read it (to know what to request); only admins change it. */
@RestController
@RequestMapping("/api/access-resources")
class AccessResourceController {

  private final AccessCatalogue catalogue;

  AccessResourceController(AccessCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  @GetMapping
  List<AccessResourceView> list() {
    return catalogue.list();
  }

  @GetMapping("/{key}")
  AccessResourceView get(@PathVariable String key) {
    return catalogue.get(key);
  }

  @PostMapping
  @PreAuthorize("hasAuthority('GROUP_camunda-admin')")
  ResponseEntity<AccessResourceView> create(@Valid @RequestBody AccessResourceInput input) {
    AccessResourceView created = catalogue.create(input);
    return ResponseEntity.created(URI.create("/api/access-resources/" + created.key())).body(created);
  }

  @PutMapping("/{key}")
  @PreAuthorize("hasAuthority('GROUP_camunda-admin')")
  AccessResourceView update(@PathVariable String key, @Valid @RequestBody AccessResourceInput input) {
    return catalogue.update(key, input);
  }
}
