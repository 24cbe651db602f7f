package io.sopflow.notification.process;

import io.sopflow.notification.NotificationRequest;
import io.sopflow.notification.NotificationService;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The one notification service task of every SOP. Per-task settings are input parameters:
 * <ul>
 *   <li>{@code template}: mail template name, e.g. {@code incident-response-warning}</li>
 *   <li>{@code recipientGroups}, {@code recipientUsers}: comma-separated ids or collections (expressions allowed)</li>
 *   <li>{@code taskDefinitionKey} (optional): the waiting user task to link to in Tasklist</li>
 * </ul>
 * The business key is the reference. It runs synchronously, in the transaction of the step that leads to it, and only
 * records the notification (the outbox): the mail goes out after the commit, from a dispatcher with retries, so a
 * failing SMTP server never holds up or rolls back the SOP, and a rolled-back step leaves no mail behind. No
 * {@code asyncBefore} is needed. The task to link to often does not exist yet (the token reaches it after this task);
 * the dispatcher then finds it when it mails.
 */
@Component("sendNotificationDelegate")
class SendNotificationDelegate implements JavaDelegate {

  static final String TEMPLATE = "template";
  static final String RECIPIENT_GROUPS = "recipientGroups";
  static final String RECIPIENT_USERS = "recipientUsers";
  static final String TASK_DEFINITION_KEY = "taskDefinitionKey";

  private final NotificationService notificationService;

  SendNotificationDelegate(NotificationService notificationService) {
    this.notificationService = notificationService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String template = (String) execution.getVariableLocal(TEMPLATE);
    if (template == null) {
      throw new IllegalStateException("Input parameter 'template' is missing on " + execution.getCurrentActivityId());
    }
    Map<String, Object> model = new HashMap<>();
    Object taskKey = execution.getVariableLocal(TASK_DEFINITION_KEY);
    String taskDefinitionKey = taskKey == null || taskKey.toString().isBlank() ? null : taskKey.toString().strip();
    // The task is linked when the mail goes out, never here: inside this transaction a task query may still see a
    // task the same command is replacing (an escalation deletes the triage and creates the next tier's), and a task
    // the token has yet to reach does not exist.
    notificationService.send(new NotificationRequest(dedupeKey(execution), template,
        execution.getProcessBusinessKey(), ids(execution.getVariableLocal(RECIPIENT_USERS)),
        ids(execution.getVariableLocal(RECIPIENT_GROUPS)), model, execution.getProcessInstanceId(),
        taskDefinitionKey));
  }

  /**
   * This execution of the task: unique, and gone with the transaction if the step rolls back (and the notification
   * with it). Not the job's id: one job (a timer, say) may run several notification tasks.
   */
  private static String dedupeKey(DelegateExecution execution) {
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
