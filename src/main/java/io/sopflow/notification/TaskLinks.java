package io.sopflow.notification;

import java.util.Collection;
import java.util.Map;

/**
 * Finds the user tasks mails link to. A notification is recorded synchronously in the business step, often before
 * the task it announces exists (the token has not reached it yet): the dispatcher asks again when it mails, once for
 * a whole claimed batch. Implemented with the engine in {@code notification.process}, since only process packages
 * know Camunda.
 */
public interface TaskLinks {

  /**
   * For each wanted task, the task of that definition in that process instance: the open one if there is one,
   * otherwise the last one that was (then {@code open} is false and only its name is of use). A wanted task that never
   * existed has no entry.
   */
  Map<Wanted, TaskRef> find(Collection<Wanted> wanted);

  record Wanted(String processInstanceId, String taskDefinitionKey) {}

  record TaskRef(String taskId, String name, boolean open) {}
}
