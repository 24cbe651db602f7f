package io.sopflow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the models of {@code processes/} and {@code forms/} (copied onto the classpath by Maven) when the application
 * starts. Duplicate filtering with "changed only" means a restart with unchanged files creates no new versions, and a
 * changed file gets a new version of that model only. The engine serialises deployments with its deployment lock, so
 * several nodes starting at once on an empty database deploy each model once.
 *
 * <p>Runs while the context refreshes, before the web server accepts requests: health is UP only once the SOPs are
 * deployed.
 */
@Component
class ModelDeployer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(ModelDeployer.class);

  private final RepositoryService repositoryService;
  private final DeploymentProperties properties;

  ModelDeployer(RepositoryService repositoryService, DeploymentProperties properties) {
    this.repositoryService = repositoryService;
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() throws IOException {
    Map<String, Resource> models = findModels();
    if (models.isEmpty()) {
      log.warn("No models found under {}", properties.resources());
      return;
    }
    DeploymentBuilder builder = repositoryService.createDeployment()
        .name(properties.name())
        .source(properties.name())
        .enableDuplicateFiltering(true);
    for (Map.Entry<String, Resource> model : models.entrySet()) {
      try (InputStream in = model.getValue().getInputStream()) {
        builder.addInputStream(model.getKey(), in);
      }
    }
    DeploymentWithDefinitions deployment = builder.deployWithResult();
    int changed = deployment.getDeployedProcessDefinitions() == null ? 0 : deployment.getDeployedProcessDefinitions().size();
    int decisions = deployment.getDeployedDecisionDefinitions() == null ? 0 : deployment.getDeployedDecisionDefinitions().size();
    log.info("Model deployment '{}': {} files checked, {} process and {} decision definitions (re)deployed",
        properties.name(), models.size(), changed, decisions);
  }

  private Map<String, Resource> findModels() throws IOException {
    var resolver = new PathMatchingResourcePatternResolver(getClass().getClassLoader());
    Map<String, Resource> models = new TreeMap<>();
    for (String pattern : properties.resources()) {
      for (Resource resource : resolver.getResources(pattern)) {
        if (resource.isReadable() && resource.getFilename() != null) {
          // Resource names are the file names: a process owner's deployment from Modeler uses the same names.
          models.put(resource.getFilename(), resource);
        }
      }
    }
    return models;
  }
}
