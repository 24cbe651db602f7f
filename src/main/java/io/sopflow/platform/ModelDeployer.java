package io.sopflow.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.platform.process.ProcessVersions;
import io.sopflow.platform.process.ProcessVersions.Version;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Deploys the models of {@code processes/} and {@code forms/} (copied onto the classpath by Maven) when the application
 * starts; a restart with unchanged files creates no new versions.
 *
 * <p>A process and the forms it names are one unit, deployed together whenever any of them changed: a form reference
 * is bound to its own deployment ({@code camunda:formRefBinding="deployment"}, {@code ModelConventions}), so a new
 * version must carry every form it names, not only the changed files (the engine's "changed only" filtering deployed a
 * changed model without its unchanged forms, whose tasks then had no form; and a changed form alone reached no
 * process version at all). A unit is up to date when the deployment of each of its processes' latest version that
 * this deployer deployed holds every file of the unit with the same content (a process owner's later version, deployed
 * from Modeler under another deployment name, is left in place). Decisions and forms no process names are deployed
 * when changed, each file on its own.
 *
 * <p>Runs while the context refreshes, before the web server accepts requests (health is UP only once the SOPs are
 * deployed), and under the cluster's start-up lock ({@code StartupLock}), so two nodes starting at once deploy a
 * changed unit once. A new version of a governed SOP is proposed for review like any other deployment.
 */
