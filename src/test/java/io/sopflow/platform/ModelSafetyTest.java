package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.access.process.AccessApprovalRouting;
import io.sopflow.closure.process.ClosureDeliverables;
import io.sopflow.incident.process.IncidentCadence;
import io.sopflow.sla.SlaDates;
import io.sopflow.support.ElementTemplates;
import io.sopflow.support.Models;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.stereotype.Component;

/** What a model may make the server do ({@link ModelSafety}): every model of ours passes, and the attacks do not. */
class ModelSafetyTest {

  static Stream<Path> models() {
    return Stream.concat(Models.files(Models.PROCESSES, ".bpmn").stream(),
        Models.files(Models.PROCESSES, ".dmn").stream());
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyModelOfOursIsSafe(Path file) {
    assertThat(ModelSafety.unsafeContent(Models.parse(file))).isEmpty();
  }

  @Test
  void everyExpressionAnElementTemplateWritesIsSafe() {
    ElementTemplates.byId().values().forEach(template -> template.path("properties").forEach(property -> {
      String value = property.path("value").asText("");
      if (value.contains("${") || value.contains("#{")) {
        assertThat(ModelSafety.unsafeExpression(value)).as(template.path("id").asText() + ": " + value).isEmpty();
      }
    }));
  }

  @ParameterizedTest
  @ValueSource(strings = {"${approved}", "${!approved}", "${changeRoute == 'EMERGENCY'}", "Triage incident ${incidentNumber}",
      "${slaDates.escalation('incident.review')}", "${slaDates.reminder(investigationSla)}",
      "${accessApprovalRouting.groupsUnless(managerApprover, 'managers')}", "${riskScore > 3 && !sodConflict}",
      "${majorIncident ? 'incident-managers' : assignmentGroup}", "#{deferred}", "${empty cabVoters}",
      "${(a || b) && c != null}", "${sendNotificationDelegate}", "no expression at all",
      "${execution.setVariable('readyToClose', true)}", "${closureDeliverables.pending(execution.processBusinessKey)}",
      "${incidentCadence.majorIncidentUpdates()}"})
  void expressionsOfVariablesBeansOperatorsAndModelFunctionsMayRun(String expression) {
    assertThat(ModelSafety.unsafeExpression(expression)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "${identityService.createMembership('owner', 'camunda-admin')}",
      "${execution.processEngineServices.identityService}",
      "${execution.getProcessEngineServices()}",
      "${''.getClass().forName('java.lang.Runtime').getRuntime().exec('id')}",
      "${slaDates.getClass()}",
      "${slaDates.escalation(''.getClass().getName())}",
      "${slaDates.escalation}",
      "${task['name']}",
      "${dataSource.connection}",
      "${approved ? identityService.deleteUser('admin') : 1}",
      "Triage ${incidentNumber} ${runtimeService.deleteProcessInstance('x', 'y')}",
      "${fn:upper('x')}",
      "${execution.processEngine}",
      "${execution.setVariable('x', execution.processEngineServices)}",
      "${execution.processBusinessKey.getClass()}",
      "${unclosed"})
  void everythingElseIsRefusedWithTheReason(String expression) {
    assertThat(ModelSafety.unsafeExpression(expression)).isPresent();
  }

  @Test
  void theReasonNamesWhatWasCalledAndWhatIsAllowed() {
    assertThat(ModelSafety.unsafeExpression("${identityService.createMembership('owner', 'camunda-admin')}"))
        .hasValue("calls identityService.createMembership(...), which is not a model function (allowed: "
            + "accessApprovalRouting.groupsUnless, accessApprovalRouting.users, closureDeliverables.pending, "
            + "execution.setVariable, incidentCadence.majorIncidentUpdates, slaDates.escalation, slaDates.reminder)");
    assertThat(ModelSafety.unsafeExpression("${execution.processEngineServices}"))
        .hasValue("reads a property (execution.processEngineServices): name a variable or a bean alone");
    assertThat(ModelSafety.unsafeExpression("${unclosed")).get().asString().startsWith("does not parse");
  }

  @Test
  void scriptsClassesEmbeddedFormsAndUnsafeExpressionsInAModelAreFoundWhereverTheyAre() {
    List<String> findings = findingsInProcess("""
        <bpmn:documentation>Prose may mention ${anything.at(all)}: it is never evaluated.</bpmn:documentation>
        <bpmn:startEvent id="StartEvent_Timer">
          <bpmn:timerEventDefinition id="Timer_Start">
            <bpmn:timeDate xsi:type="bpmn:tFormalExpression">${identityService.createMembership('owner','camunda-admin') == null ? '2099-01-01T00:00:00' : ''}</bpmn:timeDate>
          </bpmn:timerEventDefinition>
        </bpmn:startEvent>
        <bpmn:scriptTask id="Task_Script" scriptFormat="javascript"><bpmn:script>java.lang.System.exit(1)</bpmn:script></bpmn:scriptTask>
        <bpmn:serviceTask id="Task_Class" camunda:class="com.example.Anything">
          <bpmn:extensionElements>
            <camunda:executionListener class="com.example.Listener" event="start"/>
            <camunda:inputOutput>
              <camunda:inputParameter name="x"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:inputParameter>
            </camunda:inputOutput>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:userTask id="Task_Embedded" camunda:formKey="embedded:deployment:steal.html"/>
        <bpmn:sequenceFlow id="Flow_Script" sourceRef="Task_Class" targetRef="Task_Embedded">
          <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">true</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        <bpmn:callActivity id="Task_Call" calledElement="Other" camunda:variableMappingClass="com.example.Mapping"/>
        """);

    assertThat(findings).hasSize(8);
    assertThat(findings).anyMatch(f -> f.startsWith("Expression ${identityService.createMembership(")
        && f.contains("in timeDate calls identityService.createMembership(...)"));
    assertThat(findings).contains(
        "Script in scriptTask Task_Script: models run no scripts (use a service task with a delegate)",
        "Script in script: models run no scripts (use a service task with a delegate)",
        "Java class com.example.Anything named in serviceTask Task_Class: reach code through a delegate expression, "
            + "e.g. ${sendNotificationDelegate}",
        "Java class com.example.Listener named in executionListener: reach code through a delegate expression, "
            + "e.g. ${sendNotificationDelegate}",
        "Java class com.example.Mapping named in callActivity Task_Call: reach code through a delegate expression, "
            + "e.g. ${sendNotificationDelegate}",
        "Embedded HTML form embedded:deployment:steal.html in userTask Task_Embedded: use a Camunda form (formRef)",
        "Condition in the script language javascript in conditionExpression: write it as an expression, e.g. ${approved}");
    assertThat(findings).noneMatch(f -> f.contains("anything.at"));
  }

  @Test
  void anExpressionSplitByACommentOrACdataSectionIsReadAsTheEngineReadsIt() {
    // The engine joins an element's character data (and drops comments): "$<!---->{...}" is "${...}" to it.
    assertThat(findingsInProcess("""
        <bpmn:startEvent id="StartEvent_Comment"><bpmn:timerEventDefinition id="Timer_Comment">
          <bpmn:timeDate xsi:type="bpmn:tFormalExpression">$<!---->{identityService.deleteUser('admin')}</bpmn:timeDate>
        </bpmn:timerEventDefinition></bpmn:startEvent>
        <bpmn:startEvent id="StartEvent_Cdata"><bpmn:timerEventDefinition id="Timer_Cdata">
          <bpmn:timeDate xsi:type="bpmn:tFormalExpression">$<![CDATA[{identityService.deleteUser('admin')}]]></bpmn:timeDate>
        </bpmn:timerEventDefinition></bpmn:startEvent>
        """)).hasSize(2).allMatch(finding -> finding.contains("calls identityService.deleteUser(...)"));
  }

  @Test
  void theLegacyActivitiNamespaceWhichTheEngineReadsAsCamundasIsRefused() {
    assertThat(findingsInProcess("""
        <bpmn:serviceTask id="Task_Class" activiti:class="com.example.Anything">
          <bpmn:extensionElements><activiti:executionListener class="com.example.Listener" event="start"/></bpmn:extensionElements>
        </bpmn:serviceTask>
        """)).contains("Legacy extension attribute activiti:class in serviceTask Task_Class: write camunda: extensions "
            + "(Modeler does)", "Legacy extension element activiti:executionListener: write camunda: extensions "
            + "(Modeler does)");
  }

  @Test
  void decisionsAreWrittenInFeel() {
    String decision = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Juel" name="x"
            namespace="http://sopflow.io">
          <decision id="Decision_Juel" name="x">
            <decisionTable id="DecisionTable_Juel">
              <input id="Input_Juel"><inputExpression id="InputExpression_Juel" typeRef="string" expressionLanguage="juel">
                <text>${identityService.deleteUser('admin')}</text></inputExpression></input>
              <input id="Input_Feel"><inputExpression id="InputExpression_Feel" typeRef="string"
                  expressionLanguage="https://www.omg.org/spec/DMN/20191111/FEEL/"><text>impact</text></inputExpression></input>
              <output id="Output_Juel" name="x" typeRef="string"/>
            </decisionTable>
          </decision>
        </definitions>
        """;

    List<String> findings = findingsIn(decision);

    assertThat(findings).hasSize(2);
    assertThat(findings.get(0)).isEqualTo("Expression language juel in inputExpression InputExpression_Juel: decisions "
        + "are written in FEEL");
    assertThat(findings.get(1)).startsWith("Expression ${identityService.deleteUser('admin')} in text calls ");
  }

  @Test
  void onlyModelsAndFormsAreDeployable() {
    assertThat(Stream.of("a.bpmn", "A.BPMN", "a.bpmn20.xml", "a.dmn", "a.dmn11.xml", "Form_X.form"))
        .allMatch(ModelSafety::isDeployable);
    assertThat(Stream.of("steal.html", "x.js", "diagram.svg", "case.cmmn", "a.bpmn.html", "script.groovy", "notes"))
        .noneMatch(ModelSafety::isDeployable);
  }

  @Test
  void everyModelFunctionIsAPublicMethodOfTheBeanOfThatName() {
    Map<String, Class<?>> beans = Map.of("slaDates", SlaDates.class, "accessApprovalRouting", AccessApprovalRouting.class,
        "incidentCadence", IncidentCadence.class, "closureDeliverables", ClosureDeliverables.class,
        "execution", DelegateExecution.class);
    assertThat(beans.keySet()).isEqualTo(ModelSafety.MODEL_FUNCTIONS.keySet());
    beans.forEach((name, type) -> {
      if (!type.isInterface()) {
        assertThat(type.getAnnotation(Component.class).value()).isEqualTo(name);
      }
      List<String> methods = Arrays.stream(type.getMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
          .map(Method::getName).toList();
      assertThat(methods).containsAll(ModelSafety.MODEL_FUNCTIONS.get(name));
    });
  }

  /**
   * What {@link ModelSafety} finds in a process holding {@code elements}. The model around them declares every
   * namespace the cases write in (BPMN, XSI, Camunda, the legacy Activiti one; a declaration alone is no finding), so
   * each case writes only what it attacks with.
   */
  private static List<String> findingsInProcess(String elements) {
    String model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            xmlns:activiti="http://activiti.org/bpmn" id="Definitions_Probe" targetNamespace="http://sopflow.io">
          <bpmn:process id="Process_Probe" isExecutable="true" camunda:historyTimeToLive="P1D">
        """ + elements + """
          </bpmn:process>
        </bpmn:definitions>
        """;
    return findingsIn(model);
  }

  private static List<String> findingsIn(String model) {
    return ModelSafety.unsafeContent(ModelConventions.parse(model.getBytes(StandardCharsets.UTF_8)));
  }
}
