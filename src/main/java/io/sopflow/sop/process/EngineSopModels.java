package io.sopflow.sop.process;

import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sop.SopModels;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/**
 * The catalogue's view of the deployed models. Read without the caller's engine authorizations: the catalogue is the
 * SOPs' distribution to everyone signed in, and shows counts per version, never an instance.
 */
@Component
class EngineSopModels implements SopModels {

  private final RepositoryService repositoryService;
  private final RuntimeService runtimeService;
  private final WithoutCallerAuthorizations withoutCaller;

  EngineSopModels(RepositoryService repositoryService, RuntimeService runtimeService,
      WithoutCallerAuthorizations withoutCaller) {
    this.repositoryService = repositoryService;
    this.runtimeService = runtimeService;
    this.withoutCaller = withoutCaller;
  }

  @Override
  public Optional<SopModel> model(String processDefinitionId) {
    return withoutCaller.call(() -> {
      ProcessDefinition definition = repositoryService.createProcessDefinitionQuery()
          .processDefinitionId(processDefinitionId).singleResult();
      if (definition == null) {
        return Optional.empty();
      }
      SopModelFacts facts = SopModelFacts.of(repositoryService.getBpmnModelInstance(processDefinitionId),
          definition.getKey());
      return Optional.of(new SopModel(facts.name(), facts.documentation(), facts.ownerGroup()));
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
}
