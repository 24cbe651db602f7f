package io.sopflow.support;

import io.sopflow.identity.CurrentUser;
import io.sopflow.platform.process.TaskForms;
import io.sopflow.sla.SlaClock;
import io.sopflow.sla.SlaDates;
import io.sopflow.sla.SlaProperties;
import io.sopflow.sla.StepSlaSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** The shared beans a process test wires by hand, as Spring would. */
public final class ProcessTestSupport {

  private ProcessTestSupport() {}

  /** The one task-input reader, over the test's acting user. */
  public static TaskForms taskForms(CurrentUser currentUser) {
    return new TaskForms(currentUser);
  }

  /** The one way an instance gets its record, over the test's engine. */
  public static io.sopflow.platform.process.ProcessStarts processStarts(org.camunda.bpm.engine.RuntimeService runtime) {
    return new io.sopflow.platform.process.ProcessStarts(runtime);
  }

  /**
   * Starts an instance the way an SOP's process starter does for a record just saved ({@link
   * io.sopflow.platform.process.ProcessStarts#start}): the start listener accepts its business key; a start with a key
   * through the engine directly is refused.
   */
  public static org.camunda.bpm.engine.runtime.ProcessInstance startForRecord(
      io.sopflow.platform.process.ProcessStarts starts, org.camunda.bpm.engine.RuntimeService runtime,
      String processKey, String businessKey, java.util.Map<String, Object> variables) {
    String id = starts.start(processKey, businessKey, variables);
    org.camunda.bpm.engine.runtime.ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(id)
        .singleResult();
    if (instance == null) {
      throw new IllegalStateException("Instance " + id + " ended at its start: assert on its history instead");
    }
    return instance;
  }

  /**
   * Deploys {@code processes/<processKey>.bpmn} as a process owner changed it in Modeler, with every form of
   * {@code forms/} (forms bind by deployment): the latest version, which the test's next start runs. The engine
   * extension deletes it after the test. A change that changes nothing is refused, so a test cannot pass by accident.
   */
  public static void deployChangedModel(org.camunda.bpm.engine.test.junit5.ProcessEngineExtension engine,
      String processKey, java.util.function.UnaryOperator<String> change) {
    deploy(engine, processKey, change, null, null);
  }

  /**
   * Deploys {@code processes/<processKey>.bpmn} as it is with every form of {@code forms/}, the form
   * {@code <formId>.form} changed: a version whose form differs, such as one deployed before a field was added to it
   * (its instances keep that form). The engine extension deletes it after the test; a change that changes nothing is
   * refused.
   */
  public static void deployChangedForm(org.camunda.bpm.engine.test.junit5.ProcessEngineExtension engine,
      String processKey, String formId, java.util.function.UnaryOperator<String> change) {
    deploy(engine, processKey, null, formId + ".form", change);
  }

  private static void deploy(org.camunda.bpm.engine.test.junit5.ProcessEngineExtension engine, String processKey,
      java.util.function.UnaryOperator<String> modelChange, String changedForm,
      java.util.function.UnaryOperator<String> formChange) {
    try {
      String original = java.nio.file.Files.readString(Models.PROCESSES.resolve(processKey + ".bpmn"));
      String changed = modelChange == null ? original : modelChange.apply(original);
      if (modelChange != null && changed.equals(original)) {
        throw new IllegalArgumentException("The change leaves " + processKey + " as it is");
      }
      var deployment = engine.getRepositoryService().createDeployment().name(processKey + " (changed)")
          .addString(processKey + ".bpmn", changed);
      boolean formChanged = false;
      for (java.nio.file.Path form : Models.files(Models.FORMS, ".form")) {
        String name = form.getFileName().toString();
        String json = java.nio.file.Files.readString(form);
        if (name.equals(changedForm)) {
          String changedJson = formChange.apply(json);
          formChanged = !changedJson.equals(json);
          json = changedJson;
        }
        deployment.addString(name, json);
      }
      if (changedForm != null && !formChanged) {
        throw new IllegalArgumentException("The change leaves " + changedForm + " as it is, or there is no such form");
      }
      engine.manageDeployment(deployment.deploy());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The start-form reader with the JSON mapping and Bean Validation of /api. */
  public static io.sopflow.platform.process.StartForms startForms() {
    return new io.sopflow.platform.process.StartForms(new com.fasterxml.jackson.databind.ObjectMapper()
        .findAndRegisterModules(), jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator());
  }

  /** The models' SLA dates on the default calendars, counted from the engine's clock (which the test sets). */
  public static SlaDates slaDates(StepSlaSource... sources) {
    return new SlaDates(new SlaClock(new SlaProperties(0.75, null)), new EngineClock(), List.of(sources));
  }

  /** Reads {@link ClockUtil}, so that SLA dates and the engine's timers share one clock in a test. */
  public static final class EngineClock extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return ClockUtil.getCurrentTime().toInstant();
    }
  }

  /** Who completes a task in a process test: nobody until the test says so. */
  public static final class ActingAs implements CurrentUser {
    public String user;

    @Override
    public Optional<String> id() {
      return Optional.ofNullable(user);
    }

    @Override
    public Set<String> groups() {
      return Set.of();
    }
  }

  /** The mail step of a process test: records template and recipient groups, as the real delegate reads them. */
  public static final class RecordingNotifications implements JavaDelegate {
    public final List<String> sent = new ArrayList<>();

    @Override
    public void execute(DelegateExecution execution) {
      sent.add(execution.getVariableLocal("template") + " -> " + execution.getVariableLocal("recipientGroups"));
    }
  }
}
