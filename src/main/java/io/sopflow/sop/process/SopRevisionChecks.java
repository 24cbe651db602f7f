package io.sopflow.sop.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.platform.ModelConventions;
import io.sopflow.sop.SopRevisionService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * The automatic checks of a revision, on the server: the house rules of {@link ModelConventions} (readable ids, forms
 * that resolve in the revision's own deployment, since forms bind by deployment; delegate expressions that name a
 * bean of this application; SLA timers that are expressions), and a summary of the flow nodes added, removed and
 * renamed against the version in force, for the reviewer.
 */
@Component
class SopRevisionChecks {

  record Result(boolean passed, String checks, String changeSummary, String ownerGroup, Set<String> sopGroups) {}

  private final RepositoryService repositoryService;
  private final SopRevisionService revisions;
  private final ListableBeanFactory beans;
  private final ObjectMapper json = new ObjectMapper();

  SopRevisionChecks(RepositoryService repositoryService, SopRevisionService revisions, ListableBeanFactory beans) {
    this.repositoryService = repositoryService;
    this.revisions = revisions;
    this.beans = beans;
  }

  Result check(String processKey, int version) {
    ProcessDefinition proposed = repositoryService.createProcessDefinitionQuery().processDefinitionKey(processKey)
        .processDefinitionVersion(version).singleResult();
    byte[] bpmn = read(proposed.getDeploymentId(), proposed.getResourceName());
    SopModelFacts revised = SopModelFacts.of(bpmn, processKey);
    Set<String> forms = formsOf(proposed.getDeploymentId());
    List<String> findings = ModelConventions.check(ModelConventions.parse(bpmn), forms::contains, beans::containsBean);

    String inForceId = revisions.definitionInForce(processKey).orElseThrow();
    ProcessDefinition inForce = repositoryService.getProcessDefinition(inForceId);
    SopModelFacts current = SopModelFacts.of(read(inForce.getDeploymentId(), inForce.getResourceName()), processKey);

    String checks = findings.isEmpty()
        ? "Passed: " + String.join(", ", ModelConventions.RULES) + "."
        : "Failed (" + findings.size() + "):\n- " + String.join("\n- ", findings);
    Set<String> groups = new java.util.TreeSet<>(revised.taskGroups());
    groups.add(current.ownerGroup());
    // The version in force names who reviews: a revision cannot choose its own reviewers.
    return new Result(findings.isEmpty(), checks, summary(inForce.getVersion(), current.flowNodes(), revised.flowNodes()),
        current.ownerGroup(), groups);
  }

  /** Flow nodes added, removed and renamed against the version in force, one per line. */
  static String summary(int versionInForce, Map<String, String> before, Map<String, String> after) {
    List<String> lines = new ArrayList<>();
    after.forEach((id, name) -> {
      if (!before.containsKey(id)) {
        lines.add("Added: " + id + " \"" + name + "\"");
      }
    });
    before.forEach((id, name) -> {
      if (!after.containsKey(id)) {
        lines.add("Removed: " + id + " \"" + name + "\"");
      }
    });
    before.forEach((id, name) -> {
      if (after.containsKey(id) && !after.get(id).equals(name)) {
        lines.add("Renamed: " + id + " \"" + name + "\" -> \"" + after.get(id) + "\"");
      }
    });
    String head = "Compared with version " + versionInForce + " (in force):\n";
    return lines.isEmpty()
        ? head + "No flow node added, removed or renamed (the change is in conditions, settings or layout)."
        : head + String.join("\n", lines);
  }

  private Set<String> formsOf(String deploymentId) {
    Set<String> ids = new HashSet<>();
    for (String name : repositoryService.getDeploymentResourceNames(deploymentId)) {
      if (name.endsWith(".form")) {
        try {
          ids.add(json.readTree(read(deploymentId, name)).path("id").asText());
        } catch (IOException e) {
          // An unreadable form resolves nothing: the task that references it is reported.
        }
      }
    }
    return ids;
  }

  private byte[] read(String deploymentId, String resourceName) {
    try (InputStream in = repositoryService.getResourceAsStream(deploymentId, resourceName)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
