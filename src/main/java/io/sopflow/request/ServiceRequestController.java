package io.sopflow.request;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import io.sopflow.request.ServiceRequestApi.RequestService;
import io.sopflow.request.ServiceRequestApi.RequestView;
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
@RequestMapping("/api/service-requests")
class ServiceRequestController {

  private final ServiceRequestService service;

  ServiceRequestController(ServiceRequestService service) {
    this.service = service;
  }

  @PostMapping
  ResponseEntity<RequestView> submit(@Valid @RequestBody RequestService request) {
    RequestView created = service.submit(request);
    return ResponseEntity.created(URI.create("/api/service-requests/" + created.number())).body(created);
  }

  @GetMapping("/{number}")
  RequestView get(@PathVariable String number) {
    return service.find(number);
  }

  @GetMapping
  RecordPage<RequestView> list(@RequestParam(required = false) ServiceRequestStatus status,
      @RequestParam(required = false) String item, @RequestParam(required = false) String requestedFor,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(status, item, requestedFor, PageQuery.of(page, size));
  }
}
