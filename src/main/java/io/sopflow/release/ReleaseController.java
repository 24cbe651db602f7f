package io.sopflow.release;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/releases")
class ReleaseController {

  private final ReleaseService releaseService;

  ReleaseController(ReleaseService releaseService) {
    this.releaseService = releaseService;
  }

  @PostMapping
  ResponseEntity<ReleaseView> request(@Valid @RequestBody NewRelease request) {
    ReleaseView release = releaseService.request(request);
    return ResponseEntity.created(URI.create("/api/releases/" + release.key())).body(release);
  }

  @GetMapping("/{key}")
  ReleaseView get(@PathVariable String key) {
    return releaseService.find(key);
  }

  @GetMapping
  List<ReleaseView> list(@RequestParam(required = false) ReleaseStatus status,
      @RequestParam(required = false) String environment) {
    return releaseService.list(status, environment);
  }
}
