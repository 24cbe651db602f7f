package io.sopflow.platform.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Every user task of every model, as it is created, is offered to the substitute of the person it waits for by name
 * ({@link DelegatedTasks#offerNewTask}). A parse listener rather than a listener in each model: delegation is a rule
 * of the organisation, not of one SOP, and a process owner cannot forget it in a new model. It runs after the model's
 * own create listeners, when assignee and candidates are set.
 */
@Component
class DelegatedTaskPlugin extends AbstractProcessEnginePlugin {

  private final ObjectProvider<DelegatedTasks> delegatedTasks;

  DelegatedTaskPlugin(ObjectProvider<DelegatedTasks> delegatedTasks) {
    this.delegatedTasks = delegatedTasks;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    EngineExtensions.addPostParseListener(configuration,
        new OfferToSubstitutes(new OfferNewTaskListener(delegatedTasks)));
  }

  /** Adds the create listener to every user task. */
  static final class OfferToSubstitutes extends AbstractBpmnParseListener {
    private final TaskListener listener;

    OfferToSubstitutes(TaskListener listener) {
      this.listener = listener;
    }

    @Override
    public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
      if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
        userTask.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_CREATE, listener);
      }
    }
  }

  /** Looks the bean up when a task is created: the engine is built before the beans the lookup needs. */
  static final class OfferNewTaskListener implements TaskListener {
    private final ObjectProvider<DelegatedTasks> delegatedTasks;

    OfferNewTaskListener(ObjectProvider<DelegatedTasks> delegatedTasks) {
      this.delegatedTasks = delegatedTasks;
    }

    @Override
    public void notify(DelegateTask task) {
      delegatedTasks.getObject().offerNewTask(task);
    }
  }
}
