package io.sopflow.sop.process;

import io.sopflow.audit.AuditEvent;
import io.sopflow.platform.DeploymentProperties;
import io.sopflow.sop.NewVersion;
import io.sopflow.sop.SopApi.Outcome;
import io.sopflow.sop.SopRevisionService;
import java.time.Clock;
import java.util.Objects;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/**
 * Records a version the engine has just deployed ({@link SopGovernancePlugin}) and starts its review when it is a
 * revision of an SOP in force. A process is an SOP when it has a recorded version or names its owner group
 * ({@code ownerGroup} property): the probes and fixtures a test deploys are not SOPs and run ungoverned. The author is
 * the authenticated person who deployed; {@code system} for the start-up deployment of {@code processes/}.
 */
@Component
class SopRevisionRecorder {

  private final SopRevisionService revisions;
  private final SopRevisionProcessStarter starter;
  private final RepositoryService repositoryService;
  private final DeploymentProperties startupDeployment;
  private final Clock clock;

  SopRevisionRecorder(SopRevisionService revisions, SopRevisionProcessStarter starter,
      RepositoryService repositoryService, DeploymentProperties startupDeployment, Clock clock) {
    this.revisions = revisions;
    this.starter = starter;
    this.repositoryService = repositoryService;
    this.startupDeployment = startupDeployment;
    this.clock = clock;
  }

  void deployed(String processKey, int version, String definitionId, String versionTag, byte[] bpmn, String author,
      String deploymentSource) {
    boolean governed = revisions.isGoverned(processKey);
    if (!governed && SopModelFacts.of(bpmn, processKey).declaredOwnerGroup().isEmpty()) {
      return;
    }
    String by = author == null ? AuditEvent.SYSTEM : author;
    boolean atStartup = author == null && Objects.equals(deploymentSource, startupDeployment.name());
    if (!governed && version > 1) {
      ProcessDefinition running = repositoryService.createProcessDefinitionQuery().processDefinitionKey(processKey)
          .processDefinitionVersion(version - 1).singleResult();
      if (running != null) {
        revisions.adopt(new NewVersion(processKey, running.getVersion(), running.getId(), running.getVersionTag(),
            AuditEvent.SYSTEM, clock.instant(), true));
      }
    }
    NewVersion deployed = new NewVersion(processKey, version, definitionId, versionTag, by, clock.instant(),
        atStartup);
    if (revisions.recordDeployment(deployed) == Outcome.PROPOSED) {
      starter.startReview(processKey, version, by);
    }
  }
}
