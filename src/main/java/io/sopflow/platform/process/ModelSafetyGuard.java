package io.sopflow.platform.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.domain.InvalidRequestException;
import io.sopflow.platform.ModelConventions;
import io.sopflow.platform.ModelSafety;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Refuses a deployment that holds anything a model may not ({@link ModelSafety}): a script, a Java class, an expression
 * that reads properties or calls methods other than the model functions, a decision in JUEL, a resource that is not a
 * model or form; and a process whose delegate expressions reach a step of another SOP. An SOP's steps are the beans its
 * own model uses as shipped ({@code processes/<key>.bpmn} on the class path), plus the blocks of Modeler's element
 * templates ({@code processes/.camunda/element-templates/}), which every SOP and a new process may use: so a process
 * owner's new process cannot run, say, the security incident SOP's account lock on a record of their choosing.
 *
 * <p>It runs before the engine parses anything, so nothing of the deployment is evaluated or stored; the refusal answers
 * 400 problem+json naming the resource and every finding (what Modeler's Deploy shows). Every deployment passes it,
 * whoever deploys (process owners from Modeler, admins, SOPFlow's own start-up). Deployments already stored are read
 * again without it (a cache reload), so the check is for new ones only.
 */
@Component
class ModelSafetyGuard extends AbstractProcessEnginePlugin {

  static final String SHIPPED_MODELS = "classpath*:processes/*.bpmn";
  static final String ELEMENT_TEMPLATES = "classpath*:processes/.camunda/element-templates/*.json";

  /** Read once, at the first deployment: the class path does not change while the application runs. */
  private volatile Steps steps;

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    EngineExtensions.addPreDeployer(configuration, this::check);
  }

  void check(DeploymentEntity deployment) {
    if (!deployment.isNew() || deployment.getResources() == null) {
      return;
    }
    List<String> findings = new ArrayList<>();
    String field = null;
    for (ResourceEntity resource : deployment.getResources().values()) {
      List<String> found = findings(resource.getName(), resource.getBytes());
      if (!found.isEmpty() && field == null) {
        field = resource.getName();
      }
      found.forEach(finding -> findings.add(resource.getName() + ": " + finding));
    }
    if (!findings.isEmpty()) {
      throw new InvalidRequestException(field, "The deployment was refused: a model may not run scripts, Java classes, "
          + "expressions beyond variables, beans by name and the model functions, or another SOP's steps ("
          + String.join("; ", findings) + ")");
    }
  }

  List<String> findings(String name, byte[] content) {
    if (!ModelSafety.isDeployable(name)) {
      return List.of("not a model or form (deployable: " + String.join(", ", ModelSafety.DEPLOYABLE) + ")");
    }
    if (name.toLowerCase(Locale.ROOT).endsWith(".form") || content == null) {
      return List.of();
    }
    try {
      var model = ModelConventions.parse(content);
      List<String> findings = new ArrayList<>(ModelSafety.unsafeContent(model));
      ModelSafety.delegateBeansByProcess(model).forEach((processKey, beans) -> {
        Set<String> foreign = new TreeSet<>(beans);
        foreign.removeAll(steps().of(processKey));
        foreign.forEach(bean -> findings.add("process " + processKey + " uses ${" + bean + "}, a step of another SOP "
            + "(a process may use the steps of its own SOP as shipped and the element templates' blocks: "
            + String.join(", ", steps().blocks()) + ")"));
      });
      return findings;
    } catch (IllegalArgumentException unreadable) {
      return List.of(unreadable.getMessage());
    }
  }

  private Steps steps() {
    Steps read = steps;
    if (read == null) {
      read = Steps.fromClassPath();
      steps = read;
    }
    return read;
  }

  /** The beans each shipped SOP model uses, by process key, and the element templates' blocks. */
  record Steps(Map<String, Set<String>> byProcess, Set<String> blocks) {

    Set<String> of(String processKey) {
      Set<String> allowed = new TreeSet<>(blocks);
      allowed.addAll(byProcess.getOrDefault(processKey, Set.of()));
      return allowed;
    }

    static Steps fromClassPath() {
      var resolver = new PathMatchingResourcePatternResolver(ModelSafetyGuard.class.getClassLoader());
      Map<String, Set<String>> byProcess = new HashMap<>();
      Set<String> blocks = new TreeSet<>();
      try {
        for (Resource model : resolver.getResources(SHIPPED_MODELS)) {
          ModelSafety.delegateBeansByProcess(ModelConventions.parse(read(model))).forEach((key, beans) ->
              byProcess.computeIfAbsent(key, k -> new TreeSet<>()).addAll(beans));
        }
        ObjectMapper json = new ObjectMapper();
        for (Resource template : resolver.getResources(ELEMENT_TEMPLATES)) {
          for (JsonNode property : json.readTree(read(template)).path("properties")) {
            if ("camunda:delegateExpression".equals(property.path("binding").path("name").asText())) {
              Set<String> bean = new TreeSet<>();
              ModelConventions.addRoot(bean, property.path("value").asText());
              blocks.addAll(bean);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the shipped models and element templates", e);
      }
      if (byProcess.isEmpty()) {
        throw new IllegalStateException("No shipped models found at " + SHIPPED_MODELS);
      }
      return new Steps(Map.copyOf(byProcess), Set.copyOf(blocks));
    }

    private static byte[] read(Resource resource) throws IOException {
      try (InputStream in = resource.getInputStream()) {
        return in.readAllBytes();
      }
    }
  }
}
