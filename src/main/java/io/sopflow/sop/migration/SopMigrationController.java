package io.sopflow.sop.migration;

import io.sopflow.sop.migration.SopMigrationApi.MigrationReport;
import io.sopflow.sop.migration.SopMigrationApi.MigrationRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SopMigrationController {

  private final SopMigrationService service;

  SopMigrationController(SopMigrationService service) {
    this.service = service;
  }

  /** 200 with the report; when not a dry run, the batch that migrates the instances runs in the background. */
  @PostMapping("/api/sops/{key}/migrations")
  MigrationReport migrate(@PathVariable String key, @RequestBody MigrationRequest request) {
    return service.migrate(key, request);
  }
}
