package io.sopflow.platform.process;

import io.sopflow.domain.ForbiddenException;
import io.sopflow.domain.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * What a person submitted to complete a task, read the one way every SOP reads it. Camunda Forms validate only in the
 * browser and the engine checks nothing, so every rule is checked here: a missing, malformed or out-of-range value is
 * refused with {@link InvalidRequestException} naming the field (400 problem+json in Tasklist and on
 * {@code /engine-rest}), and nothing is changed.
 *
 * <p>Values are read whatever the client sent: Tasklist submits booleans, numbers and dates as typed values, scripts
 * often send strings. Text is stripped; a blank text counts as absent; control characters other than line breaks and
 * tabs are refused.
 */
public final class TaskForm {

  /** Longest free text a form field may hold unless the caller says otherwise. */
  public static final int MAX_TEXT = 4000;

  private final DelegateTask task;
  private final String actor;
  private final String actingFor;
  private final Set<String> addressees;
  private final FormMentions forms;

  TaskForm(DelegateTask task, String actor, String actingFor, Set<String> addressees, FormMentions forms) {
    this.task = task;
    this.actor = actor;
    this.actingFor = actingFor;
    this.addressees = Set.copyOf(addressees);
    this.forms = forms;
  }

  /** The authenticated person completing the task: the real person, also when they act for someone else. */
  public String actor() {
    if (actor == null) {
      throw new IllegalStateException("No person completes '" + task.getName() + "' at this point");
    }
    return actor;
  }

  /**
   * The person the actor stands in for: the one the task waits for by name whose delegation in force names the actor
   * as substitute. Empty when the actor acts for themselves (or for a group).
   */
  public Optional<String> actingFor() {
    actor();
    return Optional.ofNullable(actingFor);
  }

  /** The actor, when they stand in for someone ({@link #actingFor()}); else empty. */
  public Optional<String> substitute() {
    return actingFor().map(delegator -> actor);
  }

  /** Whose decision this is: the delegator when the actor stands in for them, else the actor. */
  public String onBehalfOf() {
    return actingFor().orElse(actor());
  }

  /**
   * A decision the process routed to one person, named by the process variable {@code routingVariable} (a line
   * manager's approval: the beneficiary's line manager, or whom an overdue approval went to): refused with 403
   * unless it is that person's ({@link #onBehalfOf()}: they, or their delegate acting for them), also for someone an
   * admin gave the task to. Nothing is checked when the variable names nobody: the decision went to a group, which
   * the SOP's service checks. Returns the person it was routed to, empty for a group: pass it on to the service,
   * which decides by it (the directory may say otherwise by now: the task waits for whom the process routed it to).
   */
  public Optional<String> requireRoutedPerson(String routingVariable) {
    Optional<String> routed = routedPerson(routingVariable);
    routed.filter(person -> !person.equals(onBehalfOf())).ifPresent(person -> {
      throw new ForbiddenException(actor() + " may not decide '" + task.getName() + "' of " + businessKey()
          + ": it waits for " + person + " (or " + person + "'s delegate)");
    });
    return routed;
  }

  /**
   * The person the process routed a step to ({@code routingVariable}, a process variable), empty when it was routed
   * to a group; unchecked: for a later step that must know who an earlier one waited for (four eyes).
   */
  public Optional<String> routedPerson(String routingVariable) {
    return task.getVariable(routingVariable) instanceof String person && !person.isBlank() ? Optional.of(person)
        : Optional.empty();
  }

  /** The people the task waits for by name (assignee, candidate users), without the substitutes it was offered to. */
  public Set<String> addressees() {
    return addressees;
  }

  public String businessKey() {
    return task.getExecution().getProcessBusinessKey();
  }

  public String taskName() {
    return task.getName();
  }

  public DelegateTask task() {
    return task;
  }

  /**
   * A per-task setting of the model: a literal input parameter of the user task ({@code camunda:inputParameter}),
   * read from the deployed model itself, never from the task's variables: a completion may send variables of any
   * name, and would otherwise overwrite the setting that decides what its own completion means. Missing is a
   * modelling error, not bad input: it fails as a technical error.
   */
  public String setting(String name) {
    return setting(task.getBpmnModelElementInstance(), name).orElseThrow(() -> new IllegalStateException(
        "Input parameter '" + name + "' is missing on " + task.getTaskDefinitionKey()));
  }

