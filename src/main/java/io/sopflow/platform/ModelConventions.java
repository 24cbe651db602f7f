package io.sopflow.platform;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The house rules of STYLE.md that a BPMN model can be checked against on its own: readable ids, forms that resolve,
 * delegate expressions that name a bean, SLA timers that are expressions. One implementation for two users:
 * {@code ModelConventionsTest} walks {@code processes/} in CI, and the automatic checks of an SOP revision
 * ({@code SopRevisionProcess}) apply the same rules to a model a process owner deployed from Modeler.
 */
public final class ModelConventions {

  public static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  public static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

  /**
   * A readable id: a prefix naming the kind of element, an underscore, and words in PascalCase ({@code
   * Task_ApproveChange}, {@code Flow_ChangeApprovedYes}). Camunda Modeler's generated ids ({@code Gateway_0k3j2h1},
   * {@code Event_1ab2c3d}, {@code Flow_0x9y8z7}, {@code Activity_1}) never start their name with a capital letter and
   * a word, so they are refused: an id is for the developer who reads a stack trace or a Cockpit incident.
   */
  public static final Pattern READABLE_NAME = Pattern.compile("^[A-Z][A-Za-z0-9]*[a-z]{2}[A-Za-z0-9]*(_[A-Za-z0-9]+)*$");

  /** The prefix each kind of BPMN element carries (STYLE.md). */
  public static final Map<String, String> PREFIXES = Map.ofEntries(
      Map.entry("startEvent", "StartEvent"), Map.entry("endEvent", "EndEvent"),
      Map.entry("boundaryEvent", "BoundaryEvent"), Map.entry("intermediateCatchEvent", "IntermediateEvent|Event"),
      Map.entry("intermediateThrowEvent", "IntermediateEvent|Event"),
      Map.entry("userTask", "Task"), Map.entry("serviceTask", "Task"), Map.entry("sendTask", "Task"),
      Map.entry("receiveTask", "Task"), Map.entry("businessRuleTask", "Task"), Map.entry("manualTask", "Task"),
      Map.entry("task", "Task"), Map.entry("scriptTask", "Task"), Map.entry("callActivity", "CallActivity|Task"),
      Map.entry("subProcess", "SubProcess"), Map.entry("exclusiveGateway", "Gateway"),
      Map.entry("parallelGateway", "Gateway"), Map.entry("inclusiveGateway", "Gateway"),
      Map.entry("eventBasedGateway", "Gateway"), Map.entry("sequenceFlow", "Flow"),
      Map.entry("message", "Message"), Map.entry("error", "Error"), Map.entry("escalation", "Escalation"),
      Map.entry("signal", "Signal"), Map.entry("timerEventDefinition", "Timer"),
      Map.entry("messageEventDefinition", "Definition|MessageDefinition"),
      Map.entry("errorEventDefinition", "Definition|ErrorDefinition"),
      Map.entry("escalationEventDefinition", "Definition|EscalationDefinition"),
      Map.entry("signalEventDefinition", "Definition|SignalDefinition"),
      Map.entry("conditionalEventDefinition", "Definition|ConditionDefinition"),
      Map.entry("textAnnotation", "TextAnnotation|Annotation"), Map.entry("association", "Association"),
      Map.entry("dataObject", "DataObject"), Map.entry("dataObjectReference", "DataObjectReference|DataObject"),
      Map.entry("laneSet", "LaneSet"), Map.entry("lane", "Lane"), Map.entry("participant", "Participant"),
      Map.entry("collaboration", "Collaboration"), Map.entry("definitions", "Definitions"));

  /**
   * The delegates that escalate an SLA breach and count it: each one's service writes the audit entry and publishes
   * {@code io.sopflow.sla.SlaBreached} ({@code sopflow_sla_breaches_total}) in one transaction. A bean joins this list
   * only with the service method that publishes, named here (see {@link #uncountedEscalations}).
   */
  public static final Set<String> COUNTING_ESCALATIONS = Set.of(
      "escalateSlaBreachDelegate",        // sla.SlaEscalations.escalate: the element template "Escalate an SLA breach"
      "escalateIncidentDelegate",         // incident.IncidentService.escalateResponse
      "escalateResolutionDelegate",       // incident.IncidentService.escalateResolution
      "escalateChangeApprovalDelegate",   // change.ChangeService.recordEscalation (via ChangeApprovalEscalations)
      "rejectOverdueRequestDelegate",     // access.AccessRequestService.rejectOverdue
      "recordGoDecisionOverdueDelegate",  // release.ReleaseService.recordGoDecisionOverdue
      "escalateSignOffDelegate",          // closure.ProjectClosureService.escalateSignOff
      "escalateContainmentDelegate",      // securityincident.SecurityIncidentService.escalateContainment
      "recordNotificationBreachDelegate", // securityincident.SecurityIncidentService.recordNotificationBreach
      "escalateFulfilmentDelegate");      // request.ServiceRequestService.recordBreach

