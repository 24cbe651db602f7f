package io.sopflow.sop.process;

import io.sopflow.platform.process.VersionsInForce;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sop.SopRevisionService;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/** The versions in force are those SOP governance recorded as IN_FORCE; an ungoverned process starts its latest. */
@Component
class GovernedVersions implements VersionsInForce {

  private final SopRevisionService revisions;
  private final RepositoryService repositoryService;
  private final WithoutCallerAuthorizations withoutCaller;

  GovernedVersions(SopRevisionService revisions, RepositoryService repositoryService,
      WithoutCallerAuthorizations withoutCaller) {
    this.revisions = revisions;
    this.repositoryService = repositoryService;
    this.withoutCaller = withoutCaller;
  }

  @Override
  public String definitionToStart(String processKey) {
    return revisions.definitionInForce(processKey).orElseGet(() -> withoutCaller.call(() ->
        repositoryService.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion()
            .singleResult()).getId());
  }

  @Override
  public boolean mayStart(String processKey, String processDefinitionId) {
    return revisions.definitionInForce(processKey).map(processDefinitionId::equals).orElse(true);
  }

  @Override
  public Collection<String> definitionsToOffer() {
    Map<String, String> offered = new TreeMap<>();
    for (ProcessDefinition latest : withoutCaller.call(() ->
        repositoryService.createProcessDefinitionQuery().latestVersion().list())) {
      offered.put(latest.getKey(), latest.getId());
    }
    offered.putAll(revisions.definitionsInForce());
    return offered.values();
  }
}
