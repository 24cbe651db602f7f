package io.sopflow.platform.process;

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
 *       listener reads the form ({@link StartForms}) and calls the SOP's service inside {@link #fromStartForm}; the
 *       same {@link #start} call then binds the instance being started (business key and variables) instead of
 *       starting a second one.</li>
 * </ul>
 *
 * <p>A new instance starts the version in force ({@link VersionsInForce}), never a deployed version still waiting
 * for its review.
 */
@Component
public class ProcessStarts {

  /** Instances being started from a start form in this thread (a stack: an SOP may raise another SOP's record). */
  private static final ThreadLocal<Deque<DelegateExecution>> STARTING = ThreadLocal.withInitial(ArrayDeque::new);

  /**
   * The definition {@link #start} is starting in this thread because it just read it as the version in force. The
   * engine's start guard ({@link VersionInForceGuard}) would read the same row again a moment later in the same
   * transaction; it trusts this answer instead, so a start reads the version in force once. Only for the duration of
   * the start call: an approval on another node is seen by the next start, as before.
   */
  private static final ThreadLocal<String> STARTING_IN_FORCE = new ThreadLocal<>();

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
    DelegateExecution starting = STARTING.get().peek();
    if (starting != null && isOf(starting, processKey) && starting.getProcessBusinessKey() == null) {
      starting.setProcessBusinessKey(businessKey);
      starting.setVariables(variables);
      return starting.getProcessInstanceId();
    }
    VersionsInForce versions = versionsInForce == null ? null : versionsInForce.getIfAvailable();
    if (versions == null) {
      return runtimeService.startProcessInstanceByKey(processKey, businessKey, variables).getId();
    }
    String inForce = versions.definitionToStart(processKey);
    String outer = STARTING_IN_FORCE.get();
    STARTING_IN_FORCE.set(inForce);
    try {
      return runtimeService.startProcessInstanceById(inForce, businessKey, variables).getId();
    } finally {
      STARTING_IN_FORCE.set(outer);
    }
  }

  /** Whether {@link #start} is starting this definition in this thread, having just read it as the version in force. */
  static boolean startsInForce(String processDefinitionId) {
    return processDefinitionId != null && processDefinitionId.equals(STARTING_IN_FORCE.get());
  }

  /**
   * Raises the record of an instance that Tasklist's start form is starting: {@code raise} calls the SOP's service
   * exactly as its REST controller does. A refusal (bad input, no permission) rolls the start back.
   */
  public <T> T fromStartForm(DelegateExecution execution, Supplier<T> raise) {
    STARTING.get().push(execution);
    try {
      T record = raise.get();
      if (execution.getProcessBusinessKey() == null) {
        throw new IllegalStateException("The service did not start process " + execution.getProcessDefinitionId()
            + " through ProcessStarts: the instance would have no record");
      }
      return record;
    } finally {
      STARTING.get().pop();
    }
  }

  private static boolean isOf(DelegateExecution execution, String processKey) {
    // Definition ids are "<key>:<version>:<id>" (the engine shortens only keys too long for the column).
    return execution.getProcessDefinitionId() != null && execution.getProcessDefinitionId().startsWith(processKey + ":");
  }
}
