package io.sopflow.sop.review.process;

import io.sopflow.platform.DeploymentProperties;
import io.sopflow.platform.process.VersionsInForce;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sop.process.SopModelFacts;
import io.sopflow.sop.process.SopReviewProcess;
import io.sopflow.sop.review.SopModels;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.springframework.stereotype.Component;

/**
 * The SOPs' models as the engine has them: the keys of the definitions deployed from {@code processes/} (the
 * start-up deployment, {@code sopflow.deployment.name}) except this review process, and the process properties
 * {@code ownerGroup} and {@code reviewInterval} of the version in force, read through the BPMN model API. Runs without
 * the caller's engine authorizations: a model's name and properties are no secret, and who may read an SOP's reviews
 * is the service's decision (a caller without READ on a definition would otherwise get 404 for an SOP that exists).
 */
@Component
class BpmnSopModels implements SopModels {

  static final String OWNER_GROUP_PROPERTY = "ownerGroup";
  static final String REVIEW_INTERVAL_PROPERTY = "reviewInterval";

  private final RepositoryService repositoryService;
  private final DeploymentProperties deployment;
  private final WithoutCallerAuthorizations withoutCallerAuthorizations;
  private final VersionsInForce versionsInForce;

  BpmnSopModels(RepositoryService repositoryService, DeploymentProperties deployment,
      WithoutCallerAuthorizations withoutCallerAuthorizations, VersionsInForce versionsInForce) {
    this.versionsInForce = versionsInForce;
    this.repositoryService = repositoryService;
    this.deployment = deployment;
    this.withoutCallerAuthorizations = withoutCallerAuthorizations;
  }

  @Override
  public List<String> sopKeys() {
    return withoutCallerAuthorizations.call(this::deployedKeys);
  }

  @Override
  public Optional<SopModel> model(String processKey) {
    return withoutCallerAuthorizations.call(() -> inForce(processKey));
  }

  private List<String> deployedKeys() {
    Collection<String> keys = new TreeSet<>();
    for (Deployment d : repositoryService.createDeploymentQuery().deploymentSource(deployment.name()).list()) {
      for (ProcessDefinition definition : repositoryService.createProcessDefinitionQuery().deploymentId(d.getId())
          .list()) {
        keys.add(definition.getKey());
      }
    }
    keys.remove(SopReviewProcess.PROCESS_KEY);
    return List.copyOf(keys);
  }

  private Optional<SopModel> inForce(String processKey) {
    if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(processKey).count() == 0) {
      return Optional.empty();
    }
    // The version in force: a revision waiting for its review is not yet the SOP (SopRevisionProcess).
    ProcessDefinition inForce = repositoryService.getProcessDefinition(versionsInForce.definitionToStart(processKey));
    BpmnModelInstance model = repositoryService.getBpmnModelInstance(inForce.getId());
    Process process = model.getModelElementById(processKey);
    Deployment deployed = repositoryService.createDeploymentQuery().deploymentId(inForce.getDeploymentId())
        .singleResult();
    return Optional.of(new SopModel(processKey, inForce.getName() == null ? processKey : inForce.getName(),
        inForce.getVersion(), SopModelFacts.property(process, OWNER_GROUP_PROPERTY).orElse(DEFAULT_OWNER_GROUP),
        SopModelFacts.property(process, REVIEW_INTERVAL_PROPERTY).orElse(null),
        deployed == null || deployed.getDeploymentTime() == null ? Instant.EPOCH
            : deployed.getDeploymentTime().toInstant()));
  }
}
