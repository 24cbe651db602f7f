package io.sopflow.sop.process;

import io.sopflow.platform.DeploymentProperties;
import io.sopflow.platform.process.ProcessVersions;
import io.sopflow.platform.process.VersionsInForce;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sop.SopModels;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.springframework.stereotype.Component;

/**
 * The SOPs' deployed models as the engine has them, read through the BPMN model API ({@link SopModelFacts}). Runs
 * without the caller's engine authorizations: a model's name and properties are no secret (the catalogue is the SOPs'
 * distribution to everyone signed in, and shows counts per version, never an instance), and who may read an SOP's
 * reviews is the review service's decision (a caller without READ on a definition would otherwise get 404 for an SOP
 * that exists).
 */
@Component
class EngineSopModels implements SopModels {

  private final RepositoryService repositoryService;
  private final ManagementService managementService;
  private final RuntimeService runtimeService;
  private final DeploymentProperties deployment;
  private final VersionsInForce versionsInForce;
  private final WithoutCallerAuthorizations withoutCaller;

  EngineSopModels(RepositoryService repositoryService, ManagementService managementService,
      RuntimeService runtimeService, DeploymentProperties deployment, VersionsInForce versionsInForce,
      WithoutCallerAuthorizations withoutCaller) {
    this.repositoryService = repositoryService;
    this.managementService = managementService;
    this.runtimeService = runtimeService;
    this.deployment = deployment;
    this.versionsInForce = versionsInForce;
    this.withoutCaller = withoutCaller;
  }

  @Override
  public List<String> sopKeys() {
    return withoutCaller.call(() -> {
      Set<String> shipped = new HashSet<>();
      repositoryService.createDeploymentQuery().deploymentSource(deployment.name()).list()
          .forEach(d -> shipped.add(d.getId()));
      // Which processes exist, not their models: a query per deployment parsed every version's model (step 32).
      TreeSet<String> keys = new TreeSet<>();
      for (ProcessVersions.Version version : ProcessVersions.all(managementService)) {
        if (shipped.contains(version.deploymentId())) {
          keys.add(version.key());
        }
      }
      // The periodic review is how SOPs are reviewed, not an SOP that is reviewed.
      keys.remove(SopReviewProcess.PROCESS_KEY);
      return List.copyOf(keys);
    });
  }

  @Override
  public Optional<SopModel> model(String processDefinitionId) {
    return withoutCaller.call(() -> {
      ProcessDefinition definition = repositoryService.createProcessDefinitionQuery()
          .processDefinitionId(processDefinitionId).singleResult();
      return definition == null ? Optional.<SopModel>empty() : Optional.of(modelOf(definition));
    });
  }

  @Override
  public Optional<SopModel> inForce(String processKey) {
    return withoutCaller.call(() -> {
      if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(processKey).count() == 0) {
        return Optional.<SopModel>empty();
      }
      return Optional.of(modelOf(repositoryService.getProcessDefinition(
          versionsInForce.definitionToStart(processKey))));
    });
  }

  @Override
  public Map<Integer, Long> openInstancesPerVersion(String processKey) {
    return withoutCaller.call(() -> {
      Map<Integer, Long> open = new TreeMap<>();
      for (ProcessDefinition definition : repositoryService.createProcessDefinitionQuery()
          .processDefinitionKey(processKey).list()) {
        long count = runtimeService.createProcessInstanceQuery().processDefinitionId(definition.getId()).count();
        if (count > 0) {
          open.put(definition.getVersion(), count);
        }
      }
      return open;
    });
  }

  private SopModel modelOf(ProcessDefinition definition) {
    BpmnModelInstance bpmn = repositoryService.getBpmnModelInstance(definition.getId());
    SopModelFacts facts = SopModelFacts.of(bpmn, definition.getKey());
    Process process = bpmn.getModelElementById(definition.getKey());
    Deployment deployed = repositoryService.createDeploymentQuery().deploymentId(definition.getDeploymentId())
        .singleResult();
    return new SopModel(definition.getKey(), facts.name(), definition.getVersion(), facts.documentation(),
        facts.ownerGroup(), SopModelFacts.property(process, REVIEW_INTERVAL_PROPERTY).orElse(null),
        deployed == null || deployed.getDeploymentTime() == null ? Instant.EPOCH
            : deployed.getDeploymentTime().toInstant());
  }
}
