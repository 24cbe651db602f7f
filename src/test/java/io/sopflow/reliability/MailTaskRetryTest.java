package io.sopflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.Models;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.junit.jupiter.api.Test;

/**
 * An SMTP outage must never hold up or roll back an SOP. Mail goes through the notification outbox: the notification
 * task records the mail in the transaction of the step that leads to it, and the dispatcher mails it afterwards with
 * its own retries (NotificationOutboxIntegrationTest proves that part). So every notification task of every model is
 * synchronous: no save point of its own ({@code asyncBefore}/{@code asyncAfter}, which would make it a job that can
 * fail, retry and race the next user action) and no retry cycle. The SMTP fault run (docs/reliability.md) relies on it.
 */
class MailTaskRetryTest {

  @Test
  void everyNotificationTaskOfEveryModelIsRecordedInTheTransactionOfItsStep() {
    List<String> mailTasks = new ArrayList<>();
    List<String> offending = new ArrayList<>();
    for (Path file : Models.files(Models.PROCESSES, ".bpmn")) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
        if (!"${sendNotificationDelegate}".equals(task.getCamundaDelegateExpression())) {
          continue;
        }
        String name = file.getFileName() + "#" + task.getId();
        mailTasks.add(name);
        boolean retryCycle = task.getExtensionElements() != null && !task.getExtensionElements().getElementsQuery()
            .filterByType(CamundaFailedJobRetryTimeCycle.class).list().isEmpty();
        if (task.isCamundaAsyncBefore() || task.isCamundaAsyncAfter() || retryCycle) {
          offending.add(name);
        }
      }
    }
    assertThat(mailTasks).hasSizeGreaterThanOrEqualTo(5);
    assertThat(offending).as("notification tasks with asyncBefore, asyncAfter or a retry cycle").isEmpty();
  }
}
