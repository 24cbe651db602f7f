package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.REVIEW_DUE_AT;

import io.sopflow.closure.ProjectClosureService;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Generates and stores the closure report; the review timer waits for the date the service returns. */
@Component("generateClosureReportDelegate")
class GenerateClosureReportDelegate implements JavaDelegate {

  private final ProjectClosureService service;

  GenerateClosureReportDelegate(ProjectClosureService service) {
    this.service = service;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Instant reviewDue = service.generateReport(execution.getProcessBusinessKey());
    execution.setVariable(REVIEW_DUE_AT, Date.from(reviewDue));
  }
}