  /** What {@link #check} checks, in its order, as a process owner reads it (a revision's "Passed: ..." line). */
  public static final List<String> RULES = List.of("readable ids", "forms resolve", "forms bound to their deployment",
      "delegate beans exist", "SLA timers are expressions", "no branch that only mails",
      "SLA breaches counted before the mail", "only what a model may hold (expressions, steps, files)");

  private static final Pattern BEAN_ROOT = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern FORM_ID = Pattern.compile("Form_[A-Z][A-Za-z0-9]*");

  private ModelConventions() {}

  /** Everything below for one model, as sentences a process owner can act on; empty when the model follows them. */
  public static List<String> check(Document model, Predicate<String> formExists, Predicate<String> beanExists) {
    List<String> findings = new ArrayList<>();
    unreadableIds(model).forEach(id -> findings.add("Id not readable (use e.g. Task_ApproveChange): " + id));
    unresolvedForms(model, formExists).forEach(task -> findings.add("Form does not resolve: " + task));
    unboundForms(model).forEach(element -> findings.add("Form not bound to its deployment (set "
        + "camunda:formRefBinding=\"deployment\"): " + element));
    for (String bean : delegateBeans(model)) {
      if (!beanExists.test(bean)) {
        findings.add("Delegate expression names no bean: ${" + bean + "}");
      }
    }
    literalTimers(model).forEach(timer -> findings.add("Timer is not a date computed by code (use slaDates): "
        + timer));
    mailOnlyBranches(model).forEach(branch -> findings.add("Mail on a parallel branch of its own (make it a step on "
        + "the path, before or after the step it belongs to): " + branch));
    uncountedEscalations(model).forEach(timer -> findings.add("SLA breach escalated without being counted (follow "
        + "the timer with 'Escalate an SLA breach', then 'Send a notification'): " + timer));
    findings.addAll(ModelSafety.unsafeContent(model));
    return findings;
  }

  /** Whether an id has its kind's prefix and a readable name (see {@link #READABLE_NAME}). */
  public static boolean isReadable(String elementType, String id) {
    int underscore = id.indexOf('_');
    if (underscore < 0) {
      return false;
    }
    String prefix = id.substring(0, underscore);
    String allowed = PREFIXES.get(elementType);
    if (allowed == null || !List.of(allowed.split("\\|")).contains(prefix)) {
      return false;
    }
    return READABLE_NAME.matcher(id.substring(underscore + 1)).matches();
  }

  /** BPMN elements (not the process itself) whose id does not follow STYLE.md: {@code "userTask Activity_1"}. */
  public static List<String> unreadableIds(Document model) {
    List<String> bad = new ArrayList<>();
    walk(model.getDocumentElement(), element -> {
      if (BPMN_NS.equals(element.getNamespaceURI()) && element.hasAttribute("id")
          && !"process".equals(element.getLocalName())
          && !isReadable(element.getLocalName(), element.getAttribute("id"))) {
        bad.add(element.getLocalName() + " " + element.getAttribute("id"));
      }
    });
    return bad;
  }

  /** User tasks whose form reference is missing, malformed or names no form: {@code "Task_X -> Form_Y"}. */
  public static List<String> unresolvedForms(Document model, Predicate<String> formExists) {
    List<String> bad = new ArrayList<>();
    for (Element task : elements(model, BPMN_NS, "userTask")) {
      String formRef = task.getAttributeNS(CAMUNDA_NS, "formRef");
      if (!FORM_ID.matcher(formRef).matches() || !formExists.test(formRef)) {
        bad.add(task.getAttribute("id") + " -> " + (formRef.isEmpty() ? "(no camunda:formRef)" : formRef));
      }
    }
    return bad;
  }

