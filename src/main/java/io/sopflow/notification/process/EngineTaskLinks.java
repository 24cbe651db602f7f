package io.sopflow.notification.process;

import io.sopflow.notification.TaskLinks;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * {@link TaskLinks} from the engine: the open tasks of a whole batch in one query; the history (a task's name, for
 * the mail's text) only for a task already completed when its mail goes out.
 */
@Component
class EngineTaskLinks implements TaskLinks {

  private final TaskService taskService;
  private final HistoryService historyService;

  EngineTaskLinks(TaskService taskService, HistoryService historyService) {
    this.taskService = taskService;
    this.historyService = historyService;
  }

  @Override
  public Map<Wanted, TaskRef> find(Collection<Wanted> wanted) {
    Map<Wanted, TaskRef> found = new HashMap<>();
    if (wanted.isEmpty()) {
      return found;
    }
    Set<Wanted> asked = Set.copyOf(wanted);
    // Instances x definitions may match tasks nobody asked for: only the wanted pairs are kept. Newest first, so the
    // first task of a pair is the one a mail links to.
    String[] instances = asked.stream().map(Wanted::processInstanceId).distinct().toArray(String[]::new);
    String[] definitions = asked.stream().map(Wanted::taskDefinitionKey).distinct().toArray(String[]::new);
    for (Task task : taskService.createTaskQuery().processInstanceIdIn(instances).taskDefinitionKeyIn(definitions)
        .active().orderByTaskCreateTime().desc().list()) {
      Wanted pair = new Wanted(task.getProcessInstanceId(), task.getTaskDefinitionKey());
      if (asked.contains(pair)) {
        found.putIfAbsent(pair, new TaskRef(task.getId(), task.getName(), true));
      }
    }
    for (Wanted pair : asked) {
      if (!found.containsKey(pair)) {
        historyService.createHistoricTaskInstanceQuery().processInstanceId(pair.processInstanceId())
            .taskDefinitionKey(pair.taskDefinitionKey()).orderByHistoricActivityInstanceStartTime().desc()
            .listPage(0, 1).stream().findFirst()
            .ifPresent(task -> found.put(pair, new TaskRef(task.getId(), task.getName(), false)));
      }
    }
    return found;
  }
}
