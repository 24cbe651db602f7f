package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.PROCESS_KEY;
import static io.sopflow.closure.process.ProjectClosureProcess.PROJECT_CLOSURE_ID;
import static io.sopflow.closure.process.ProjectClosureProcess.PROJECT_MANAGER;
import static io.sopflow.closure.process.ProjectClosureProcess.SPONSOR;

import io.sopflow.closure.ClosureRequested;
import io.sopflow.closure.ProjectClosureService;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the closure process for a recorded closure, synchronously in the same transaction: if the start fails, the
 * record is rolled back with it.
 */
@Component
class ProjectClosureStarter {

  private final RuntimeService runtimeService;
  private final ProjectClosureService service;

  ProjectClosureStarter(RuntimeService runtimeService, ProjectClosureService service) {
    this.runtimeService = runtimeService;
    this.service = service;
  }

  @EventListener
  void on(ClosureRequested requested) {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(PROCESS_KEY, requested.key(), Map.of(
        PROJECT_CLOSURE_ID, requested.closureId(),
        PROJECT_MANAGER, requested.projectManager(),
        SPONSOR, requested.sponsor()));
    service.attachProcessInstance(requested.closureId(), instance.getId());
  }
}
