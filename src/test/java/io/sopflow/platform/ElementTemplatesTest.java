package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sopflow.identity.Groups;
import io.sopflow.support.ElementTemplates;
import io.sopflow.support.ExternalTool;
import io.sopflow.support.ExternalTool.Result;
import io.sopflow.support.Models;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * The element templates process owners build SOPs with in Camunda Modeler ({@code processes/.camunda/element-templates/}):
 * valid against Camunda's element-templates JSON schema (npm {@code @camunda/element-templates-json-schema}, checked
 * with ajv by {@code scripts/validate-element-templates.js}), offering only what exists, and a model built from them
 * passes every model convention ({@code TemplatedModelProcessTest} runs it).
 */
class ElementTemplatesTest {

  static final String SCHEMA = "node_modules/@camunda/element-templates-json-schema/resources/schema.json";
  static final String VALIDATOR = "scripts/validate-element-templates.js";

  @Test
  void theFourBlocksExist() {
    assertThat(ElementTemplates.byId()).containsKeys("io.sopflow.SendNotification", "io.sopflow.EscalateSlaBreach",
        "io.sopflow.OpenLinkedIncident", "io.sopflow.RunCommand");
  }

  @Test
  void everyTemplateValidatesAgainstCamundasSchema() throws Exception {
    ModelLintTest.installNodeTools(SCHEMA);
    List<String> command = new ArrayList<>(List.of("node", VALIDATOR));
    ElementTemplates.files().forEach(file -> command.add(file.toString()));
    Result result = ExternalTool.run(command, 120);
    assertThat(result.exitCode()).as("element templates against the schema:\n%s", result.output()).isZero();
    assertThat(result.output()).contains("io.sopflow.SendNotification v1 valid");
  }

  @Test
  void theValidatorRefusesATemplateThatBreaksTheSchema() throws Exception {
    ModelLintTest.installNodeTools(SCHEMA);
    ObjectMapper json = new ObjectMapper();
    ObjectNode broken = (ObjectNode) json.readTree(ElementTemplates.files().get(0).toFile());
    broken.remove("appliesTo");
    ((ObjectNode) broken.path("properties").get(0)).put("type", "Textbox");
    Path file = Files.createTempFile("broken-template", ".json");
    json.writeValue(file.toFile(), broken);
    Result result = ExternalTool.run(List.of("node", VALIDATOR, file.toString()), 120);
    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("appliesTo").contains("/properties/0/type");
  }

  /** Dropdowns offer only what exists: mail templates of templates/mail/, groups of {@link Groups}. */
  @Test
  void dropdownsOfferOnlyMailTemplatesAndGroupsThatExist() throws Exception {
    Set<String> mailTemplates;
    try (var files = Files.list(Path.of("src/main/resources/templates/mail"))) {
      mailTemplates = files.map(f -> f.getFileName().toString().replaceFirst("\\.txt$", "")).collect(Collectors.toSet());
    }
    Set<String> groups = Arrays.stream(Groups.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .map(f -> {
          try {
            return (String) f.get(null);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }).collect(Collectors.toSet());
    int checked = 0;
    for (JsonNode template : ElementTemplates.byId().values()) {
      for (JsonNode property : template.path("properties")) {
        String name = property.path("binding").path("name").asText();
        for (JsonNode choice : property.path("choices")) {
          String value = choice.path("value").asText();
          if (name.equals("template")) {
            assertThat(mailTemplates).as("mail template %s of %s", value, template.path("id").asText()).contains(value);
            checked++;
          } else if (name.endsWith("Group")) {
            assertThat(groups).as("group %s of %s", value, template.path("id").asText()).contains(value);
            checked++;
          }
        }
        if (property.has("value") && property.has("choices")) {
          assertThat(property.path("choices").findValuesAsText("value")).as("default of %s", name)
              .contains(property.path("value").asText());
        }
      }
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void aValueThatBreaksATemplatesConstraintIsRefusedAsModelerRefusesIt() {
    Document model = Models.parse(Path.of("src/test/resources/element-templates/TemplatedStepsProcess.bpmn"));
    assertThatThrownBy(() -> ElementTemplates.apply(model, "Task_NotifyManagers", "io.sopflow.SendNotification",
        Map.of("recipientGroups", "Service Desk")))
        .hasMessageContaining("Recipient groups");
    assertThatThrownBy(() -> ElementTemplates.apply(model, "Task_EscalateBreach", "io.sopflow.EscalateSlaBreach",
        Map.of("slaTarget", "review", "taskDefinitionKey", "Activity_0x1y2z")))
        .hasMessageContaining("Overdue task");
    assertThatThrownBy(() -> ElementTemplates.apply(model, "Task_RunHealthCheck", "io.sopflow.RunCommand", Map.of()))
        .hasMessageContaining("must not be empty");
  }

  /**
   * The templates applied to a plain model (what a process owner does in Modeler) give a model that passes every
   * convention of {@link ModelConventionsTest}: all its checks of a single model are run on it, found by reflection,
   * so a convention added later applies here too.
   */
  @Test
  void aModelBuiltFromTheTemplatesPassesEveryModelConvention() throws Exception {
    Path model = ElementTemplates.templatedStepsProcess();
    ModelConventionsTest conventions = new ModelConventionsTest();
    List<String> applied = new ArrayList<>();
    for (Method check : ModelConventionsTest.class.getDeclaredMethods()) {
      MethodSource source = check.getAnnotation(MethodSource.class);
      if (check.isAnnotationPresent(ParameterizedTest.class) && source != null
          && Arrays.asList(source.value()).contains("bpmnFiles")) {
        check.setAccessible(true);
        try {
          check.invoke(conventions, model);
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw new AssertionError("Convention " + check.getName() + " refuses the templated model: "
              + e.getCause().getMessage(), e.getCause());
        }
        applied.add(check.getName());
      }
    }
    assertThat(applied).contains("templatedTasksKeepTheirTemplatesBindings", "codeIsReachedOnlyThroughDelegateExpressions",
        "stepsThatCallOutHaveSavePointsWithRetries", "notificationsAreRecordedWithTheStepNotSentInTheTokenFlow");
    assertThat(Files.readString(model)).contains("camunda:modelerTemplate=\"io.sopflow.RunCommand\"")
        .contains("camunda:asyncBefore=\"true\"");
  }
}