  /**
   * User tasks and start events with a form that is not bound to their own deployment ({@code "Task_X -> latest"}).
   * An instance keeps the forms of the deployment it started from: a form changed later cannot ask a running instance
   * for fields its version of the process does not read; and a completion's input is checked against the form of the
   * task's deployment ({@code TaskInputGuard}), so a task bound otherwise takes no input at all.
   */
  public static List<String> unboundForms(Document model) {
    List<String> bad = new ArrayList<>();
    for (String kind : List.of("userTask", "startEvent")) {
      for (Element element : elements(model, BPMN_NS, kind)) {
        String binding = element.getAttributeNS(CAMUNDA_NS, "formRefBinding");
        if (element.hasAttributeNS(CAMUNDA_NS, "formRef") && !"deployment".equals(binding)) {
          bad.add(element.getAttribute("id") + " -> " + (binding.isEmpty() ? "(no binding: latest)" : binding));
        }
      }
    }
    return bad;
  }

  /** The beans that delegate expressions of tasks, events and listeners start with ({@code ${sendNotificationDelegate}}). */
  public static Set<String> delegateBeans(Document model) {
    Set<String> beans = new LinkedHashSet<>();
    for (String localName : List.of("serviceTask", "sendTask", "intermediateThrowEvent", "endEvent",
        "messageEventDefinition")) {
      for (Element element : elements(model, BPMN_NS, localName)) {
        addRoot(beans, element.getAttributeNS(CAMUNDA_NS, "delegateExpression"));
      }
    }
    for (String localName : List.of("taskListener", "executionListener")) {
      for (Element element : elements(model, CAMUNDA_NS, localName)) {
        addRoot(beans, element.getAttribute("delegateExpression"));
      }
    }
    return beans;
  }

  /** The bean an expression starts with, added to {@code beans}; nothing for a blank expression. */
  public static void addRoot(Set<String> beans, String expression) {
    if (expression == null || expression.isBlank()) {
      return;
    }
    Matcher matcher = BEAN_ROOT.matcher(expression);
    if (matcher.find()) {
      beans.add(matcher.group(1));
    }
  }

  /** Timers with a literal: every {@code timeDuration}, and {@code timeDate}/{@code timeCycle} not {@code ${...}}. */
  public static List<String> literalTimers(Document model) {
    List<String> bad = new ArrayList<>();
    for (String kind : List.of("timeDuration", "timeDate", "timeCycle")) {
      for (Element timer : elements(model, BPMN_NS, kind)) {
        String value = timer.getTextContent().strip();
        if ("timeDuration".equals(kind) || !(value.startsWith("${") && value.endsWith("}"))) {
          Node definition = timer.getParentNode();
          String id = definition instanceof Element e ? e.getAttribute("id") : "";
          bad.add(id + " " + kind + " " + value);
        }
      }
    }
    return bad;
  }

  /**
   * Parallel branches that only send mail: a fork whose outgoing flow runs through {@code ${sendNotificationDelegate}}
   * tasks into an end event ({@code "Gateway_X -> Task_NotifyY"}). A notification is recorded with its step and mailed
   * by the outbox, so it never waits and needs no branch of its own; on a branch it costs a concurrent execution, a
   * gateway and an end event on every pass (docs/benchmarks.md, issue #24 step 22). It is a step on the path.
   */
  public static List<String> mailOnlyBranches(Document model) {
    Map<String, Element> nodes = nodesById(model);
    Map<String, List<String>> targets = targetsBySource(model);
    List<String> branches = new ArrayList<>();
    for (Element gateway : elements(model, BPMN_NS, "parallelGateway")) {
      List<String> outgoing = targets.getOrDefault(gateway.getAttribute("id"), List.of());
      if (outgoing.size() < 2) {
        continue;
      }
      for (String first : outgoing) {
        String node = first;
        boolean mailOnly = false;
        Set<String> seen = new HashSet<>(); // a revision may loop mail steps into each other
        while (isMailTask(nodes.get(node)) && seen.add(node)) {
          List<String> next = targets.getOrDefault(node, List.of());
          if (next.size() != 1) {
            break;
          }
          node = next.get(0);
          mailOnly = nodes.get(node) != null && "endEvent".equals(nodes.get(node).getLocalName());
        }
        if (mailOnly) {
          branches.add(gateway.getAttribute("id") + " -> " + first);
        }
      }
    }
    return branches;
  }

