package io.sopflow.closure.process;

import static io.sopflow.closure.process.ProjectClosureProcess.CLIENT_CONTACT;
import static io.sopflow.closure.process.ProjectClosureProcess.PROCESS_KEY;
import static io.sopflow.closure.process.ProjectClosureProcess.PROJECT_CLOSURE_ID;
import static io.sopflow.closure.process.ProjectClosureProcess.PROJECT_MANAGER;
import static io.sopflow.closure.process.ProjectClosureProcess.SPONSOR;

import io.sopflow.closure.ClosureRequested;
import io.sopflow.closure.ProjectClosureService;
import io.sopflow.platform.process.ProcessStarts;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the closure process for a recorded closure, synchronously in the same transaction, through
 * {@link ProcessStarts}: the instance Tasklist's start form is starting, or a new one for
 * {@code POST /api/project-closures}. If the start fails, the record is rolled back with it.
 */
@Component
class ProjectClosureStarter {

  private final ProcessStarts processStarts;
  private final ProjectClosureService service;

  ProjectClosureStarter(ProcessStarts processStarts, ProjectClosureService service) {
    this.processStarts = processStarts;
    this.service = service;
  }

  @EventListener
  void on(ClosureRequested requested) {
    String processInstanceId = processStarts.start(PROCESS_KEY, requested.key(), Map.of(
        PROJECT_CLOSURE_ID, requested.closureId(),
        PROJECT_MANAGER, requested.projectManager(),
        SPONSOR, requested.sponsor(),
        CLIENT_CONTACT, requested.clientContact()));
    service.attachProcessInstance(requested.closureId(), processInstanceId);
  }
}
