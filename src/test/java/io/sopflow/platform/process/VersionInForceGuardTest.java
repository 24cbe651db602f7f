package io.sopflow.platform.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sopflow.domain.ConflictException;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

/**
 * A start through {@link ProcessStarts} reads the version in force once: the engine's start guard trusts the answer
 * ProcessStarts read a moment before in the same call; every other start is still checked by the guard.
 */
class VersionInForceGuardTest {

  static final String KEY = "ProbeProcess";
  static final String IN_FORCE = KEY + ":2:in-force";
  static final String PENDING = KEY + ":3:pending";

  final VersionsInForce versions = mock(VersionsInForce.class);
  final RuntimeService runtimeService = mock(RuntimeService.class);
  final VersionInForceGuard.RefuseVersionsNotInForce guard =
      new VersionInForceGuard.RefuseVersionsNotInForce(KEY, providerOf(versions));
  ProcessStarts processStarts;

  @BeforeEach
  void setUp() {
    processStarts = new ProcessStarts(runtimeService, providerOf(versions));
    when(versions.definitionToStart(KEY)).thenReturn(IN_FORCE);
    when(versions.mayStart(KEY, IN_FORCE)).thenReturn(true);
    when(versions.mayStart(KEY, PENDING)).thenReturn(false);
  }

  @Test
  void aStartThroughProcessStartsReadsTheVersionInForceOnce() {
    ProcessInstance started = mock(ProcessInstance.class);
    when(started.getId()).thenReturn("instance-1");
    // The engine runs the guard inside the start call, as it does for a real start.
    when(runtimeService.startProcessInstanceById(eq(IN_FORCE), eq("PRB-1"), anyMap())).thenAnswer(call -> {
      guard.notify(execution(IN_FORCE));
      return started;
    });

    assertThat(processStarts.start(KEY, "PRB-1", Map.of())).isEqualTo("instance-1");

    verify(versions, times(1)).definitionToStart(KEY);
    verify(versions, never()).mayStart(KEY, IN_FORCE);
  }

  @Test
  void everyOtherStartIsCheckedByTheGuard() {
    guard.notify(execution(IN_FORCE));
    assertThatThrownBy(() -> guard.notify(execution(PENDING))).isInstanceOf(ConflictException.class)
        .hasMessageContaining("not in force");

    verify(versions).mayStart(KEY, IN_FORCE);
    verify(versions).mayStart(KEY, PENDING);
  }

  @Test
  void aStartInsideProcessStartsOfAnotherVersionIsStillChecked() {
    // E.g. a start listener of the instance being started starts another SOP's pending version by id.
    when(runtimeService.startProcessInstanceById(eq(IN_FORCE), eq("PRB-2"), anyMap())).thenAnswer(call -> {
      guard.notify(execution(PENDING));
      return mock(ProcessInstance.class);
    });

    assertThatThrownBy(() -> processStarts.start(KEY, "PRB-2", Map.of())).isInstanceOf(ConflictException.class);
    verify(versions).mayStart(KEY, PENDING);
  }

  private static DelegateExecution execution(String definitionId) {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getProcessDefinitionId()).thenReturn(definitionId);
    return execution;
  }

  @SuppressWarnings("unchecked")
  private static ObjectProvider<VersionsInForce> providerOf(VersionsInForce versions) {
    ObjectProvider<VersionsInForce> provider = mock(ObjectProvider.class);
    when(provider.getIfAvailable()).thenReturn(versions);
    return provider;
  }
}
