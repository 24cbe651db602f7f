package io.sopflow.notification;

import java.util.Optional;

/**
 * Finds the user task a mail links to. A notification is recorded synchronously in the business step, often before
 * the task it announces exists (the token has not reached it yet): the dispatcher asks again when it mails. Implemented
 * with the engine in {@code notification.process}, since only process packages know Camunda.
 */
public interface TaskLinks {

  /**
   * The task of that definition in that process instance: the open one if there is one, otherwise the last one that
   * was (then {@code open} is false and only its name is of use).
   */
  Optional<TaskRef> find(String processInstanceId, String taskDefinitionKey);

  record TaskRef(String taskId, String name, boolean open) {}
}
