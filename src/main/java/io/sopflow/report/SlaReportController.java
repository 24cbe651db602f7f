package io.sopflow.report;

import io.sopflow.report.SlaReportApi.Report;
import io.sopflow.report.SlaReportApi.RunView;
import io.sopflow.report.SlaReportApi.StartRun;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/reports/sla")
class SlaReportController {

  static final String TEXT_CSV = "text/csv";

  private final SlaReportService service;

  SlaReportController(SlaReportService service) {
    this.service = service;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  Report report(@RequestParam(required = false) String sop, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String groupBy) {
    return service.report(sop, from, to, groupBy);
  }

  @GetMapping(produces = TEXT_CSV)
  ResponseEntity<String> csv(@RequestParam(required = false) String sop, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String groupBy) {
    Report report = service.report(sop, from, to, groupBy);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(TEXT_CSV + ";charset=UTF-8"))
        .header("Content-Disposition", "attachment; filename=\"sla-" + report.sop() + "-" + report.from() + "-"
            + report.to() + "-" + report.groupBy() + ".csv\"")
        .body(SlaReportService.csv(report));
  }

  /** 201 with the run COMPILING: its process compiles the month in the background. */
  @PostMapping("/runs")
  ResponseEntity<RunView> start(@RequestBody StartRun request) {
    RunView run = service.startRun(request);
    return ResponseEntity.created(URI.create("/api/reports/sla/runs/" + run.key())).body(run);
  }

  @GetMapping("/runs/{key}")
  RunView run(@PathVariable String key) {
    return service.findRun(key);
  }
}
