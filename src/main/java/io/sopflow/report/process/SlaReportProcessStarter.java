package io.sopflow.report.process;

import static io.sopflow.report.process.SlaReportProcess.*;

import io.sopflow.report.SlaReportRequested;
import io.sopflow.report.SlaReportService;
import io.sopflow.platform.process.ProcessStarts;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the process of a stored report run inside the service's transaction: the run and the engine state commit
 * together, or not at all. Compiling is behind a save point, so starting returns at once.
 */
@Component
class SlaReportProcessStarter {

  private final ProcessStarts processStarts;
  private final SlaReportService service;

  SlaReportProcessStarter(ProcessStarts processStarts, SlaReportService service) {
    this.processStarts = processStarts;
    this.service = service;
  }

  @EventListener
  void onRequested(SlaReportRequested event) {
    String instanceId = processStarts.start(PROCESS_KEY, event.reportKey(),
        Variables.createVariables().putValue(REPORT_KEY, event.reportKey()).putValue(MONTH, event.month()));
    service.processStarted(event.reportKey(), instanceId);
  }
}
