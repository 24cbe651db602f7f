package io.sopflow.platform;

import static io.sopflow.support.Models.BPMN_NS;
import static io.sopflow.support.Models.CAMUNDA_NS;
import static io.sopflow.support.Models.elements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.support.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The house rules of STYLE.md for every model in {@code processes/} and {@code forms/}: readable ids, layout for every
 * element, history TTL and version tag, forms that resolve, code reached only through delegate expressions, side
 * effects behind save points, SLA dates that come from code rather than literals.
 */
class ModelConventionsTest {

  /** The public contract of DESIGN.md. */
  static final List<String> CONTRACT_PROCESSES = List.of("IncidentEscalationProcess", "ChangeApprovalProcess",
      "AccessProvisioningProcess", "ReleaseDeploymentProcess", "ProjectClosureProcess");

  static final Pattern ID = Pattern.compile("^(StartEvent|EndEvent|Task|Gateway|Flow|BoundaryEvent|IntermediateEvent|"
      + "Event|Message|Error|Escalation|Signal|SubProcess|CallActivity|Process|Definitions|Lane|LaneSet|Participant|"
      + "Collaboration|TextAnnotation|Association|DataObject|DataObjectReference|Decision|Rule|InputClause|OutputClause|"
      + "InputData|Timer|Input|Output|Definition|DMNDiagram|DMNShape|DMNEdge|InformationRequirement|AuthorityRequirement|"
      + "KnowledgeSource|BusinessKnowledgeModel|LiteralExpression|DecisionTable|UnaryTests|Column)_[A-Za-z0-9][A-Za-z0-9_]*$");

  private static final Set<String> FLOW_NODE_TYPES = Set.of("startEvent", "endEvent", "userTask", "serviceTask",
      "sendTask", "receiveTask", "scriptTask", "businessRuleTask", "manualTask", "task", "exclusiveGateway",
      "parallelGateway", "inclusiveGateway", "eventBasedGateway", "intermediateCatchEvent", "intermediateThrowEvent",
      "boundaryEvent", "subProcess", "callActivity", "sequenceFlow", "textAnnotation", "association");

  /** Camunda's DMN extensions have a namespace of their own. */
  static final String CAMUNDA_DMN_NS = "http://camunda.org/schema/1.0/dmn";

  private final ObjectMapper json = new ObjectMapper();

  static Stream<Path> bpmnFiles() {
    return Models.files(Models.PROCESSES, ".bpmn").stream();
  }

  static Stream<Path> dmnFiles() {
    return Models.files(Models.PROCESSES, ".dmn").stream();
  }

  static Stream<Path> formFiles() {
    return Models.files(Models.FORMS, ".form").stream();
  }

