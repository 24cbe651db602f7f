package io.sopflow.closure.process;

import io.sopflow.audit.AuditEvent;
import io.sopflow.closure.ClosureTimeline;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.springframework.stereotype.Component;

/**
 * The closure timeline from the engine's history: every task and timer of the instance in order, with who did it
 * (a user task's assignee, else whoever completed it, else the engine). The step running while the report is
 * generated ("Generate closure report") is not in the history yet, and so not in the report.
 */
@Component
class HistoryClosureTimeline implements ClosureTimeline {

  private static final Set<String> SHOWN = Set.of("startEvent", "userTask", "serviceTask", "boundaryTimer",
      "intermediateTimer", "noneEndEvent");

  private final HistoryService historyService;

  HistoryClosureTimeline(HistoryService historyService) {
    this.historyService = historyService;
  }

  @Override
  public List<Entry> of(String processInstanceId) {
    return historyService.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
        .filter(a -> SHOWN.contains(a.getActivityType()))
        .map(a -> new Entry(name(a), who(a), instant(a.getStartTime()), instant(a.getEndTime())))
        .toList();
  }

  /** A user task's own name where it says more ("Verify deliverable: Runbook"), else the activity's. */
  private String name(HistoricActivityInstance activity) {
    if (activity.getTaskId() != null) {
      HistoricTaskInstance task = historyService.createHistoricTaskInstanceQuery().taskId(activity.getTaskId())
          .singleResult();
      if (task != null && task.getName() != null) {
        return task.getName();
      }
    }
    return activity.getActivityName() == null ? activity.getActivityId() : activity.getActivityName();
  }

  private String who(HistoricActivityInstance activity) {
    if (!"userTask".equals(activity.getActivityType())) {
      return AuditEvent.SYSTEM;
    }
    if (activity.getAssignee() != null) {
      return activity.getAssignee();
    }
    if (activity.getTaskId() != null) {
      return historyService.createUserOperationLogQuery().taskId(activity.getTaskId())
          .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
          .map(UserOperationLogEntry::getUserId).filter(u -> u != null).findFirst().orElse("");
    }
    return "";
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
