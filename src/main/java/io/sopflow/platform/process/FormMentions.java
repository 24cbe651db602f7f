package io.sopflow.platform.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.model.bpmn.instance.UserTask;

/**
 * The one reader of a task's Camunda Form, read from the form deployed with the task's process (binding
 * {@code deployment}, the binding every SOP uses), once per process definition: deployments never change, so the
 * answer is cached for good. It answers two questions:
 * <ul>
 *   <li>{@link #of}: the names the form <b>mentions</b>, its field keys and every name its expressions and texts use
 *   ({@code "=workLog"}, {@code "{{incidentTitle}}"}): what {@link TaskForms#show} puts on the task. A name counts as
 *   mentioned when it occurs as a whole word in any value of the form's JSON (not in its property names). That can
 *   only say yes too often (a label that happens to contain the word), never too rarely, so a form never misses a
 *   value it shows.</li>
 *   <li>{@link #fieldsOf}: the variables the form <b>submits</b>, exactly, its inputs and its read-only display
 *   values ({@link #fields}): what {@link TaskInputGuard} lets a completion send.</li>
 * </ul>
 */
final class FormMentions {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Form-js components with a {@code key} that submit no value. */
  private static final Set<String> UNSUBMITTED_KEYED_TYPES = Set.of("button");

  /**
   * The variables a form submits ({@link #fieldsOf}): {@code inputs}, what the person enters, and {@code readonly},
   * the display values form-js submits back unchanged (a field with {@code "readonly": true}).
   */
  record Fields(Set<String> inputs, Set<String> readonly) {
    Fields {
      inputs = Set.copyOf(inputs);
      Set<String> displayOnly = new HashSet<>(readonly);
      displayOnly.removeAll(inputs);
      readonly = Set.copyOf(displayOnly);
    }

    /** Every name the form submits. */
    Set<String> all() {
      Set<String> all = new HashSet<>(inputs);
      all.addAll(readonly);
      return all;
    }
  }

  /** What one deployed form mentions, and which variables it submits. */
  private record DeployedForm(Set<String> words, Fields fields) {
  }

  /** Per process definition: form id -> that form (only forms of the definition's deployment). */
  private final Map<String, Map<String, DeployedForm>> byProcessDefinition = new ConcurrentHashMap<>();

  /**
   * The words of the form the task shows; empty if the task has no Camunda Form of its deployment (no form, another
   * binding, an expression as form reference, a deployment without the form): then nothing can be left out.
   */
  Optional<Set<String>> of(DelegateTask task) {
    return formOf(task).map(DeployedForm::words);
  }

  /**
   * The variables the task's form submits ({@link #fields}); empty if the task has no Camunda Form of its deployment
   * (see {@link #of}).
   */
  Optional<Fields> fieldsOf(DelegateTask task) {
    return formOf(task).map(DeployedForm::fields);
  }

  private Optional<DeployedForm> formOf(DelegateTask task) {
    UserTask userTask = task.getBpmnModelElementInstance();
    if (userTask == null) {
      return Optional.empty();
    }
    String formRef = userTask.getCamundaFormRef();
    String binding = userTask.getCamundaFormRefBinding();
    if (formRef == null || formRef.contains("${") || (binding != null && !"deployment".equals(binding))) {
      return Optional.empty();
    }
    RepositoryService repository = task.getProcessEngineServices().getRepositoryService();
    Map<String, DeployedForm> forms = byProcessDefinition.computeIfAbsent(task.getProcessDefinitionId(),
        id -> Context.getCommandContext().runWithoutAuthorization(() -> formsOf(repository, id)));
    return Optional.ofNullable(forms.get(formRef));
  }

  private static Map<String, DeployedForm> formsOf(RepositoryService repository, String processDefinitionId) {
    String deploymentId = repository.getProcessDefinition(processDefinitionId).getDeploymentId();
    Map<String, DeployedForm> forms = new HashMap<>();
    for (String resource : repository.getDeploymentResourceNames(deploymentId)) {
      if (resource.endsWith(".form")) {
        String json = read(repository, deploymentId, resource);
        DeployedForm form = new DeployedForm(words(json), fields(json));
        formId(json).ifPresent(id -> forms.put(id, form));
      }
    }
    return Map.copyOf(forms);
  }

