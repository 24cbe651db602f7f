package io.sopflow.platform;

import static io.sopflow.support.Models.BPMN_NS;
import static io.sopflow.support.Models.CAMUNDA_NS;
import static io.sopflow.support.Models.elements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sopflow.support.Models;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * effects behind save points, SLA dates that come from code rather than literals. The rules a single deployed model
 * can be checked against live in {@link ModelConventions}: the automatic checks of an SOP revision apply them to what
 * a process owner deploys from Modeler.
 */
class ModelConventionsTest {

  /** The public contract of DESIGN.md. */
  static final List<String> CONTRACT_PROCESSES = List.of("IncidentEscalationProcess", "ChangeApprovalProcess",
      "AccessProvisioningProcess", "ReleaseDeploymentProcess", "ProjectClosureProcess",
      "SecurityIncidentProcess");

  /** DMN ids: a prefix naming the kind and a readable name, or Modeler's prefix with a readable name. */
  static final Pattern ID = Pattern.compile("^(Decision|Rule|InputClause|OutputClause|Input|Output|InputData|"
      + "Definitions|DecisionTable|UnaryTests|LiteralExpression|InformationRequirement|KnowledgeSource|Column)_"
      + "[A-Z][A-Za-z0-9]*[a-z]{2}[A-Za-z0-9]*(_[A-Za-z0-9]+)*$");

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

