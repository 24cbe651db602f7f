package io.sopflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The element templates of {@code processes/.camunda/element-templates/} (Camunda Modeler reads that folder next to
 * the diagrams), and what Modeler does when a process owner applies one to a task: the template's bindings become
 * attributes and input parameters of the task, the entered values are checked against the template's constraints,
 * and the task remembers its template ({@code camunda:modelerTemplate}, {@code camunda:modelerTemplateVersion}).
 */
public final class ElementTemplates {

  public static final Path FOLDER = Models.PROCESSES.resolve(".camunda/element-templates");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ElementTemplates() {}

  public static List<Path> files() {
    return Models.files(FOLDER, ".json");
  }

  /** Every template by id. */
  public static Map<String, JsonNode> byId() {
    Map<String, JsonNode> templates = new LinkedHashMap<>();
    for (Path file : files()) {
      try {
        JsonNode node = JSON.readTree(file.toFile());
        for (JsonNode template : node.isArray() ? node : JSON.createArrayNode().add(node)) {
          templates.put(template.path("id").asText(), template);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return templates;
  }

  /**
   * Applies {@code templateId} to the element {@code elementId} as Modeler does: hidden values and defaults are
   * bound, {@code values} (by binding name) override the defaults, and a value that breaks a constraint is refused.
   */
  public static void apply(Document model, String elementId, String templateId, Map<String, String> values) {
    JsonNode template = byId().get(templateId);
    if (template == null) {
      throw new IllegalArgumentException("No element template " + templateId + " in " + FOLDER);
    }
    Element task = element(model, elementId);
    task.setAttributeNS(Models.CAMUNDA_NS, "camunda:modelerTemplate", templateId);
    task.setAttributeNS(Models.CAMUNDA_NS, "camunda:modelerTemplateVersion", template.path("version").asText());
    for (JsonNode property : template.path("properties")) {
      JsonNode binding = property.path("binding");
      String name = binding.path("name").asText();
      String value = values.containsKey(name) ? values.get(name)
          : property.has("value") ? property.path("value").asText() : null;
      check(templateId, property, value);
      if (value == null || value.isEmpty()) {
        continue;
      }
      switch (binding.path("type").asText()) {
        case "property" -> task.setAttributeNS(Models.CAMUNDA_NS, name, value);
        case "camunda:inputParameter" -> {
          Element parameter = model.createElementNS(Models.CAMUNDA_NS, "camunda:inputParameter");
          parameter.setAttribute("name", name);
          parameter.setTextContent(value);
          inputOutput(model, task).appendChild(parameter);
        }
        default -> throw new IllegalArgumentException("Binding " + binding + " is not applied by this test helper");
      }
    }
  }

  /** What a process owner sets by hand next to a template: a retry cycle under "Asynchronous continuations". */
  public static void setRetryTimeCycle(Document model, String elementId, String cycle) {
    Element retry = model.createElementNS(Models.CAMUNDA_NS, "camunda:failedJobRetryTimeCycle");
    retry.setTextContent(cycle);
    extensionElements(model, element(model, elementId)).appendChild(retry);
  }

  public static void write(Document model, Path file) {
    try {
      Files.createDirectories(file.getParent());
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.transform(new DOMSource(model), new StreamResult(file.toFile()));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot write " + file, e);
    }
  }

  private static void check(String templateId, JsonNode property, String value) {
    String label = templateId + " / " + property.path("label").asText(property.path("binding").path("name").asText());
    JsonNode constraints = property.path("constraints");
    boolean empty = value == null || value.isEmpty();
    if (constraints.path("notEmpty").asBoolean(false) && empty) {
      throw new IllegalArgumentException(label + " must not be empty");
    }
    if (empty) {
      return;
    }
    if (constraints.has("pattern")) {
      JsonNode pattern = constraints.path("pattern");
      String regex = pattern.isTextual() ? pattern.asText() : pattern.path("value").asText();
      if (!Pattern.compile(regex).matcher(value).find()) {
        throw new IllegalArgumentException(label + ": '" + value + "' " + pattern.path("message").asText(regex));
      }
    }
    if (constraints.has("maxLength") && value.length() > constraints.path("maxLength").asInt()) {
      throw new IllegalArgumentException(label + " is longer than " + constraints.path("maxLength").asInt());
    }
    if (constraints.has("minLength") && value.length() < constraints.path("minLength").asInt()) {
      throw new IllegalArgumentException(label + " is shorter than " + constraints.path("minLength").asInt());
    }
    if ("Dropdown".equals(property.path("type").asText())) {
      boolean offered = false;
      for (JsonNode choice : property.path("choices")) {
        offered |= choice.path("value").asText().equals(value);
      }
      if (!offered) {
        throw new IllegalArgumentException(label + ": '" + value + "' is not one of its choices");
      }
    }
  }

  private static Element element(Document model, String id) {
    for (String kind : List.of("serviceTask", "sendTask", "userTask", "task")) {
      for (Element element : Models.elements(model, Models.BPMN_NS, kind)) {
        if (element.getAttribute("id").equals(id)) {
          return element;
        }
      }
    }
    throw new IllegalArgumentException("No task " + id);
  }

  private static Element extensionElements(Document model, Element task) {
    for (Node child = task.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e && "extensionElements".equals(e.getLocalName())) {
        return e;
      }
    }
    Element extensions = model.createElementNS(Models.BPMN_NS, "bpmn:extensionElements");
    task.insertBefore(extensions, task.getFirstChild());
    return extensions;
  }

  private static Element inputOutput(Document model, Element task) {
    Element extensions = extensionElements(model, task);
    for (Node child = extensions.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e && "inputOutput".equals(e.getLocalName())) {
        return e;
      }
    }
    Element inputOutput = model.createElementNS(Models.CAMUNDA_NS, "camunda:inputOutput");
    extensions.appendChild(inputOutput);
    return inputOutput;
  }

  /**
   * The model of {@code src/test/resources/element-templates/TemplatedStepsProcess.bpmn} with the four templates
   * applied (and the retry cycle the run-command template asks for), written to {@code target/}.
   */
  public static Path templatedStepsProcess() {
    Document model = Models.parse(Path.of("src/test/resources/element-templates/TemplatedStepsProcess.bpmn"));
    apply(model, "Task_RunHealthCheck", "io.sopflow.RunCommand",
        Map.of("command", "health-check", "resultVariable", "healthCheckOutput"));
    setRetryTimeCycle(model, "Task_RunHealthCheck", "R3/PT5M");
    apply(model, "Task_OpenIncident", "io.sopflow.OpenLinkedIncident", Map.of("title", "Health check of ${target}",
        "description", "The health check reported a problem.", "impact", "HIGH", "urgency", "MEDIUM",
        "category", "network", "configurationItem", "${target}"));
    apply(model, "Task_EscalateBreach", "io.sopflow.EscalateSlaBreach", Map.of("slaTarget", "health-check",
        "escalationLevel", "2", "offerToGroup", "incident-managers", "taskDefinitionKey", "Task_ReviewHealthCheck"));
    apply(model, "Task_NotifyManagers", "io.sopflow.SendNotification", Map.of("template", "incident-escalated",
        "recipientGroups", "managers,${assignmentGroup}", "recipientUsers", "${requester}"));
    Path file = Path.of("target/element-templates/TemplatedStepsProcess.bpmn");
    write(model, file);
    return file;
  }
}