  /**
   * The variables a form submits: what Tasklist sends when the person completes it. Tasklist submits the top-level
   * entries of form-js's submit data as variables, and form-js puts each keyed field that is not disabled at its value
   * path: the paths of the groups and dynamic lists around it ({@code path}), then its {@code key}, each split at
   * dots. So a variable is the first segment of a field's key, or of the path of a group or dynamic list that holds
   * fields (their values are submitted inside it); a group without a path adds nothing of its own. Texts, buttons,
   * images and the like submit nothing. A field with {@code "readonly": true} is submitted too, unchanged: it is
   * {@link Fields#readonly() readonly} (a group or list with a path is, when every field in it is; only a field's own
   * {@code readonly} counts); a {@code readonly} that is an expression may or may not hold, so that field counts as an
   * input. A form that is not JSON submits
   * nothing.
   */
  static Fields fields(String json) {
    Set<String> inputs = new HashSet<>();
    Set<String> readonly = new HashSet<>();
    try {
      collectFields(JSON.readTree(json).path("components"), inputs, readonly);
    } catch (IOException e) {
      // Not a form Tasklist could show either; it submits nothing.
    }
    return new Fields(inputs, readonly);
  }

  private static void collectFields(JsonNode components, Set<String> inputs, Set<String> readonly) {
    for (JsonNode component : components) {
      if (component.path("disabled").asBoolean(false)) {
        continue; // form-js never submits a disabled field (nor, for a container, anything in it)
      }
      String key = component.path("key").asText("").strip();
      String path = component.path("path").asText("").strip();
      if (!key.isEmpty() && !UNSUBMITTED_KEYED_TYPES.contains(component.path("type").asText(""))) {
        (isReadonly(component) ? readonly : inputs).add(firstSegment(key));
      } else if (component.path("components").isArray()) {
        if (path.isEmpty()) {
          collectFields(component.path("components"), inputs, readonly);
          continue;
        }
        Set<String> innerInputs = new HashSet<>();
        Set<String> innerReadonly = new HashSet<>();
        collectFields(component.path("components"), innerInputs, innerReadonly);
        if (!innerInputs.isEmpty()) {
          inputs.add(firstSegment(path));
        } else if (!innerReadonly.isEmpty()) {
          readonly.add(firstSegment(path));
        }
      }
    }
  }

  private static boolean isReadonly(JsonNode component) {
    return component.path("readonly").isBoolean() && component.path("readonly").asBoolean();
  }

  private static String firstSegment(String path) {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }

  /** The words of the form's values (keys, texts, expressions); the JSON's own property names do not count. */
  static Set<String> words(String json) {
    Set<String> words = new HashSet<>();
    try {
      collect(JSON.readTree(json), words);
    } catch (IOException e) {
      // Not a form Tasklist could show either; nothing of it counts.
    }
    return Set.copyOf(words);
  }

  private static void collect(JsonNode node, Set<String> words) {
    if (node.isTextual()) {
      Matcher m = WORD.matcher(node.asText());
      while (m.find()) {
        words.add(m.group());
      }
    }
    node.elements().forEachRemaining(child -> collect(child, words));
  }

  /** The form's own id: the top-level {@code "id"}, which a task's {@code camunda:formRef} names. */
  static Optional<String> formId(String json) {
    try {
      String id = JSON.readTree(json).path("id").asText("");
      return id.isBlank() ? Optional.empty() : Optional.of(id);
    } catch (IOException e) {
      // Not a form Tasklist could show either; it shows nothing of ours.
      return Optional.empty();
    }
  }

  private static String read(RepositoryService repository, String deploymentId, String resource) {
    try (InputStream in = repository.getResourceAsStream(deploymentId, resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource + " of deployment " + deploymentId, e);
    }
  }
}
