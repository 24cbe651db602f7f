package io.sopflow.release;

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

  /** The releases the caller may see, newest first: {@code ?status=DEPLOYED&environment=production&page=0&size=20}. */
  @GetMapping
  RecordPage<ReleaseView> list(@RequestParam(required = false) ReleaseStatus status,
      @RequestParam(required = false) String environment, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return releaseService.list(PageQuery.of(page, size), status, environment);
  }
}
