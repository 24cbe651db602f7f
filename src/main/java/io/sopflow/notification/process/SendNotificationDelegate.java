package io.sopflow.notification.process;

import io.sopflow.notification.NotificationRequest;
import io.sopflow.notification.NotificationService;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutorContext;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The one mail-sending service task of every SOP. Per-task settings are input parameters:
 * <ul>
 *   <li>{@code template}: mail template name, e.g. {@code incident-response-warning}</li>
 *   <li>{@code recipientGroups}, {@code recipientUsers}: comma-separated ids or collections (expressions allowed)</li>
 *   <li>{@code taskDefinitionKey} (optional): the waiting user task to link to in Tasklist</li>
 * </ul>
 * The business key is the reference. Place it behind {@code asyncBefore} with a retry cycle: a failing SMTP server
 * becomes retries, then a Cockpit incident, and never rolls back the work that led here.
 */
@Component("sendNotificationDelegate")
class SendNotificationDelegate implements JavaDelegate {

  static final String TEMPLATE = "template";
  static final String RECIPIENT_GROUPS = "recipientGroups";
  static final String RECIPIENT_USERS = "recipientUsers";
  static final String TASK_DEFINITION_KEY = "taskDefinitionKey";

  private final NotificationService notificationService;
  private final TaskService taskService;

  SendNotificationDelegate(NotificationService notificationService, TaskService taskService) {
    this.notificationService = notificationService;
    this.taskService = taskService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String template = (String) execution.getVariableLocal(TEMPLATE);
    if (template == null) {
      throw new IllegalStateException("Input parameter 'template' is missing on " + execution.getCurrentActivityId());
    }
    Map<String, Object> model = new java.util.HashMap<>();
    Object taskKey = execution.getVariableLocal(TASK_DEFINITION_KEY);
    if (taskKey != null) {
      Task task = taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
          .taskDefinitionKey(taskKey.toString()).active().list().stream().findFirst().orElse(null);
      if (task != null) {
        model.put("taskLink", notificationService.taskLink(task.getId()));
        model.put("taskName", task.getName());
      }
    }
    notificationService.send(new NotificationRequest(dedupeKey(execution), template,
        execution.getProcessBusinessKey(), ids(execution.getVariableLocal(RECIPIENT_USERS)),
        ids(execution.getVariableLocal(RECIPIENT_GROUPS)), model));
  }

  /** The job's id when run by the job executor: the same job executed twice (e.g. after a node died) mails once. */
  private static String dedupeKey(DelegateExecution execution) {
    JobExecutorContext jobContext = Context.getJobExecutorContext();
    if (jobContext != null && jobContext.getCurrentJob() != null) {
      return "job:" + jobContext.getCurrentJob().getId();
    }
    return "activity:" + execution.getActivityInstanceId();
  }

  static List<String> ids(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof Collection<?> collection) {
      return collection.stream().filter(v -> v != null).map(Object::toString).map(String::strip)
          .filter(s -> !s.isEmpty()).toList();
    }
    return Arrays.stream(value.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
