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
 * The names a task's Camunda Form mentions: its field keys and every name its expressions and texts use
 * ({@code "=workLog"}, {@code "{{incidentTitle}}"}). Read from the form deployed with the task's process (binding
 * {@code deployment}, the binding every SOP uses), once per process definition: deployments never change, so the
 * answer is cached for good.
 *
 * <p>A name counts as mentioned when it occurs as a whole word in any value of the form's JSON (not in its property
 * names). That can only say yes too often (a label that happens to contain the word), never too rarely, so a form
 * never misses a value it shows.
 */
final class FormMentions {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Per process definition: form id -> the words of that form (only forms of the definition's deployment). */
  private final Map<String, Map<String, Set<String>>> byProcessDefinition = new ConcurrentHashMap<>();

  /**
   * The words of the form the task shows; empty if the task has no Camunda Form of its deployment (no form, another
   * binding, an expression as form reference, a deployment without the form): then nothing can be left out.
   */
  Optional<Set<String>> of(DelegateTask task) {
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
    Map<String, Set<String>> forms = byProcessDefinition.computeIfAbsent(task.getProcessDefinitionId(),
        id -> Context.getCommandContext().runWithoutAuthorization(() -> formsOf(repository, id)));
    return Optional.ofNullable(forms.get(formRef));
  }

  private static Map<String, Set<String>> formsOf(RepositoryService repository, String processDefinitionId) {
    String deploymentId = repository.getProcessDefinition(processDefinitionId).getDeploymentId();
    Map<String, Set<String>> forms = new HashMap<>();
    for (String resource : repository.getDeploymentResourceNames(deploymentId)) {
      if (resource.endsWith(".form")) {
        String json = read(repository, deploymentId, resource);
        Set<String> words = words(json);
        formId(json).ifPresent(id -> forms.put(id, words));
      }
    }
    return Map.copyOf(forms);
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
