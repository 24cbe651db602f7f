package io.sopflow.release.process;

import static io.sopflow.release.process.ReleaseDeploymentProcess.*;

import io.sopflow.release.ReleaseRequested;
import io.sopflow.release.ReleaseService;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Starts the release's process instance in the transaction that saved the release: both exist, or neither. */
@Component
class ReleaseProcessStarter {

  private final RuntimeService runtimeService;
  private final ReleaseService releaseService;

  ReleaseProcessStarter(RuntimeService runtimeService, ReleaseService releaseService) {
    this.runtimeService = runtimeService;
    this.releaseService = releaseService;
  }

  @EventListener
  void on(ReleaseRequested release) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(RELEASE_KEY, release.key());
    variables.put(RELEASE_NAME, release.name());
    variables.put(RELEASE_VERSION, release.version());
    variables.put(RELEASE_ENVIRONMENT, release.environment());
    variables.put(CHANGE_NUMBER, release.changeNumber());
    variables.put(ROLLBACK_PLAN, release.rollbackPlan());
    variables.put(RELEASE_REQUESTER, release.requestedBy());
    variables.put(RELEASE_IMPLEMENTER, release.implementer() == null ? "" : release.implementer());
    variables.put(WINDOW_START_DATE, Date.from(release.windowStart()));
    variables.put(WINDOW_END_DATE, Date.from(release.windowEnd()));
    variables.put(RELEASE_WINDOW, Windows.describe(release.windowStart(), release.windowEnd()));
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(PROCESS_KEY, release.key(), variables);
    releaseService.attachProcessInstance(release.id(), instance.getId());
  }
}
