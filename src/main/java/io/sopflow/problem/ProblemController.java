package io.sopflow.problem;

import io.sopflow.domain.PageQuery;
import io.sopflow.domain.RecordPage;
import io.sopflow.problem.ProblemApi.ProblemView;
import io.sopflow.problem.ProblemApi.RaiseProblem;
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
@RequestMapping("/api/problems")
class ProblemController {

  private final ProblemService service;

  ProblemController(ProblemService service) {
    this.service = service;
  }

  @PostMapping
  ResponseEntity<ProblemView> raise(@Valid @RequestBody RaiseProblem request) {
    ProblemView raised = service.raise(request);
    return ResponseEntity.created(URI.create("/api/problems/" + raised.number())).body(raised);
  }

  @GetMapping("/{number}")
  ProblemView get(@PathVariable String number) {
    return service.find(number);
  }

  @GetMapping
  RecordPage<ProblemView> list(@RequestParam(required = false) String configurationItem,
      @RequestParam(required = false) ProblemStatus status, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.list(configurationItem, status, PageQuery.of(page, size));
  }
}
