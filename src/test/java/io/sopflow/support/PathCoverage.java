package io.sopflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The README's promise "every path of every process tested", checked: the process tests' engine ({@code
 * camunda.cfg.xml}) records every flow node that starts and every sequence flow that is taken, and a process test
 * class (one per BPMN) registered with this extension fails unless its tests, together, took every sequence flow and
 * reached every flow node of the models it deploys ({@link Deployment}). A path a process owner adds to a model without
 * a test that takes it fails the build, naming the element and where it leads.
 *
 * <p>Coverage is a property of the whole class: when only some of its tests ran ({@code -Dtest=Class#method}) the
 * check is skipped with a line on standard error. The recorder is a built-in listener, so it also sees what runs with {@code skipCustomListeners}. Models changed
 * within a test ({@code deployChangedModel}) count toward their process key like the file's own.
 */
public final class PathCoverage implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  /** Element ids reached per process definition key, since the current test class began. */
  private static final Map<String, Set<String>> REACHED = new ConcurrentHashMap<>();

  /** The test methods of the current class that ran. */
  private static final Set<String> RAN = ConcurrentHashMap.newKeySet();

  @Override
  public void beforeAll(ExtensionContext context) {
    REACHED.clear();
    RAN.clear();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RAN.add(context.getRequiredTestMethod().getName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    Deployment deployment = testClass.getAnnotation(Deployment.class);
    if (deployment == null) {
      throw new IllegalStateException(testClass.getSimpleName() + " uses PathCoverage but deploys no model");
    }
    Set<String> declared = testMethods(testClass);
    if (!RAN.containsAll(declared)) {
      // a developer ran some of the class's tests (-Dtest=Class#method): coverage is a property of the whole class
      System.err.printf("PathCoverage: not checked for %s: %d of its %d tests ran%n", testClass.getSimpleName(),
          RAN.size(), declared.size());
      REACHED.clear();
      return;
    }
    List<String> gaps = new ArrayList<>();
    Arrays.stream(deployment.resources()).filter(r -> r.endsWith(".bpmn"))
        .forEach(resource -> gaps.addAll(notReached(resource, read(resource), REACHED)));
    REACHED.clear();
    if (!gaps.isEmpty()) {
      throw new AssertionError(testClass.getSimpleName() + " leaves " + gaps.size()
          + " element(s) of its model untested (every path of every process is tested; add a test that takes it):\n  "
          + String.join("\n  ", gaps));
    }
  }

  /** The elements of a model that no test of the class reached, described for the person who reads the failure. */
  static List<String> notReached(String resource, BpmnModelInstance model, Map<String, Set<String>> reachedByKey) {
    List<String> gaps = new ArrayList<>();
    for (Process process : model.getModelElementsByType(Process.class)) {
      Set<String> reached = reachedByKey.getOrDefault(process.getId(), Set.of());
      for (FlowElement element : allFlowElements(process.getFlowElements())) {
        if ((element instanceof FlowNode || element instanceof SequenceFlow) && !reached.contains(covering(element))) {
          gaps.add(resource + ": " + describe(element));
        }
      }
    }
    return gaps;
  }

  /**
   * Names of the class's test methods (JUnit's @Test or another @Testable annotation) that are not @Disabled: a disabled
   * test leaves its paths untested, which the check then reports.
   */
  static Set<String> testMethods(Class<?> testClass) {
    Set<String> names = new java.util.TreeSet<>();
    for (Class<?> type = testClass; type != null && type != Object.class; type = type.getSuperclass()) {
      for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
        if (AnnotationSupport.isAnnotated(method, Testable.class)
            && !AnnotationSupport.isAnnotated(method, org.junit.jupiter.api.Disabled.class)) {
          names.add(method.getName());
        }
      }
    }
    return names;
  }

  /**
   * The id whose reach proves the element: its own, but for a flow out of an event-based gateway, which the engine
   * never takes (the event that occurs is entered directly): that flow is proven by its event.
   */
  private static String covering(FlowElement element) {
    if (element instanceof SequenceFlow flow && flow.getSource() instanceof EventBasedGateway) {
      return flow.getTarget().getId();
    }
    return element.getId();
  }

  private static List<FlowElement> allFlowElements(Collection<FlowElement> elements) {
    List<FlowElement> all = new ArrayList<>();
    for (FlowElement element : elements) {
      all.add(element);
      if (element instanceof org.camunda.bpm.model.bpmn.instance.SubProcess subProcess) {
        all.addAll(allFlowElements(subProcess.getFlowElements()));
      }
    }
    return all;
  }

  private static String describe(FlowElement element) {
    if (element instanceof SequenceFlow flow) {
      return "sequence flow " + element.getId() + named(flow) + " from " + nameOf(flow.getSource()) + " to "
          + nameOf(flow.getTarget()) + " never taken";
    }
    return element.getElementType().getTypeName() + " " + nameOf(element) + " never reached";
  }

  private static String named(FlowElement element) {
    return element.getName() == null || element.getName().isBlank() ? "" : " ('" + element.getName() + "')";
  }

  private static String nameOf(FlowElement element) {
    return element.getId() + named(element);
  }

  private static BpmnModelInstance read(String resource) {
    try (InputStream in = PathCoverage.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No model " + resource + " on the class path");
      }
      return Bpmn.readModelFromStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The engine plugin of {@code camunda.cfg.xml}: a built-in listener on every activity and every transition. */
  public static final class Recorder extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
      if (configuration.getCustomPostBPMNParseListeners() == null) {
        configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
      }
      configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
        @Override
        public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
          for (ProcessDefinitionEntity definition : processDefinitions) {
            listenTo(definition, definition.getKey());
          }
        }
      });
    }

    private static void listenTo(ScopeImpl scope, String processKey) {
      for (ActivityImpl activity : scope.getActivities()) {
        activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, reach(processKey, activity.getId()));
        for (var outgoing : activity.getOutgoingTransitions()) {
          TransitionImpl transition = (TransitionImpl) outgoing;
          transition.addBuiltInListener(ExecutionListener.EVENTNAME_TAKE, reach(processKey, transition.getId()));
        }
        listenTo(activity, processKey);
      }
    }

    private static ExecutionListener reach(String processKey, String elementId) {
      return (DelegateExecution execution) ->
          REACHED.computeIfAbsent(processKey, key -> ConcurrentHashMap.newKeySet()).add(elementId);
    }
  }
}
