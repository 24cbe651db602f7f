package io.sopflow.backup;

import io.sopflow.backup.BackupApi.StartVerification;
import io.sopflow.backup.BackupApi.VerificationView;
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

@RestController
@RequestMapping("/api/backup-verifications")
class BackupVerificationController {

  private final BackupVerificationService service;

  BackupVerificationController(BackupVerificationService service) {
    this.service = service;
  }

  /** 201 with the verification RUNNING: the restore runs in the background (poll the record for its outcome). */
  @PostMapping
  ResponseEntity<VerificationView> start(@Valid @RequestBody StartVerification request) {
    VerificationView started = service.start(request);
    return ResponseEntity.created(URI.create("/api/backup-verifications/" + started.key())).body(started);
  }

  @GetMapping("/{key}")
  VerificationView get(@PathVariable String key) {
    return service.find(key);
  }

  @GetMapping
  RecordPage<VerificationView> list(@RequestParam(required = false) String backupSet,
      @RequestParam(required = false) VerificationStatus status, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.list(backupSet, status, PageQuery.of(page, size));
  }
}