  /**
   * SLA breaches escalated without being audited and counted ({@code "BoundaryEvent_X -> Task_Y"}). The rule is about
   * a timer that leaves its task open past the task's SLA: a <em>non-interrupting</em> boundary timer that fires when
   * the task is due, that is, whose {@code timeDate} is the {@code camunda:dueDate} of the activity it is attached to
   * (the house rule: the due date and the escalation timer read the same expression) or is
   * {@code ${slaDates.escalation(...)}}. The first step after such a timer must be one of
   * {@link #COUNTING_ESCALATIONS}; the mail follows it. A timer that only mails at that moment escalates without
   * anyone counting it: {@code sopflow_sla_breaches_total} and its alert would not see the breach.
   *
   * <p>Reminders and warnings fire before the due date (the follow-up date or an earlier computed date) and may only
   * mail. Interrupting timers are not judged here: they end the task, and what follows is the SOP's own decision (an
   * automatic rejection or closure, a reschedule, the incident's next tier), tested by its process test. A timer on a
   * subprocess has no due date to compare and is judged only when it reads {@code slaDates.escalation}.
   */
  public static List<String> uncountedEscalations(Document model) {
    Map<String, Element> nodes = nodesById(model);
    Map<String, List<String>> targets = targetsBySource(model);
    List<String> uncounted = new ArrayList<>();
    for (Element boundary : elements(model, BPMN_NS, "boundaryEvent")) {
      String date = timeDate(boundary);
      if (!"false".equals(boundary.getAttribute("cancelActivity")) || date == null) {
        continue;
      }
      Element task = nodes.get(boundary.getAttribute("attachedToRef"));
      String dueDate = task == null ? "" : task.getAttributeNS(CAMUNDA_NS, "dueDate").strip();
      if (!date.equals(dueDate) && !date.replace(" ", "").startsWith("${slaDates.escalation(")) {
        continue;
      }
      List<String> next = targets.getOrDefault(boundary.getAttribute("id"), List.of());
      if (next.isEmpty()) {
        uncounted.add(boundary.getAttribute("id") + " -> (nothing)");
      }
      for (String first : next) {
        Set<String> beans = new HashSet<>();
        Element step = nodes.get(first);
        if (step != null && "serviceTask".equals(step.getLocalName())) {
          addRoot(beans, step.getAttributeNS(CAMUNDA_NS, "delegateExpression"));
        }
        if (beans.isEmpty() || !COUNTING_ESCALATIONS.containsAll(beans)) {
          uncounted.add(boundary.getAttribute("id") + " -> " + first);
        }
      }
    }
    return uncounted;
  }

  /** Every BPMN element with an id, by id. */
  private static Map<String, Element> nodesById(Document model) {
    Map<String, Element> nodes = new HashMap<>();
    walk(model.getDocumentElement(), element -> {
      if (BPMN_NS.equals(element.getNamespaceURI()) && element.hasAttribute("id")) {
        nodes.put(element.getAttribute("id"), element);
      }
    });
    return nodes;
  }

  /** The targets of the sequence flows leaving each flow node, by the node's id. */
  private static Map<String, List<String>> targetsBySource(Document model) {
    Map<String, List<String>> targets = new HashMap<>();
    for (Element flow : elements(model, BPMN_NS, "sequenceFlow")) {
      targets.computeIfAbsent(flow.getAttribute("sourceRef"), k -> new ArrayList<>()).add(flow.getAttribute("targetRef"));
    }
    return targets;
  }

  /** The stripped {@code timeDate} of a timer boundary event; null for another kind of event or timer. */
  private static String timeDate(Element boundary) {
    for (Node definition = boundary.getFirstChild(); definition != null; definition = definition.getNextSibling()) {
      if (definition instanceof Element d && BPMN_NS.equals(d.getNamespaceURI())
          && "timerEventDefinition".equals(d.getLocalName())) {
        for (Node date = d.getFirstChild(); date != null; date = date.getNextSibling()) {
          if (date instanceof Element e && BPMN_NS.equals(e.getNamespaceURI()) && "timeDate".equals(e.getLocalName())) {
            return e.getTextContent().strip();
          }
        }
      }
    }
    return null;
  }

  private static boolean isMailTask(Element element) {
    return element != null && "serviceTask".equals(element.getLocalName())
        && element.getAttributeNS(CAMUNDA_NS, "delegateExpression").contains("sendNotificationDelegate");
  }

  /** Parses a model safely (no DTDs, no external entities), namespace-aware as the checks need. */
  public static Document parse(byte[] xml) {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new IllegalArgumentException("Cannot parse the model: " + e.getMessage(), e);
    }
  }

  public static List<Element> elements(Document document, String namespace, String localName) {
    NodeList nodes = document.getElementsByTagNameNS(namespace, localName);
    List<Element> result = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      result.add((Element) nodes.item(i));
    }
    return result;
  }

  private static void walk(Element element, Consumer<Element> visitor) {
    visitor.accept(element);
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) {
        walk(e, visitor);
      }
    }
  }
}