@Component
class ModelDeployer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(ModelDeployer.class);

  private final RepositoryService repositoryService;
  private final ManagementService managementService;
  private final DeploymentProperties properties;
  private final ObjectMapper json = new ObjectMapper();

  ModelDeployer(RepositoryService repositoryService, ManagementService managementService,
      DeploymentProperties properties) {
    this.repositoryService = repositoryService;
    this.managementService = managementService;
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() throws IOException {
    long started = System.nanoTime();
    Map<String, byte[]> files = readModels();
    if (files.isEmpty()) {
      log.warn("No models found under {}", properties.resources());
      return;
    }
    Map<String, String> formFiles = formFilesById(files);
    long checking = System.nanoTime();
    Deployed deployed = new Deployed();
    long checkNanos = System.nanoTime() - checking;
    Set<String> inUnits = new LinkedHashSet<>();
    int units = 0;
    int processes = 0;
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      if (!file.getKey().endsWith(".bpmn")) {
        continue;
      }
      Document model = ModelConventions.parse(file.getValue());
      Map<String, byte[]> unit = new TreeMap<>();
      unit.put(file.getKey(), file.getValue());
      for (String formId : formRefs(model)) {
        String formFile = formFiles.get(formId);
        if (formFile != null) {
          unit.put(formFile, files.get(formFile));
        }
      }
      inUnits.addAll(unit.keySet());
      checking = System.nanoTime();
      boolean upToDate = deployed.upToDate(processKeys(model), unit);
      checkNanos += System.nanoTime() - checking;
      if (!upToDate) {
        processes += deploy(unit, false).getDeployedProcessDefinitions().size();
        units++;
      }
    }
    Map<String, byte[]> rest = new TreeMap<>(files);
    rest.keySet().removeAll(inUnits);
    int decisions = 0;
    if (!rest.isEmpty()) {
      List<?> decided = deploy(rest, true).getDeployedDecisionDefinitions();
      decisions = decided == null ? 0 : decided.size();
    }
    log.info("Model deployment '{}': {} files checked against {} deployments in {} ms, {} process units with {} "
        + "definitions and {} decision definitions (re)deployed; {} ms in all", properties.name(), files.size(),
        deployed.read(), checkNanos / 1_000_000, units, processes, decisions,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * What this deployer deployed last: of every process, the latest version among the deployments of this name (a
   * process owner's own versions, deployed from Modeler under another name, are theirs: the shipped files are compared
   * with what was last shipped, not deployed over an owner's edit at every start), found in two queries without
   * reading any model ({@link ProcessVersions}); and the files of those deployments, each read once with its contents.
   */
  private final class Deployed {

    private final Map<String, Version> latestByKey = new HashMap<>();
    private final Map<String, Map<String, byte[]>> filesByDeployment = new HashMap<>();

    Deployed() {
      Set<String> ours = new HashSet<>();
      repositoryService.createDeploymentQuery().deploymentName(properties.name()).list()
          .forEach(deployment -> ours.add(deployment.getId()));
      for (Version version : ProcessVersions.all(managementService)) {
        if (ours.contains(version.deploymentId()) && version.tenantId() == null) {
          latestByKey.merge(version.key(), version, (one, other) -> one.version() >= other.version() ? one : other);
        }
      }
    }

    /**
     * Whether the latest version of each process that this deployer deployed has exactly these files: its deployment
     * holds every file of the unit, byte for byte.
     */
    boolean upToDate(List<String> processKeys, Map<String, byte[]> unit) {
      for (String key : processKeys) {
        Version latest = latestByKey.get(key);
        if (latest == null) {
          return false;
        }
        Map<String, byte[]> running = filesOf(latest.deploymentId());
        for (Map.Entry<String, byte[]> file : unit.entrySet()) {
          if (!Arrays.equals(running.get(file.getKey()), file.getValue())) {
            return false;
          }
        }
      }
      return true;
    }

    int read() {
      return filesByDeployment.size();
    }

    private Map<String, byte[]> filesOf(String deploymentId) {
      return filesByDeployment.computeIfAbsent(deploymentId, id -> {
        Map<String, byte[]> byName = new HashMap<>();
        for (org.camunda.bpm.engine.repository.Resource resource : repositoryService.getDeploymentResources(id)) {
          byName.put(resource.getName(), resource.getBytes());
        }
        return byName;
      });
    }
  }

  private DeploymentWithDefinitions deploy(Map<String, byte[]> files, boolean changedOnly) {
    DeploymentBuilder builder = repositoryService.createDeployment().name(properties.name()).source(properties.name());
    if (changedOnly) {
      builder.enableDuplicateFiltering(true);
    }
    files.forEach((name, bytes) -> builder.addInputStream(name, new ByteArrayInputStream(bytes)));
    return builder.deployWithResult();
  }

  /** The process ids a model defines (one per file in SOPFlow's models). */
  private static List<String> processKeys(Document model) {
    return ModelConventions.elements(model, ModelConventions.BPMN_NS, "process").stream()
        .map(process -> process.getAttribute("id")).toList();
  }

  /** The forms a model names, on its user tasks and start events. */
  private static Set<String> formRefs(Document model) {
    Set<String> refs = new LinkedHashSet<>();
    for (String kind : List.of("userTask", "startEvent")) {
      for (Element element : ModelConventions.elements(model, ModelConventions.BPMN_NS, kind)) {
        String ref = element.getAttributeNS(ModelConventions.CAMUNDA_NS, "formRef");
        if (!ref.isBlank()) {
          refs.add(ref);
        }
      }
    }
    return refs;
  }

  /** The form files by the id they declare (a form is referenced by its id, not its file name). */
  private Map<String, String> formFilesById(Map<String, byte[]> files) throws IOException {
    Map<String, String> byId = new HashMap<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      if (file.getKey().endsWith(".form")) {
        String id = json.readTree(file.getValue()).path("id").asText("");
        if (!id.isEmpty()) {
          byId.put(id, file.getKey());
        }
      }
    }
    return byId;
  }

  private Map<String, byte[]> readModels() throws IOException {
    var resolver = new PathMatchingResourcePatternResolver(getClass().getClassLoader());
    Map<String, byte[]> models = new TreeMap<>();
    for (String pattern : properties.resources()) {
      for (Resource resource : resolver.getResources(pattern)) {
        if (resource.isReadable() && resource.getFilename() != null) {
          // Resource names are the file names: a process owner's deployment from Modeler uses the same names.
          try (InputStream in = resource.getInputStream()) {
            models.put(resource.getFilename(), in.readAllBytes());
          }
        }
      }
    }
    return models;
  }
}