  /**
   * A per-task setting naming one constant of {@code type} (see {@link #setting(String)}): missing or any other value
   * is a modelling error, and fails as a technical error naming the parameter, the task and the allowed values.
   */
  public <E extends Enum<E>> E setting(String name, Class<E> type) {
    return constantOf(type, name, setting(name), task.getTaskDefinitionKey());
  }

  /**
   * The constant of {@code type} that the setting {@code name} of model element {@code elementId} names (a user task's,
   * or a service task's input read by its delegate): any other value is a modelling error, naming the parameter, the
   * element and the allowed values.
   */
  public static <E extends Enum<E>> E constantOf(Class<E> type, String name, String value, String elementId) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
    }
    throw new IllegalStateException("Input parameter '" + name + "' of " + elementId
        + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'");
  }

  /**
   * {@link #setting(String, Class)} for a setting that earlier versions of the model did not have yet. Instances still
   * running on such a version keep that model until they are migrated, and a changed model waits for its four-eyes
   * approval, so their tasks get the value their task id stood for then ({@code beforeTheSetting}); a task without the
   * setting that is not one of those is a modelling error as before.
   */
  public <E extends Enum<E>> E setting(String name, Class<E> type, Map<String, E> beforeTheSetting) {
    E before = beforeTheSetting.get(task.getTaskDefinitionKey());
    if (before != null && setting(task.getBpmnModelElementInstance(), name).isEmpty()) {
      return before;
    }
    return setting(name, type);
  }

  /**
   * {@link #setting(String)} for a setting that earlier versions of the model did not have yet (see
   * {@link #setting(String, Class, Map)}): {@code beforeTheSetting} when the task has none, or missing as before when
   * that is null.
   */
  public String setting(String name, String beforeTheSetting) {
    Optional<String> value = setting(task.getBpmnModelElementInstance(), name);
    return value.isEmpty() && beforeTheSetting != null ? beforeTheSetting : setting(name);
  }

  /** A literal input parameter of a model element (see {@link #setting(String)}); empty when it has none. */
  static Optional<String> setting(ModelElementInstance element, String name) {
    ExtensionElements extensions = element instanceof BaseElement base ? base.getExtensionElements() : null;
    if (extensions != null) {
      for (CamundaInputOutput io : extensions.getChildElementsByType(CamundaInputOutput.class)) {
        for (CamundaInputParameter parameter : io.getCamundaInputParameters()) {
          String value = parameter.getTextContent() == null ? "" : parameter.getTextContent().strip();
          if (name.equals(parameter.getCamundaName()) && !value.isEmpty()) {
            if (value.contains("${") || value.contains("#{")) {
              throw new IllegalStateException("Input parameter '" + name + "' of "
                  + ((BaseElement) element).getId() + " must be a literal setting, not an expression");
            }
            return Optional.of(value);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the form of this task's deployment asks for {@code field} (an input, not a read-only display value). A
   * field added to an existing step's form is missing from the forms of the versions before it, which their instances
   * keep until they are migrated (and new ones start while the changed model waits for its four-eyes approval); their
   * completions cannot send it ({@link TaskInputGuard}). So a listener that must tell "left empty" from "never asked"
   * asks this, as {@link #setting(String, Class, Map)} does for a setting the versions before it did not have.
   */
  public boolean asks(String field) {
    return forms.fieldsOf(task).map(fields -> fields.inputs().contains(field)).orElse(false);
  }

  /** A reference the process carries (a record id or key), not form input. */
  public String reference(String name) {
    Object value = task.getVariable(name);
    if (value == null) {
      throw new IllegalStateException("Process variable '" + name + "' is missing at " + task.getTaskDefinitionKey());
    }
    return value.toString();
  }

  /** A reference the process carries as a number (a record id). */
  public long referenceId(String name) {
    Object value = task.getVariable(name);
    if (value instanceof Number n) {
      return n.longValue();
    }
    return Long.parseLong(reference(name));
  }

  // ------------------------------------------------------------------ text

  /** Optional free text of at most {@value #MAX_TEXT} characters; {@code null} when absent or blank. */
  public String text(String field) {
    return text(field, MAX_TEXT);
  }

  public String text(String field, int maxLength) {
    Object value = task.getVariable(field);
    if (value == null) {
      return null;
    }
    String text = value.toString().strip();
    if (text.isEmpty()) {
      return null;
    }
    if (text.length() > maxLength) {
      throw invalid(field, "must be at most " + maxLength + " characters");
    }
    if (text.codePoints().anyMatch(cp -> Character.isISOControl(cp) && cp != '\n' && cp != '\r' && cp != '\t')) {
      throw invalid(field, "must not contain control characters");
    }
    // A paired surrogate is one code point above U+FFFF; a code point in the surrogate range is a lone half.
    if (text.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
      throw invalid(field, "must not contain unpaired surrogate characters");
    }
    return text;
  }

  /** Free text that must be given. */
  public String requiredText(String field) {
    return requiredText(field, MAX_TEXT);
  }

  public String requiredText(String field, int maxLength) {
    String text = text(field, maxLength);
    if (text == null) {
      throw invalid(field, "is required");
    }
    return text;
  }

  // ------------------------------------------------------------------ choices

  /** A yes/no decision that must be made: {@code true}/{@code false} (also as text); absent or anything else is a 400. */
  public boolean decision(String field) {
    Boolean value = optionalFlag(field);
    if (value == null) {
      throw invalid(field, "is required: true or false");
    }
    return value;
  }

  /** A checkbox: absent means unchecked. */
  public boolean flag(String field) {
    Boolean value = optionalFlag(field);
    return value != null && value;
  }

  private Boolean optionalFlag(String field) {
    Object value = task.getVariable(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "" -> null;
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw invalid(field, "must be true or false");
    };
  }

  /** One of the allowed values, exactly as spelled. */
  public String oneOf(String field, Collection<String> allowed) {
    String value = text(field, 200);
    if (value == null || !allowed.contains(value)) {
      throw invalid(field, "must be one of " + allowed);
    }
    return value;
  }

  /** One constant of an enum, by its name. */
  public <E extends Enum<E>> E oneOf(String field, Class<E> type) {
    E[] constants = type.getEnumConstants();
    String value = oneOf(field, Arrays.stream(constants).map(Enum::name).toList());
    return Enum.valueOf(type, value);
  }

  // ------------------------------------------------------------------ numbers and dates

  /** An optional decimal number ({@code null} when absent), at least {@code min}. */
  public BigDecimal decimal(String field, BigDecimal min) {
    Object value = task.getVariable(field);
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    BigDecimal number;
    try {
      number = value instanceof BigDecimal d ? d : new BigDecimal(value.toString().strip());
    } catch (NumberFormatException e) {
      throw invalid(field, "must be a number");
    }
    if (min != null && number.compareTo(min) < 0) {
      throw invalid(field, "must be at least " + min);
    }
    return number;
  }

  public BigDecimal requiredDecimal(String field, BigDecimal min) {
    BigDecimal number = decimal(field, min);
    if (number == null) {
      throw invalid(field, "is required");
    }
    return number;
  }

  /**
   * An optional date-time ({@code null} when absent): a date value, or ISO-8601 text with offset, or without one
   * (read as UTC, as Tasklist's date picker submits it).
   */
  public Instant instant(String field) {
    Object value = task.getVariable(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Date date) {
      return date.toInstant();
    }
    String text = value.toString().strip();
    if (text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw invalid(field, "must be an ISO-8601 date-time, e.g. 2026-12-07T09:00:00Z");
        }
      }
    }
  }

  public Instant requiredInstant(String field) {
    Instant instant = instant(field);
    if (instant == null) {
      throw invalid(field, "is required");
    }
    return instant;
  }

  private InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(field, message + " to complete '" + task.getName() + "'");
  }
}
