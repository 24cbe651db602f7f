package io.sopflow.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.impl.juel.AstBinary;
import org.camunda.bpm.impl.juel.AstBoolean;
import org.camunda.bpm.impl.juel.AstChoice;
import org.camunda.bpm.impl.juel.AstComposite;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstEval;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstNested;
import org.camunda.bpm.impl.juel.AstNull;
import org.camunda.bpm.impl.juel.AstNumber;
import org.camunda.bpm.impl.juel.AstParameters;
import org.camunda.bpm.impl.juel.AstString;
import org.camunda.bpm.impl.juel.AstText;
import org.camunda.bpm.impl.juel.AstUnary;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.camunda.bpm.impl.juel.TreeBuilderException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * What a deployed model may make the server do. Camunda evaluates a model's expressions with every bean of the
 * application in reach and runs its scripts, some of them at deployment (a timer start event's date): without a limit,
 * whoever may deploy (a process owner, from Modeler) could run any code as the server, outside the four-eyes review
 * of SOP revisions. The house style needs little, and this is all a model may hold:
 *
 * <ul>
 *   <li>expressions ({@code ${...}}, {@code #{...}}) of variables and beans named alone ({@code ${assignmentGroup}},
 *       {@code ${sendNotificationDelegate}}), literals, operators ({@code ==}, {@code !}, {@code &&}, {@code ?:}, ...),
 *       and calls of the {@link #MODEL_FUNCTIONS} with such arguments; no property access ({@code a.b}, {@code a['b']}),
 *       no other method, no function ({@code fn:x()});
 *   <li>no scripts (script tasks, {@code camunda:script}, conditions in a script language), no Java classes named in the
 *       model ({@code camunda:class}, a listener's {@code class}, {@code camunda:variableMappingClass}), no embedded
 *       HTML forms ({@code camunda:formKey="embedded:..."}, whose scripts would run in Tasklist users' browsers);
 *   <li>decision tables in FEEL only (no {@code expressionLanguage} of JUEL or a script language);
 *   <li>delegate expressions that name one bean ({@code ${sendNotificationDelegate}}), and, checked at deployment by
 *       {@code ModelSafetyGuard} against {@link #delegateBeansByProcess}, only beans of the SOP's own shipped model or
 *       of Modeler's element templates: an SOP's steps act on its own records, never on another SOP's;
 *   <li>in a deployment, only models and forms ({@link #DEPLOYABLE}).
 * </ul>
 *
 * One implementation for two users: {@code ModelSafetyGuard} refuses a deployment that breaks it (every deployment,
 * whoever deploys), and {@link ModelConventions#check} reports it with the house rules (CI and the revision checks).
 */
public final class ModelSafety {

  /**
   * The beans (and the {@code execution} of the step) whose methods a model may call, and those methods: each computes
   * a value for the model from its arguments, or sets a variable. Everything else is reached by name only.
   */
  public static final Map<String, Set<String>> MODEL_FUNCTIONS = Map.of(
      "slaDates", Set.of("escalation", "reminder"),
      "accessApprovalRouting", Set.of("users", "groupsUnless"),
      "incidentCadence", Set.of("majorIncidentUpdates"),
      "closureDeliverables", Set.of("pending"),
      "execution", Set.of("setVariable"));

  /** The properties a model may read: the one of the step's execution that models pass to a model function. */
  public static final Map<String, Set<String>> MODEL_PROPERTIES = Map.of("execution", Set.of("processBusinessKey"));

  /** Resource names a deployment may hold: BPMN and DMN models and Camunda forms. */
  public static final List<String> DEPLOYABLE = List.of(".bpmn", ".bpmn20.xml", ".dmn", ".dmn11.xml", ".form");

  /**
   * The namespace the engine reads as an alias of Camunda's extensions ({@code activiti:class} works like
   * {@code camunda:class}): nothing of it may appear in a model.
   */
  static final String LEGACY_NS = "http://activiti.org/bpmn";

  /** A delegate expression names exactly one bean: {@code ${sendNotificationDelegate}}. */
  private static final java.util.regex.Pattern ONE_BEAN =
      java.util.regex.Pattern.compile("^\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}$");

  private static final Set<Class<?>> PLAIN_NODES = Set.of(AstEval.class, AstComposite.class, AstText.class,
      AstIdentifier.class, AstString.class, AstNumber.class, AstBoolean.class, AstNull.class, AstBinary.class,
      AstUnary.class, AstChoice.class, AstNested.class);

  private ModelSafety() {}

  /** Whether a deployment may hold a resource of this name. */
  public static boolean isDeployable(String resourceName) {
    String name = resourceName.toLowerCase(Locale.ROOT);
    return DEPLOYABLE.stream().anyMatch(name::endsWith);
  }

  /** What a BPMN or DMN model holds that it may not, one sentence each; empty when the model is safe. */
  public static List<String> unsafeContent(Document model) {
    List<String> findings = new ArrayList<>();
    visit(model.getDocumentElement(), findings);
    return findings;
  }

  /**
   * The beans each process of a model reaches through delegate expressions (of tasks, events and listeners), by process
   * id: the code the process runs. Delegate expressions that do not name one bean are findings of {@link
   * #unsafeContent} and left out here.
   */
  public static Map<String, Set<String>> delegateBeansByProcess(Document model) {
    Map<String, Set<String>> byProcess = new java.util.LinkedHashMap<>();
    for (Element process : ModelConventions.elements(model, ModelConventions.BPMN_NS, "process")) {
      Set<String> beans = new java.util.TreeSet<>();
      collectDelegateBeans(process, beans);
      byProcess.put(process.getAttribute("id"), beans);
    }
    return byProcess;
  }

  private static void collectDelegateBeans(Element element, Set<String> beans) {
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
      java.util.regex.Matcher bean = ONE_BEAN.matcher(attribute.getValue().trim());
      if ("delegateExpression".equals(name) && bean.matches()) {
        beans.add(bean.group(1));
      }
    }
    for (org.w3c.dom.Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) {
        collectDelegateBeans(e, beans);
      }
    }
  }

  /** Why an expression (or a text with expressions in it) may not run; empty when it may. */
  public static Optional<String> unsafeExpression(String text) {
    Node root;
    try {
      // parsed as the engine parses it (its expression manager enables method invocations)
      root = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS).build(text).getRoot();
    } catch (TreeBuilderException | IllegalArgumentException e) {
      return Optional.of("does not parse: " + e.getMessage());
    }
    return unsafeNode(root);
  }

  private static Optional<String> unsafeNode(Node node) {
    if (node instanceof AstMethod method) {
      String called = structure(method.getChild(0));
      String[] parts = called.split("\\.", -1);
      if (parts.length != 2 || !MODEL_FUNCTIONS.getOrDefault(parts[0], Set.of()).contains(parts[1])
          || !(method.getChild(0) instanceof AstDot dot && dot.getChild(0) instanceof AstIdentifier)) {
        return Optional.of("calls " + called + "(...), which is not a model function (allowed: " + functions() + ")");
      }
      return unsafeChildren(method.getChild(1));
    }
    if (node instanceof AstParameters parameters) {
      return unsafeChildren(parameters);
    }
    if (node instanceof AstDot dot && dot.getChild(0) instanceof AstIdentifier) {
      String[] parts = structure(dot).split("\\.", -1);
      if (parts.length == 2 && MODEL_PROPERTIES.getOrDefault(parts[0], Set.of()).contains(parts[1])) {
        return Optional.empty();
      }
    }
    if (!PLAIN_NODES.contains(node.getClass())) {
      String what = node instanceof org.camunda.bpm.impl.juel.AstProperty ? "reads a property (" + structure(node)
          + "): name a variable or a bean alone"
          : node instanceof org.camunda.bpm.impl.juel.AstFunction ? "calls a function (" + structure(node) + ")"
          : "uses " + node.getClass().getSimpleName();
      return Optional.of(what);
    }
    return unsafeChildren(node);
  }

  private static Optional<String> unsafeChildren(Node node) {
    for (int i = 0; i < node.getCardinality(); i++) {
      Optional<String> unsafe = unsafeNode(node.getChild(i));
      if (unsafe.isPresent()) {
        return unsafe;
      }
    }
    return Optional.empty();
  }

  /** An expression node as written, with names (not binding indexes): {@code slaDates.escalation}. */
  private static String structure(Node node) {
    StringBuilder text = new StringBuilder();
    ((org.camunda.bpm.impl.juel.AstNode) node).appendStructure(text, null);
    return text.toString();
  }

  private static String functions() {
    List<String> all = new ArrayList<>();
    MODEL_FUNCTIONS.forEach((bean, methods) -> methods.forEach(method -> all.add(bean + "." + method)));
    return String.join(", ", all.stream().sorted().toList());
  }

  private static void visit(Element element, List<String> findings) {
    String local = element.getLocalName();
    String where = element.hasAttribute("id") ? local + " " + element.getAttribute("id") : local;
    boolean camundaElement = ModelConventions.CAMUNDA_NS.equals(element.getNamespaceURI());
    if (LEGACY_NS.equals(element.getNamespaceURI())) {
      findings.add("Legacy extension element activiti:" + local + ": write camunda: extensions (Modeler does)");
    }
    if ("scriptTask".equals(local) || (camundaElement && "script".equals(local))) {
      findings.add("Script in " + where + ": models run no scripts (use a service task with a delegate)");
    }
    if ("conditionExpression".equals(local) && !element.getAttribute("language").isBlank()) {
      findings.add("Condition in the script language " + element.getAttribute("language") + " in " + where
          + ": write it as an expression, e.g. ${approved}");
    }
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
      boolean camundaAttribute = ModelConventions.CAMUNDA_NS.equals(attribute.getNamespaceURI());
      if (LEGACY_NS.equals(attribute.getNamespaceURI())) {
        findings.add("Legacy extension attribute activiti:" + name + " in " + where
            + ": write camunda: extensions (Modeler does)");
      }
      if ((camundaAttribute && ("class".equals(name) || "variableMappingClass".equals(name)))
          || (camundaElement && "class".equals(name))) {
        findings.add("Java class " + attribute.getValue() + " named in " + where
            + ": reach code through a delegate expression, e.g. ${sendNotificationDelegate}");
      }
      if (camundaAttribute && "formKey".equals(name)
          && attribute.getValue().trim().toLowerCase(Locale.ROOT).startsWith("embedded:")) {
        findings.add("Embedded HTML form " + attribute.getValue() + " in " + where + ": use a Camunda form (formRef)");
      }
      if ("delegateExpression".equals(name) && !ONE_BEAN.matcher(attribute.getValue().trim()).matches()) {
        findings.add("Delegate expression " + attribute.getValue() + " in " + where
            + " does not name one bean: write ${beanName}");
      }
      if ("expressionLanguage".equals(name) && !isFeel(attribute.getValue())) {
        findings.add("Expression language " + attribute.getValue() + " in " + where + ": decisions are written in FEEL");
      }
      checkExpressions(attribute.getValue(), where + " (" + name + ")", findings);
    }
    boolean prose = ModelConventions.BPMN_NS.equals(element.getNamespaceURI())
        && ("documentation".equals(local) || "text".equals(local));
    if (!prose) {
      // The element's character data joined, as the engine's parser reads it: a comment or a CDATA section between
      // "$" and "{" splits the text into nodes, none of which holds the expression the engine evaluates.
      StringBuilder text = new StringBuilder();
      for (org.w3c.dom.Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child.getNodeType() == org.w3c.dom.Node.TEXT_NODE
            || child.getNodeType() == org.w3c.dom.Node.CDATA_SECTION_NODE) {
          text.append(child.getNodeValue());
        }
      }
      checkExpressions(text.toString(), where, findings);
    }
    for (org.w3c.dom.Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) {
        visit(e, findings);
      }
    }
  }

  private static void checkExpressions(String text, String where, List<String> findings) {
    if (text == null || !(text.contains("${") || text.contains("#{"))) {
      return;
    }
    unsafeExpression(text.trim()).ifPresent(why -> findings.add("Expression " + text.trim() + " in " + where + " "
        + why));
  }

  private static boolean isFeel(String language) {
    String lower = language.trim().toLowerCase(Locale.ROOT);
    return lower.startsWith("feel") || lower.contains("/feel/");
  }
}
