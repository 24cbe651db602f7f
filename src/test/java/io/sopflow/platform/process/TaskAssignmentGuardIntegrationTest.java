package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.IntegrationTestBase;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.junit.jupiter.api.Test;

/**
 * The running engine checks who may pass a task on with {@link TaskAssignmentGuard.NoHandOverByUpdate}, not with
 * Camunda's own checker, which lets {@code UPDATE} on one task hand it over.
 */
class TaskAssignmentGuardIntegrationTest extends IntegrationTestBase {

  @Test
  void theRunningEngineChecksHandOversWithNoHandOverByUpdateAndNotWithCamundasOwnChecker() {
    var checkers = ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
        .getCommandCheckers();

    assertThat(checkers).filteredOn(c -> c.getClass() == TaskAssignmentGuard.NoHandOverByUpdate.class).hasSize(1);
    assertThat(checkers).noneMatch(c -> c.getClass() == AuthorizationCommandChecker.class);
  }
}
