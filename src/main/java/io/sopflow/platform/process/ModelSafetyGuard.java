package io.sopflow.platform.process;

import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.ModelConventions;
import io.sopflow.platform.ModelSafety;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.springframework.stereotype.Component;

/**
 * Refuses a deployment that holds anything a model may not ({@link ModelSafety}): a script, a Java class, an expression
 * that reads properties or calls methods other than the model functions, a decision in JUEL, a resource that is not a
 * model or form. It runs before the engine parses anything, so nothing of the deployment is evaluated or stored; the
 * refusal answers 400 problem+json naming the resource and every finding (what Modeler's Deploy shows). Every
 * deployment passes it, whoever deploys (process owners from Modeler, admins, SOPFlow's own start-up). Deployments
 * already stored are read again without it (a cache reload), so the check is for new ones only.
 */
@Component
class ModelSafetyGuard extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    EngineExtensions.addPreDeployer(configuration, ModelSafetyGuard::check);
  }

  static void check(DeploymentEntity deployment) {
    if (!deployment.isNew() || deployment.getResources() == null) {
      return;
    }
    List<String> findings = new ArrayList<>();
    String field = null;
    for (ResourceEntity resource : deployment.getResources().values()) {
      List<String> found = findings(resource);
      if (!found.isEmpty() && field == null) {
        field = resource.getName();
      }
      found.forEach(finding -> findings.add(resource.getName() + ": " + finding));
    }
    if (!findings.isEmpty()) {
      throw new InvalidRequestException(field, "The deployment was refused: a model may not run scripts, Java classes "
          + "or expressions beyond variables, beans by name and the model functions ("
          + String.join("; ", findings) + ")");
    }
  }

  private static List<String> findings(ResourceEntity resource) {
    String name = resource.getName();
    if (!ModelSafety.isDeployable(name)) {
      return List.of("not a model or form (deployable: " + String.join(", ", ModelSafety.DEPLOYABLE) + ")");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".form") || resource.getBytes() == null) {
      return List.of();
    }
    try {
      return ModelSafety.unsafeContent(ModelConventions.parse(resource.getBytes()));
    } catch (IllegalArgumentException unreadable) {
      return List.of(unreadable.getMessage());
    }
  }
}
