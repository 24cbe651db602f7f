package io.sopflow.sla;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The SLA dates of the models, from one clock ({@link SlaClock}): every user task's {@code camunda:dueDate} and
 * {@code camunda:followUpDate} and every SLA timer reads them, never a literal duration.
 *
 * <pre>
 * &lt;bpmn:userTask id="Task_ReviewChange" camunda:dueDate="${slaDates.escalation('change.review')}"
 *                 camunda:followUpDate="${slaDates.reminder('change.review')}"&gt;
 * &lt;bpmn:timeDate&gt;${slaDates.reminder('change.review')}&lt;/bpmn:timeDate&gt;   (non-interrupting reminder)
 * &lt;bpmn:timeDate&gt;${slaDates.escalation('change.review')}&lt;/bpmn:timeDate&gt; (escalation)
 * </pre>
 *
 * The dates count from now: a task and its boundary timers are created in one engine command at one clock reading
 * (the engine's clock, which tests control). Public, with public methods: the engine's expression language calls it.
 */
@Component("slaDates")
public class SlaDates {

  private final SlaClock slaClock;
  private final Clock clock;
  private final Map<String, StepSla> steps = new HashMap<>();

  public SlaDates(SlaClock slaClock, Clock clock, List<StepSlaSource> sources) {
    this.slaClock = slaClock;
    this.clock = clock;
    for (StepSlaSource source : sources) {
      source.stepSlas().forEach((name, sla) -> {
        if (steps.putIfAbsent(name, sla.validated()) != null) {
          throw new IllegalStateException("The step SLA '" + name + "' is configured twice");
        }
        // Fail at start-up, not at the first task, if a step names a calendar that does not exist.
        slaClock.calendar(sla.calendar());
      });
    }
  }

  /** When the step, starting now, escalates: the task's due date and the escalation timer's date. */
  public Date escalation(String step) {
    return Date.from(slaClock.escalationAt(now(), sla(step)));
  }

  /** When the step, starting now, sends its reminder: the task's follow-up date and the reminder timer's date. */
  public Date reminder(String step) {
    return Date.from(slaClock.reminderAt(now(), sla(step)));
  }

  /** The names of every configured step SLA (for the model conventions). */
  public Set<String> stepNames() {
    return new TreeSet<>(steps.keySet());
  }

  public StepSla sla(String step) {
    StepSla sla = steps.get(step);
    if (sla == null) {
      throw new IllegalArgumentException("No SLA is configured for the step '" + step + "'; known: " + stepNames());
    }
    return sla;
  }

  private Instant now() {
    return clock.instant();
  }
}
