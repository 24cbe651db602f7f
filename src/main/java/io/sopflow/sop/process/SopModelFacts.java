package io.sopflow.sop.process;

import io.sopflow.sop.SopModels;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * What SOP governance reads from a model: name, documentation, owner group (the process property
 * {@code ownerGroup}), the groups its tasks are offered to, and its flow nodes by id.
 */
public record SopModelFacts(String name, String documentation, Optional<String> declaredOwnerGroup,
    TreeSet<String> taskGroups, Map<String, String> flowNodes) {

  static SopModelFacts of(byte[] bpmn, String processKey) {
    return of(Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn)), processKey);
  }

  static SopModelFacts of(BpmnModelInstance model, String processKey) {
    Process process = model.getModelElementById(processKey);
    if (process == null) {
      throw new IllegalArgumentException("The model has no process " + processKey);
    }
    String documentation = process.getDocumentations().stream().map(Documentation::getTextContent)
        .collect(Collectors.joining("\n")).strip();
    Optional<String> ownerGroup = property(process, SopModels.OWNER_GROUP_PROPERTY);
    TreeSet<String> groups = new TreeSet<>();
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      String candidates = task.getCamundaCandidateGroups();
      if (candidates != null && !candidates.contains("${") && !candidates.contains("#{")) {
        Arrays.stream(candidates.split(",")).map(String::strip).filter(g -> !g.isEmpty()).forEach(groups::add);
      }
    }
    Map<String, String> flowNodes = new LinkedHashMap<>();
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      flowNodes.put(node.getId(), node.getName() == null ? "" : node.getName());
    }
    return new SopModelFacts(process.getName() == null ? processKey : process.getName(),
        documentation.isEmpty() ? null : documentation, ownerGroup, groups, flowNodes);
  }

  /**
   * A process property of the model ({@code <camunda:property name="..." value="..."/>} on the process), stripped;
   * empty when absent or blank. The one place SOP governance and the periodic review read a model's properties.
   */
  public static Optional<String> property(Process process, String name) {
    if (process == null || process.getExtensionElements() == null) {
      return Optional.empty();
    }
    return process.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
        .flatMap(p -> p.getCamundaProperties().stream())
        .filter(p -> name.equals(p.getCamundaName()))
        .map(CamundaProperty::getCamundaValue).filter(v -> v != null && !v.isBlank()).map(String::strip)
        .findFirst();
  }

  String ownerGroup() {
    return declaredOwnerGroup.orElse(SopModels.DEFAULT_OWNER_GROUP);
  }
}