  @Test
  void everyContractProcessHasItsModel() {
    List<String> present = bpmnFiles().map(p -> p.getFileName().toString().replace(".bpmn", "")).toList();
    assertThat(present).containsAll(CONTRACT_PROCESSES);
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void processIsNamedLikeItsFileAndDeployable(Path file) {
    Document model = Models.parse(file);
    List<Element> processes = elements(model, BPMN_NS, "process");
    assertThat(processes).as("one process per file").hasSize(1);
    Element process = processes.get(0);
    assertThat(process.getAttribute("id")).isEqualTo(file.getFileName().toString().replace(".bpmn", ""));
    assertThat(process.getAttribute("isExecutable")).isEqualTo("true");
    assertThat(process.getAttribute("name")).as("a name for people").isNotBlank();
    assertThat(process.getAttributeNS(CAMUNDA_NS, "historyTimeToLive")).as("historyTimeToLive").isNotBlank();
    assertThat(process.getAttributeNS(CAMUNDA_NS, "versionTag")).as("versionTag").isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyElementHasAReadableIdAndADiagramShape(Path file) {
    Document model = Models.parse(file);
    Set<String> drawn = new HashSet<>();
    for (String di : List.of("BPMNShape", "BPMNEdge")) {
      for (Element shape : elements(model, "http://www.omg.org/spec/BPMN/20100524/DI", di)) {
        drawn.add(shape.getAttribute("bpmnElement"));
      }
    }
    List<String> badIds = new ArrayList<>();
    List<String> undrawn = new ArrayList<>();
    for (String type : FLOW_NODE_TYPES) {
      for (Element element : elements(model, BPMN_NS, type)) {
        String id = element.getAttribute("id");
        if (!ID.matcher(id).matches()) {
          badIds.add(id);
        }
        if (!drawn.contains(id)) {
          undrawn.add(id);
        }
      }
    }
    for (String type : List.of("message", "error", "escalation", "signal")) {
      for (Element element : elements(model, BPMN_NS, type)) {
        if (!ID.matcher(element.getAttribute("id")).matches()) {
          badIds.add(element.getAttribute("id"));
        }
      }
    }
    assertThat(badIds).as("ids that do not follow STYLE.md").isEmpty();
    assertThat(undrawn).as("elements without diagram layout").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void codeIsReachedOnlyThroughDelegateExpressions(Path file) {
    Document model = Models.parse(file);
    assertThat(elements(model, BPMN_NS, "scriptTask")).as("script tasks").isEmpty();
    assertThat(elements(model, CAMUNDA_NS, "script")).as("inline scripts").isEmpty();
    assertThat(elements(model, CAMUNDA_NS, "field")).as("field injection").isEmpty();
    List<String> offenders = new ArrayList<>();
    walk(model.getDocumentElement(), element -> {
      if (element.hasAttributeNS(CAMUNDA_NS, "class") || element.hasAttribute("class")
          || element.hasAttributeNS(CAMUNDA_NS, "expression")) {
        offenders.add(element.getAttribute("id") + element.getAttribute("event"));
      }
    });
    assertThat(offenders).as("camunda:class or camunda:expression instead of delegateExpression").isEmpty();
    for (Element task : elements(model, BPMN_NS, "serviceTask")) {
      assertThat(task.getAttributeNS(CAMUNDA_NS, "delegateExpression"))
          .as("delegate expression of %s", task.getAttribute("id")).startsWith("${").endsWith("}");
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void mailIsSentFromAsynchronousStepsWithRetries(Path file) {
    Document model = Models.parse(file);
    for (Element task : elements(model, BPMN_NS, "serviceTask")) {
      if (!task.getAttributeNS(CAMUNDA_NS, "delegateExpression").contains("sendNotificationDelegate")) {
        continue;
      }
      String id = task.getAttribute("id");
      assertThat(task.getAttributeNS(CAMUNDA_NS, "asyncBefore")).as("asyncBefore on %s", id).isEqualTo("true");
      assertThat(elements(model, CAMUNDA_NS, "failedJobRetryTimeCycle").stream()
          .anyMatch(cycle -> isInside(cycle, task))).as("retry cycle on %s", id).isTrue();
      assertThat(inputParameter(task, "template")).as("template of %s", id).isNotBlank();
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void slaTimersReadDatesComputedByCode(Path file) {
    Document model = Models.parse(file);
    for (String kind : List.of("timeDate", "timeDuration", "timeCycle")) {
      for (Element timer : elements(model, BPMN_NS, kind)) {
        assertThat(timer.getTextContent().strip()).as("timer in %s", file).startsWith("${").endsWith("}");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyUserTaskHasAFormThatExists(Path file) throws IOException {
    Document model = Models.parse(file);
    for (Element task : elements(model, BPMN_NS, "userTask")) {
      String id = task.getAttribute("id");
      String formRef = task.getAttributeNS(CAMUNDA_NS, "formRef");
      assertThat(formRef).as("formRef of %s", id).matches("Form_[A-Z][A-Za-z0-9]*");
      assertThat(task.getAttributeNS(CAMUNDA_NS, "formRefBinding")).as("formRefBinding of %s", id).isNotBlank();
      Path form = Models.FORMS.resolve(formRef + ".form");
      assertThat(form).as("form file of %s", id).exists();
      assertThat(json.readTree(form.toFile()).path("id").asText()).isEqualTo(formRef);
      assertThat(task.getAttribute("name")).as("label of %s", id).isNotBlank();
    }
  }

  @ParameterizedTest
  @MethodSource("formFiles")
  void formIdIsItsFileNameAndFieldKeysAreUnique(Path file) throws IOException {
    JsonNode form = json.readTree(file.toFile());
    assertThat(form.path("id").asText()).isEqualTo(file.getFileName().toString().replace(".form", ""));
    assertThat(form.path("type").asText()).isEqualTo("default");
    assertThat(form.path("executionPlatform").asText()).isEqualTo("Camunda Platform");
    List<String> keys = new ArrayList<>();
    collectKeys(form.path("components"), keys);
    assertThat(keys).as("field keys of %s", file).doesNotHaveDuplicates().isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("dmnFiles")
  void decisionsHaveHistoryTimeToLiveAndReadableIds(Path file) {
    Document model = Models.parse(file);
    String dmn = model.getDocumentElement().getNamespaceURI();
    List<Element> decisions = elements(model, dmn, "decision");
    assertThat(decisions).isNotEmpty();
    for (Element decision : decisions) {
      assertThat(decision.getAttributeNS(CAMUNDA_DMN_NS, "historyTimeToLive")).as("historyTimeToLive").isNotBlank();
      assertThat(decision.getAttribute("name")).isNotBlank();
    }
    for (String type : List.of("rule", "input", "output")) {
      for (Element element : elements(model, dmn, type)) {
        assertThat(element.getAttribute("id")).matches(ID);
      }
    }
  }

  private static void collectKeys(JsonNode components, List<String> keys) {
    for (JsonNode component : components) {
      if (component.hasNonNull("key")) {
        keys.add(component.get("key").asText());
      }
      collectKeys(component.path("components"), keys);
    }
  }

  private static String inputParameter(Element task, String name) {
    for (Element parameter : elements(task.getOwnerDocument(), CAMUNDA_NS, "inputParameter")) {
      if (isInside(parameter, task) && name.equals(parameter.getAttribute("name"))) {
        return parameter.getTextContent().strip();
      }
    }
    return null;
  }

  private static boolean isInside(Node node, Element ancestor) {
    for (Node n = node.getParentNode(); n != null; n = n.getParentNode()) {
      if (n == ancestor) {
        return true;
      }
    }
    return false;
  }

  private static void walk(Element element, java.util.function.Consumer<Element> visitor) {
    visitor.accept(element);
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) {
        walk(e, visitor);
      }
    }
  }
}
