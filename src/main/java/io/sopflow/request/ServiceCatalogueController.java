package io.sopflow.request;

import io.sopflow.request.ServiceRequestApi.CatalogueItemInput;
import io.sopflow.request.ServiceRequestApi.CatalogueItemView;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The service catalogue: every signed-in user reads it; process owners and admins change it (403 for others). */
@RestController
@RequestMapping("/api/service-catalogue")
class ServiceCatalogueController {

  private final ServiceCatalogue catalogue;

  ServiceCatalogueController(ServiceCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  @GetMapping
  List<CatalogueItemView> list() {
    return catalogue.list();
  }

  @GetMapping("/{key}")
  CatalogueItemView get(@PathVariable String key) {
    return catalogue.get(key);
  }

  @PostMapping
  ResponseEntity<CatalogueItemView> create(@Valid @RequestBody CatalogueItemInput input) {
    CatalogueItemView created = catalogue.create(input);
    return ResponseEntity.created(URI.create("/api/service-catalogue/" + created.key())).body(created);
  }

  @PutMapping("/{key}")
  CatalogueItemView update(@PathVariable String key, @Valid @RequestBody CatalogueItemInput input) {
    return catalogue.update(key, input);
  }
}
