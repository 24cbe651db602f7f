package io.sopflow.platform.process;

import io.sopflow.domain.InvalidRequestException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one way an SOP's record gets its process, whether it was raised through {@code POST /api/...} or through the
 * process's start form in Tasklist. Either way the SOP's service saves the record and its process starter calls
 * {@link #start}; the record and the instance commit in one transaction, or neither does.
 *
 * <ul>
 *   <li>Raised through the API: {@link #start} starts a new instance with the record's business key.</li>
 *   <li>Raised through Tasklist's start form: the engine is already starting the instance. The start event's
 *       listener calls {@link #onStartEvent}, which has the SOP's service raise the record from the form
 *       ({@link StartForms}); the same {@link #start} call then binds the instance being started (business key and
 *       variables) instead of starting a second one.</li>
 * </ul>
 *
 * <p>Every SOP's start listener is one call, {@code processStarts.onStartEvent(execution, () -> service.raise(
 * startForms.read(execution, Request.class)))}: it also refuses any start that brings a business key of its own.
 *
 * <p>A new instance starts the version in force ({@link VersionsInForce}), never a deployed version still waiting
 * for its review.
 */
@Component
public class ProcessStarts {

  /** Instances being started from a start form in this thread (a stack: an SOP may raise another SOP's record). */
  private static final ThreadLocal<Deque<DelegateExecution>> FROM_START_FORMS =
      ThreadLocal.withInitial(ArrayDeque::new);

  /** The instance {@link #start} is starting in this thread, for the duration of that call. */
  private static final ThreadLocal<OwnStart> OWN_START = new ThreadLocal<>();

  /**
   * What {@link #start} is starting: the record's key, which the start event's listener accepts as the instance's
   * business key ({@link #onStartEvent}), and the definition it just read as the version in force (null without
   * governance). The engine's start guard ({@link VersionInForceGuard}) would read the same row again a moment later
   * in the same transaction; it trusts this answer instead, so a start reads the version in force once. An approval
   * on another node is seen by the next start, as before.
   */
  private record OwnStart(String businessKey, String definitionId) {}

  private final RuntimeService runtimeService;
  private final ObjectProvider<VersionsInForce> versionsInForce;

  @Autowired
  public ProcessStarts(RuntimeService runtimeService, ObjectProvider<VersionsInForce> versionsInForce) {
    this.runtimeService = runtimeService;
    this.versionsInForce = versionsInForce;
  }

  /** Without governance (process tests): the latest version of each process starts. */
  public ProcessStarts(RuntimeService runtimeService) {
    this(runtimeService, null);
  }

  /**
   * The process instance of a record just saved: the instance its start form is starting, if the record was raised
   * that way in this thread, else a new instance. Returns the process instance id.
   */
  public String start(String processKey, String businessKey, Map<String, Object> variables) {
    DelegateExecution starting = FROM_START_FORMS.get().peek();
    if (starting != null && isOf(starting, processKey) && starting.getProcessBusinessKey() == null) {
      starting.setProcessBusinessKey(businessKey);
      starting.setVariables(variables);
      return starting.getProcessInstanceId();
    }
    VersionsInForce versions = versionsInForce == null ? null : versionsInForce.getIfAvailable();
    String inForce = versions == null ? null : versions.definitionToStart(processKey);
    OwnStart outer = OWN_START.get();
    OWN_START.set(new OwnStart(businessKey, inForce));
    try {
      return (inForce == null ? runtimeService.startProcessInstanceByKey(processKey, businessKey, variables)
          : runtimeService.startProcessInstanceById(inForce, businessKey, variables)).getId();
    } finally {
      if (outer == null) {
        OWN_START.remove();
      } else {
        OWN_START.set(outer);
      }
    }
  }

  /** Whether {@link #start} is starting this definition in this thread, having just read it as the version in force. */
  static boolean startsInForce(String processDefinitionId) {
    OwnStart own = OWN_START.get();
    return processDefinitionId != null && own != null && processDefinitionId.equals(own.definitionId());
  }

  /**
   * The start event of an SOP's process; its start listener calls this and nothing else.
   *
   * <ul>
   *   <li>No business key: Tasklist's start form is starting the instance. {@code raise} has the SOP's service raise
   *       the record from the form exactly as its REST controller does; the service's {@link #start} binds this
   *       instance. A refusal (bad input, no permission) rolls the start back.</li>
   *   <li>The key of the record {@link #start} is starting in this thread: the instance of a record just saved.</li>
   *   <li>Any other key (e.g. {@code POST /engine-rest/process-definition/key/.../start} with a made-up one) would be
   *       an instance without its record: refused, 400 naming {@code businessKey}, nothing started.</li>
   * </ul>
   */
  public void onStartEvent(DelegateExecution execution, Supplier<?> raise) {
    String businessKey = execution.getProcessBusinessKey();
    if (businessKey == null) {
      fromStartForm(execution, raise);
      return;
    }
    OwnStart own = OWN_START.get();
    if (own == null || !businessKey.equals(own.businessKey())) {
      throw new InvalidRequestException("businessKey", "is assigned by SOPFlow when the record is saved: leave it out ("
          + businessKey + " is no record waiting for its process)");
    }
  }

  private void fromStartForm(DelegateExecution execution, Supplier<?> raise) {
    FROM_START_FORMS.get().push(execution);
    try {
      raise.get();
      if (execution.getProcessBusinessKey() == null) {
        throw new IllegalStateException("The service did not start process " + execution.getProcessDefinitionId()
            + " through ProcessStarts: the instance would have no record");
      }
    } finally {
      FROM_START_FORMS.get().pop();
    }
  }

  private static boolean isOf(DelegateExecution execution, String processKey) {
    // Definition ids are "<key>:<version>:<id>" (the engine shortens only keys too long for the column).
    return execution.getProcessDefinitionId() != null && execution.getProcessDefinitionId().startsWith(processKey + ":");
  }
}
