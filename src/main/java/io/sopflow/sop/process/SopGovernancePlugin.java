package io.sopflow.sop.process;

import io.sopflow.platform.process.EngineExtensions;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Sees every new version of a process the moment the engine deploys it, in the deployment's transaction, whatever
 * deployed it: Modeler's Deploy through {@code /engine-rest/deployment/create}, the models of {@code processes/} at
 * start-up ({@code platform/ModelDeployer}), or any other deployment. A post-deployer rather than a check in one REST
 * path: no way of deploying can skip the review. Deployments the engine merely reloads into its cache are not new.
 */
@Component
class SopGovernancePlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<SopRevisionRecorder> recorder;

  SopGovernancePlugin(ObjectProvider<SopRevisionRecorder> recorder) {
    this.recorder = recorder;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    EngineExtensions.addPostDeployer(configuration, new RevisionDetector(recorder));
  }

  /** Looks the recorder up at deployment time: the engine is built before the beans it needs. */
  static final class RevisionDetector implements Deployer {
    private final ObjectProvider<SopRevisionRecorder> recorder;

    RevisionDetector(ObjectProvider<SopRevisionRecorder> recorder) {
      this.recorder = recorder;
    }

    @Override
    public void deploy(DeploymentEntity deployment) {
      List<ProcessDefinitionEntity> definitions = deployment.getDeployedArtifacts(ProcessDefinitionEntity.class);
      if (!deployment.isNew() || definitions == null || definitions.isEmpty()) {
        return;
      }
      String author = Context.getCommandContext().getAuthenticatedUserId();
      for (ProcessDefinitionEntity definition : definitions) {
        ResourceEntity resource = deployment.getResource(definition.getResourceName());
        recorder.getObject().deployed(definition.getKey(), definition.getVersion(), definition.getId(),
            definition.getVersionTag(), resource.getBytes(), author, deployment.getSource());
      }
    }
  }
}
