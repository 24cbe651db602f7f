package io.sopflow.closure.process;

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
import java.util.List;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** The shared beans a process test wires by hand, as Spring would. */
final class ProcessTestSupport {

  private ProcessTestSupport() {}

  /** The one task-input reader; its constructor is the container's business, so it is reached reflectively here. */
  static TaskForms taskForms(CurrentUser currentUser) {
    try {
      var constructor = TaskForms.class.getDeclaredConstructor(CurrentUser.class);
      constructor.setAccessible(true);
      return constructor.newInstance(currentUser);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The one way an instance gets its record, over the test's engine (constructor reached as for TaskForms). */
  static io.sopflow.platform.process.ProcessStarts processStarts(org.camunda.bpm.engine.RuntimeService runtime) {
    try {
      var constructor = io.sopflow.platform.process.ProcessStarts.class
          .getDeclaredConstructor(org.camunda.bpm.engine.RuntimeService.class);
      constructor.setAccessible(true);
      return constructor.newInstance(runtime);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The start-form reader with the JSON mapping and Bean Validation of /api. */
  static io.sopflow.platform.process.StartForms startForms() {
    try {
      var constructor = io.sopflow.platform.process.StartForms.class.getDeclaredConstructor(
          com.fasterxml.jackson.databind.ObjectMapper.class, jakarta.validation.Validator.class);
      constructor.setAccessible(true);
      return constructor.newInstance(new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules(),
          jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The models' SLA dates on the default calendars, counted from the engine's clock (which the test sets). */
  static SlaDates slaDates(StepSlaSource... sources) {
    return new SlaDates(new SlaClock(new SlaProperties(0.75, null)), new EngineClock(), List.of(sources));
  }

  /** Reads {@link ClockUtil}, so that SLA dates and the engine's timers share one clock in a test. */
  static final class EngineClock extends Clock {
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
}
