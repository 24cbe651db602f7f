package io.sopflow.notification.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.notification.TaskLinks.TaskRef;
import io.sopflow.notification.TaskLinks.Wanted;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatcher asks for the tasks of a whole batch of mails at once: each wanted pair gets its newest open task,
 * else its last completed one, and nothing else that the batch's instances and definitions happen to match.
 */
class EngineTaskLinksTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private ProcessEngine processEngine;
  private TaskService tasks;
  private EngineTaskLinks links;
  private String deploymentId;

  @BeforeEach
  void deploy() {
    processEngine = engine.getProcessEngine();
    tasks = processEngine.getTaskService();
    links = new EngineTaskLinks(tasks, processEngine.getHistoryService());
    // First step, done again while "again" is true, then the second step.
    deploymentId = processEngine.getRepositoryService().createDeployment().addModelInstance("links.bpmn",
        Bpmn.createExecutableProcess("TaskLinksTest").camundaHistoryTimeToLive(1)
            .startEvent()
            .userTask("Task_First").name("First step")
            .exclusiveGateway("Gateway_Again")
            .condition("again", "${again}").connectTo("Task_First")
            .moveToNode("Gateway_Again").condition("done", "${!again}")
            .userTask("Task_Second").name("Second step")
            .endEvent()
            .done()).deploy().getId();
  }

  @AfterEach
  void undeploy() {
    processEngine.getRepositoryService().deleteDeployment(deploymentId, true);
  }

  @Test
  void eachWantedTaskIsItsNewestOpenOneElseItsLastCompletedOneAndNothingElse() {
    String atFirst = start();
    String atSecond = start();
    complete(atSecond, "Task_First", false);
    String firstAgain = start();
    String firstTaskBefore = open(firstAgain, "Task_First").getId();
    complete(firstAgain, "Task_First", true);
    String ended = start();
    complete(ended, "Task_First", false);
    String secondOfEnded = open(ended, "Task_Second").getId();
    complete(ended, "Task_Second", false);

    Map<Wanted, TaskRef> found = links.find(List.of(
        new Wanted(atFirst, "Task_First"),
        new Wanted(atSecond, "Task_First"),
        new Wanted(atSecond, "Task_Second"),
        new Wanted(firstAgain, "Task_Second"),
        new Wanted(ended, "Task_Second"),
        new Wanted(atFirst, "Task_Second")));

    assertThat(found).as("firstAgain's open first step matches the query, but was not asked for").containsOnlyKeys(
        new Wanted(atFirst, "Task_First"), new Wanted(atSecond, "Task_First"), new Wanted(atSecond, "Task_Second"),
        new Wanted(ended, "Task_Second"));
    assertThat(found.get(new Wanted(atFirst, "Task_First")))
        .isEqualTo(new TaskRef(open(atFirst, "Task_First").getId(), "First step", true));
    assertThat(found.get(new Wanted(atSecond, "Task_Second")))
        .isEqualTo(new TaskRef(open(atSecond, "Task_Second").getId(), "Second step", true));
    assertThat(found.get(new Wanted(atSecond, "Task_First"))).as("completed: its name, not a link")
        .extracting(TaskRef::name, TaskRef::open).containsExactly("First step", false);
    assertThat(found.get(new Wanted(ended, "Task_Second")))
        .isEqualTo(new TaskRef(secondOfEnded, "Second step", false));

    TaskRef again = links.find(List.of(new Wanted(firstAgain, "Task_First"))).get(new Wanted(firstAgain, "Task_First"));
    assertThat(again.open()).isTrue();
    assertThat(again.taskId()).as("the open one, not the completed one before it")
        .isEqualTo(open(firstAgain, "Task_First").getId()).isNotEqualTo(firstTaskBefore);
  }

  @Test
  void nothingWantedAsksNothing() {
    assertThat(links.find(List.of())).isEmpty();
  }

  private String start() {
    return processEngine.getRuntimeService().startProcessInstanceByKey("TaskLinksTest").getId();
  }

  private Task open(String instance, String definition) {
    return tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(definition).singleResult();
  }

  private void complete(String instance, String definition, boolean again) {
    tasks.complete(open(instance, definition).getId(), Map.of("again", again));
  }
}
