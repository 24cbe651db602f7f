package io.sopflow.notification.process;

import io.sopflow.notification.TaskLinks;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/** {@link TaskLinks} from the engine: the open task first, else the history (its name, for the mail's text). */
@Component
class EngineTaskLinks implements TaskLinks {

  private final TaskService taskService;
  private final HistoryService historyService;

  EngineTaskLinks(TaskService taskService, HistoryService historyService) {
    this.taskService = taskService;
    this.historyService = historyService;
  }

  @Override
  public Optional<TaskRef> find(String processInstanceId, String taskDefinitionKey) {
    Optional<Task> open = taskService.createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(taskDefinitionKey).active().orderByTaskCreateTime().desc().list().stream().findFirst();
    if (open.isPresent()) {
      return Optional.of(new TaskRef(open.get().getId(), open.get().getName(), true));
    }
    return historyService.createHistoricTaskInstanceQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(taskDefinitionKey).orderByHistoricActivityInstanceStartTime().desc().list().stream()
        .findFirst().map(HistoricTaskInstance.class::cast)
        .map(task -> new TaskRef(task.getId(), task.getName(), false));
  }
}
