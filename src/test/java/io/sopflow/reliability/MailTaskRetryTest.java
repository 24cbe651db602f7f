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
 * An SMTP outage must become retries, never a rolled-back task completion: every mail task of every model runs after
 * a save point ({@code asyncBefore}) with the retry cycle {@code R60/PT1M} (an hour of retries, then a Cockpit
 * incident). The SMTP fault run (docs/reliability.md) relies on it.
 */
class MailTaskRetryTest {

  @Test
  void everyMailTaskOfEveryModelIsAsynchronousWithAnHourOfRetries() {
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
        CamundaFailedJobRetryTimeCycle cycle = task.getExtensionElements() == null ? null
            : task.getExtensionElements().getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).list()
                .stream().findFirst().orElse(null);
        if (!task.isCamundaAsyncBefore() || cycle == null || !"R60/PT1M".equals(cycle.getTextContent().strip())) {
          offending.add(name);
        }
      }
    }
    assertThat(mailTasks).hasSizeGreaterThanOrEqualTo(5);
    assertThat(offending).as("mail tasks without asyncBefore and R60/PT1M").isEmpty();
  }
}