  /** The id rule itself: what Camunda Modeler generates on a process owner's first edit is refused. */
  @Test
  void modelerGeneratedIdsAreRefusedForEveryKindOfElement() {
    assertThat(isReadable("exclusiveGateway", "Gateway_0k3j2h1")).isFalse();
    assertThat(isReadable("intermediateCatchEvent", "Event_1ab2c3d")).isFalse();
    assertThat(isReadable("sequenceFlow", "Flow_0x9y8z7")).isFalse();
    assertThat(isReadable("userTask", "Activity_1")).isFalse();
    assertThat(isReadable("userTask", "Activity_ApproveChange")).as("prefix of another kind").isFalse();
    assertThat(isReadable("timerEventDefinition", "TimerEventDefinition_0abc123")).isFalse();
    assertThat(isReadable("message", "Message_3hf8s0k")).isFalse();
    assertThat(isReadable("sequenceFlow", "Flow_1")).isFalse();
    assertThat(isReadable("userTask", "Task_ApproveChange")).isTrue();
    assertThat(isReadable("sequenceFlow", "Flow_ChangeApprovedYes")).isTrue();
    assertThat(isReadable("boundaryEvent", "BoundaryEvent_ResponseSlaWarning")).isTrue();
    assertThat(isReadable("exclusiveGateway", "Gateway_P1Major")).isTrue();
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
    List<String> badIds = ModelConventions.unreadableIds(model);
    List<String> undrawn = new ArrayList<>();
    walk(model.getDocumentElement(), element -> {
      if (BPMN_NS.equals(element.getNamespaceURI()) && FLOW_NODE_TYPES.contains(element.getLocalName())
          && !drawn.contains(element.getAttribute("id"))) {
        undrawn.add(element.getAttribute("id"));
      }
    });
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

  /**
   * A notification is recorded with the business step that causes it and mailed by the outbox apart from the token
   * flow: the task runs in the step's transaction, so it has no save point of its own (an asynchronous mail job is
   * what used to hold an SOP while the mail server was down, or keep an instance open after its last task).
   */
  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void notificationsAreRecordedWithTheStepNotSentInTheTokenFlow(Path file) {
    Document model = Models.parse(file);
    for (Element task : elements(model, BPMN_NS, "serviceTask")) {
      if (!task.getAttributeNS(CAMUNDA_NS, "delegateExpression").contains("sendNotificationDelegate")) {
        continue;
      }
      String id = task.getAttribute("id");
      assertThat(task.getAttributeNS(CAMUNDA_NS, "asyncBefore")).as("asyncBefore on %s", id).isNotEqualTo("true");
      assertThat(task.getAttributeNS(CAMUNDA_NS, "asyncAfter")).as("asyncAfter on %s", id).isNotEqualTo("true");
      assertThat(elements(model, CAMUNDA_NS, "failedJobRetryTimeCycle").stream()
          .noneMatch(cycle -> isInside(cycle, task))).as("retry cycle on %s", id).isTrue();
      assertThat(inputParameter(task, "template")).as("template of %s", id).isNotBlank();
    }
  }

  /** A mail is a step on the path: no parallel branch that only mails (ModelConventions.mailOnlyBranches says why). */
  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void mailIsAStepOnThePathNotABranchOfItsOwn(Path file) {
    assertThat(ModelConventions.mailOnlyBranches(Models.parse(file))).isEmpty();
  }

  @Test
  void aBranchThatOnlyMailsIsFoundAndAStepThatMailsIsNot() {
    String mail = "<bpmn:serviceTask id=\"%s\" camunda:delegateExpression=\"${sendNotificationDelegate}\"/>";
    String branches = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn"><bpmn:process id="P">
          <bpmn:parallelGateway id="Gateway_Fork"/><bpmn:userTask id="Task_Work"/>
          %s %s %s <bpmn:endEvent id="EndEvent_Told"/><bpmn:endEvent id="EndEvent_Done"/>
          <bpmn:sequenceFlow id="F1" sourceRef="Gateway_Fork" targetRef="Task_Work"/>
          <bpmn:sequenceFlow id="F2" sourceRef="Gateway_Fork" targetRef="Task_NotifyGroup"/>
          <bpmn:sequenceFlow id="F3" sourceRef="Task_NotifyGroup" targetRef="Task_NotifyReporter"/>
          <bpmn:sequenceFlow id="F4" sourceRef="Task_NotifyReporter" targetRef="EndEvent_Told"/>
          <bpmn:sequenceFlow id="F5" sourceRef="Task_Work" targetRef="Task_NotifyDone"/>
          <bpmn:sequenceFlow id="F6" sourceRef="Task_NotifyDone" targetRef="EndEvent_Done"/>
        </bpmn:process></bpmn:definitions>
        """.formatted(mail.formatted("Task_NotifyGroup"), mail.formatted("Task_NotifyReporter"),
        mail.formatted("Task_NotifyDone"));
    Document model = ModelConventions.parse(branches.getBytes(StandardCharsets.UTF_8));

    assertThat(ModelConventions.mailOnlyBranches(model)).containsExactly("Gateway_Fork -> Task_NotifyGroup");
    assertThat(ModelConventions.check(model, form -> true, bean -> true))
        .anyMatch(finding -> finding.startsWith("Mail on a parallel branch of its own")
            && finding.endsWith("Gateway_Fork -> Task_NotifyGroup"));

    // A revision whose mail steps loop into each other is checked, not followed for ever.
    String loop = branches.replace("targetRef=\"EndEvent_Told\"", "targetRef=\"Task_NotifyGroup\"");
    assertThat(ModelConventions.mailOnlyBranches(ModelConventions.parse(loop.getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
  }

  /** A form bound to anything but its own deployment is found, on user tasks and start events alike. */
  @Test
  void aFormNotBoundToItsDeploymentIsFound() {
    String model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn"><bpmn:process id="P">
          <bpmn:startEvent id="StartEvent_Asked" camunda:formRef="Form_Ask"/>
          <bpmn:userTask id="Task_Bound" camunda:formRef="Form_Ask" camunda:formRefBinding="deployment"/>
          <bpmn:userTask id="Task_Latest" camunda:formRef="Form_Ask" camunda:formRefBinding="latest"/>
          <bpmn:userTask id="Task_Version" camunda:formRef="Form_Ask" camunda:formRefBinding="version"
              camunda:formRefVersion="2"/>
          <bpmn:userTask id="Task_NoForm"/>
        </bpmn:process></bpmn:definitions>
        """;
    Document parsed = ModelConventions.parse(model.getBytes(StandardCharsets.UTF_8));

    assertThat(ModelConventions.unboundForms(parsed)).containsExactly("Task_Latest -> latest",
        "Task_Version -> version", "StartEvent_Asked -> (no binding: latest)");
    assertThat(ModelConventions.check(parsed, form -> true, bean -> true))
        .filteredOn(finding -> finding.startsWith("Form not bound to its deployment"))
        .hasSize(3).anyMatch(finding -> finding.endsWith("Task_Latest -> latest"));
  }

  /**
   * Every SLA breach is audited and counted ({@code sopflow_sla_breaches_total}, alert SopflowSlaBreachRateHigh): a
   * timer that leaves its task open past its due date starts with a step that counts (ModelConventions
   * .uncountedEscalations says which timers and which steps), never with a mail alone.
   */
  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyEscalationOfAnSlaBreachIsCountedBeforeTheMail(Path file) {
    assertThat(ModelConventions.uncountedEscalations(Models.parse(file))).isEmpty();
  }

  @Test
  void anEscalationByMailAloneIsFoundAndACountedOneAReminderAndATimeoutAreNot() {
    String model = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn"><bpmn:process id="P">
          <bpmn:userTask id="Task_Approve" camunda:dueDate="${approvalDueAt}"
              camunda:followUpDate="${slaDates.reminder('x.approval')}"/>
          <bpmn:userTask id="Task_Confirm" camunda:dueDate="${slaDates.escalation('x.confirmation')}"/>
          <bpmn:subProcess id="SubProcess_Fulfil"/>
          %s %s %s %s %s
          <bpmn:serviceTask id="Task_TellManagers" camunda:delegateExpression="${sendNotificationDelegate}"/>
          <bpmn:serviceTask id="Task_RemindApprover" camunda:delegateExpression="${sendNotificationDelegate}"/>
          <bpmn:serviceTask id="Task_EscalateConfirmation" camunda:delegateExpression="${escalateSlaBreachDelegate}"/>
          <bpmn:serviceTask id="Task_CloseUnconfirmed" camunda:delegateExpression="${closeRecordDelegate}"/>
          <bpmn:serviceTask id="Task_TellOwners" camunda:delegateExpression="${sendNotificationDelegate}"/>
          <bpmn:sequenceFlow id="F1" sourceRef="BoundaryEvent_ApprovalOverdue" targetRef="Task_TellManagers"/>
          <bpmn:sequenceFlow id="F2" sourceRef="BoundaryEvent_ApprovalReminder" targetRef="Task_RemindApprover"/>
          <bpmn:sequenceFlow id="F3" sourceRef="BoundaryEvent_ConfirmationOverdue" targetRef="Task_EscalateConfirmation"/>
          <bpmn:sequenceFlow id="F4" sourceRef="Task_EscalateConfirmation" targetRef="Task_TellManagers"/>
          <bpmn:sequenceFlow id="F5" sourceRef="BoundaryEvent_ConfirmationTimeout" targetRef="Task_CloseUnconfirmed"/>
          <bpmn:sequenceFlow id="F6" sourceRef="BoundaryEvent_FulfilmentOverdue" targetRef="Task_TellOwners"/>
        </bpmn:process></bpmn:definitions>
        """.formatted(
        timer("BoundaryEvent_ApprovalOverdue", "Task_Approve", "false", "${approvalDueAt}"),
        timer("BoundaryEvent_ApprovalReminder", "Task_Approve", "false", "${slaDates.reminder('x.approval')}"),
        timer("BoundaryEvent_ConfirmationOverdue", "Task_Confirm", "false",
            "${slaDates.escalation('x.confirmation')}"),
        timer("BoundaryEvent_ConfirmationTimeout", "Task_Confirm", "true", "${slaDates.escalation('x.confirmation')}"),
        timer("BoundaryEvent_FulfilmentOverdue", "SubProcess_Fulfil", "false",
            "${slaDates.escalation('x.fulfilment')}"));
    Document parsed = ModelConventions.parse(model.getBytes(StandardCharsets.UTF_8));

    // At the task's due date (the same expression) and at slaDates.escalation on a subprocess: mail alone is found.
    assertThat(ModelConventions.uncountedEscalations(parsed)).containsExactlyInAnyOrder(
        "BoundaryEvent_ApprovalOverdue -> Task_TellManagers", "BoundaryEvent_FulfilmentOverdue -> Task_TellOwners");
    assertThat(ModelConventions.check(parsed, form -> true, bean -> true))
        .anyMatch(finding -> finding.startsWith("SLA breach escalated without being counted")
            && finding.endsWith("BoundaryEvent_ApprovalOverdue -> Task_TellManagers"));

    // The same timer once it starts with the template's step is counted; a step of another bean is not.
    String counted = model.replace("sourceRef=\"BoundaryEvent_ApprovalOverdue\" targetRef=\"Task_TellManagers\"",
        "sourceRef=\"BoundaryEvent_ApprovalOverdue\" targetRef=\"Task_EscalateConfirmation\"");
    assertThat(counted).isNotEqualTo(model);
    assertThat(ModelConventions.uncountedEscalations(ModelConventions.parse(counted.getBytes(StandardCharsets.UTF_8))))
        .containsExactly("BoundaryEvent_FulfilmentOverdue -> Task_TellOwners");
    String auditedOnly = counted.replace("${escalateSlaBreachDelegate}", "${auditOverdueDelegate}");
    assertThat(ModelConventions.uncountedEscalations(
        ModelConventions.parse(auditedOnly.getBytes(StandardCharsets.UTF_8)))).containsExactlyInAnyOrder(
        "BoundaryEvent_ApprovalOverdue -> Task_EscalateConfirmation",
        "BoundaryEvent_ConfirmationOverdue -> Task_EscalateConfirmation",
        "BoundaryEvent_FulfilmentOverdue -> Task_TellOwners");
  }

  /** The list of counting delegates holds no bean that no model uses (each names the service method that counts). */
  @Test
  void everyCountingEscalationDelegateIsUsedByAModel() {
    Set<String> used = new HashSet<>();
    bpmnFiles().forEach(file -> used.addAll(ModelConventions.delegateBeans(Models.parse(file))));
    assertThat(used).containsAll(ModelConventions.COUNTING_ESCALATIONS);
  }

  private static String timer(String id, String attachedTo, String cancelActivity, String date) {
    return ("<bpmn:boundaryEvent id=\"%s\" attachedToRef=\"%s\" cancelActivity=\"%s\"><bpmn:timerEventDefinition>"
        + "<bpmn:timeDate>%s</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>")
        .formatted(id, attachedTo, cancelActivity, date);
  }

  /**
   * A task built from an element template of {@code processes/.camunda/element-templates/} (Modeler writes
   * {@code camunda:modelerTemplate} and {@code camunda:modelerTemplateVersion}) is welcome: it must name a template
   * that exists in that version and still carry the template's fixed bindings (its delegate expression), so Modeler
   * shows it as templated and the code it reaches is the code the template promises.
   */
  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void templatedTasksKeepTheirTemplatesBindings(Path file) {
    Document model = Models.parse(file);
    Map<String, JsonNode> templates = io.sopflow.support.ElementTemplates.byId();
    walk(model.getDocumentElement(), element -> {
      if (!element.hasAttributeNS(CAMUNDA_NS, "modelerTemplate")) {
        return;
      }
      String id = element.getAttribute("id");
      JsonNode template = templates.get(element.getAttributeNS(CAMUNDA_NS, "modelerTemplate"));
      assertThat(template).as("template %s of %s", element.getAttributeNS(CAMUNDA_NS, "modelerTemplate"), id)
          .isNotNull();
      assertThat(element.getAttributeNS(CAMUNDA_NS, "modelerTemplateVersion")).as("template version of %s", id)
          .isEqualTo(template.path("version").asText());
      for (JsonNode property : template.path("properties")) {
        JsonNode binding = property.path("binding");
        if ("Hidden".equals(property.path("type").asText()) && "property".equals(binding.path("type").asText())) {
          String attribute = binding.path("name").asText().replace("camunda:", "");
          assertThat(element.getAttributeNS(CAMUNDA_NS, attribute)).as("%s of templated %s", attribute, id)
              .isEqualTo(property.path("value").asText());
        }
      }
    });
  }

  /** Service tasks that call out (deploy, provision, revoke, ...) keep a save point and a retry cycle. */
  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void stepsThatCallOutHaveSavePointsWithRetries(Path file) {
    Document model = Models.parse(file);
    for (Element task : elements(model, BPMN_NS, "serviceTask")) {
      if (task.getAttributeNS(CAMUNDA_NS, "delegateExpression").contains("sendNotificationDelegate")
          || !"true".equals(task.getAttributeNS(CAMUNDA_NS, "asyncBefore"))) {
        continue;
      }
      assertThat(elements(model, CAMUNDA_NS, "failedJobRetryTimeCycle").stream()
          .anyMatch(cycle -> isInside(cycle, task))).as("retry cycle on %s", task.getAttribute("id")).isTrue();
    }
  }

  /**
   * One SLA clock: every timer is a date computed by code ({@code ${slaDates.escalation('change.review')}} or a date
   * the SOP's service computed, such as {@code ${responseDueAt}}), so business hours and holidays apply and no
   * duration is written into a model. Cycles (schedules) are expressions too.
   */
  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void slaTimersReadDatesComputedByCode(Path file) {
    Document model = Models.parse(file);
    assertThat(ModelConventions.literalTimers(model))
        .as("timers in %s that are not dates computed by code (use timeDate from slaDates)", file.getFileName())
        .isEmpty();
  }

  /**
   * Every user task carries a due date from the SLA clock, so Tasklist can sort and filter by it, and a follow-up
   * date where a non-interrupting timer reminds or warns before the due date.
   */
  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyUserTaskHasDueDatesFromTheSlaClock(Path file) {
    Document model = Models.parse(file);
    Set<String> remindedTasks = new HashSet<>();
    for (Element boundary : elements(model, BPMN_NS, "boundaryEvent")) {
      boolean timer = elements(model, BPMN_NS, "timerEventDefinition").stream().anyMatch(t -> isInside(t, boundary));
      if ("false".equals(boundary.getAttribute("cancelActivity")) && timer) {
        remindedTasks.add(boundary.getAttribute("attachedToRef"));
      }
    }
    List<String> missing = new ArrayList<>();
    for (Element task : elements(model, BPMN_NS, "userTask")) {
      String id = task.getAttribute("id");
      if (!isExpression(task.getAttributeNS(CAMUNDA_NS, "dueDate"))) {
        missing.add(id + " dueDate");
      }
      if (remindedTasks.contains(id) && !isExpression(task.getAttributeNS(CAMUNDA_NS, "followUpDate"))) {
        missing.add(id + " followUpDate");
      }
    }
    assertThat(missing).as("user tasks of %s without SLA dates", file.getFileName()).isEmpty();
  }

  private static boolean isExpression(String value) {
    return value.startsWith("${") && value.endsWith("}");
  }

  @ParameterizedTest
  @MethodSource("bpmnFiles")
  void everyUserTaskHasAFormThatExists(Path file) throws IOException {
    Document model = Models.parse(file);
    for (Element task : elements(model, BPMN_NS, "userTask")) {
      String id = task.getAttribute("id");
      String formRef = task.getAttributeNS(CAMUNDA_NS, "formRef");
      assertThat(formRef).as("formRef of %s", id).matches("Form_[A-Z][A-Za-z0-9]*");
      assertThat(ModelConventions.unresolvedForms(model, ref -> Models.FORMS.resolve(ref + ".form").toFile().exists()))
          .as("form references of %s that do not resolve", file.getFileName()).isEmpty();
      assertThat(ModelConventions.unboundForms(model)).as("forms of %s not bound to their deployment",
          file.getFileName()).isEmpty();
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

  static boolean isReadable(String elementType, String id) {
    return ModelConventions.isReadable(elementType, id);
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
