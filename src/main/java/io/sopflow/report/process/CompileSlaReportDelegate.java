package io.sopflow.report.process;

import static io.sopflow.report.process.SlaReportProcess.REPORT_KEY;

import io.sopflow.report.SlaReportService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Compiles the month's figures from the incident records into the run (one service call). */
@Component("compileSlaReportDelegate")
public class CompileSlaReportDelegate implements JavaDelegate {

  private final SlaReportService service;

  public CompileSlaReportDelegate(SlaReportService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    service.compile((String) execution.getVariable(REPORT_KEY));
  }
}
