package io.sopflow.metrics.process;

import io.sopflow.metrics.SopMetrics;
import io.sopflow.platform.SopProcesses;
import java.time.Duration;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.spring.boot.starter.event.TaskEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Task waiting time per SOP, from the engine's task events (Camunda's Spring eventing publishes every task event):
 * one home for every user task of every model, none of which needs a listener for it.
 */
@Component
class TaskWaitingTime {

  private final SopMetrics metrics;
  private final SopProcesses processes;

  TaskWaitingTime(SopMetrics metrics, SopProcesses processes) {
    this.metrics = metrics;
    this.processes = processes;
  }

  @EventListener(condition = "#task.eventName == '" + TaskListener.EVENTNAME_COMPLETE + "'")
  void completed(TaskEvent task) {
    if (task.getCreateTime() == null || task.getProcessDefinitionId() == null) {
      return; // a standalone task belongs to no SOP
    }
    String definitionId = task.getProcessDefinitionId();
    String processKey = definitionId.contains(":") ? definitionId.substring(0, definitionId.indexOf(':')) : definitionId;
    metrics.taskWaited(processes.sopOf(processKey),
        Duration.between(task.getCreateTime().toInstant(), org.camunda.bpm.engine.impl.util.ClockUtil.now().toInstant()));
  }
}
