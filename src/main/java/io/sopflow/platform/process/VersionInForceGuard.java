package io.sopflow.platform.process;

import io.sopflow.domain.ConflictException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Every process refuses to start an instance of a version that is not in force ({@link VersionsInForce}): whatever
 * starts it ({@code /engine-rest/process-definition/{id}/start} or {@code /submit-form}, a start by key that picks the
 * latest version, a message), a pending or rejected revision of an SOP never runs. SOPFlow's own starts go through
 * {@link ProcessStarts}, which starts the version in force; this guard is for everything else. A built-in listener
 * added by a parse listener, so no model can leave it out and {@code skipCustomListeners} does not skip it; the
 * refusal answers 409 problem+json ({@link EngineRefusals}).
 */
@Component
class VersionInForceGuard extends AbstractProcessEnginePlugin {

  private final ObjectProvider<VersionsInForce> versionsInForce;

  VersionInForceGuard(ObjectProvider<VersionsInForce> versionsInForce) {
    this.versionsInForce = versionsInForce;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    EngineExtensions.addPostParseListener(configuration, new AbstractBpmnParseListener() {
      @Override
      public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
            new RefuseVersionsNotInForce(processDefinition.getKey(), versionsInForce));
      }
    });
  }

  /** Looks the bean up when an instance starts: the engine is built before the beans the lookup needs. */
  static final class RefuseVersionsNotInForce implements ExecutionListener {
    private final String processKey;
    private final ObjectProvider<VersionsInForce> versionsInForce;

    RefuseVersionsNotInForce(String processKey, ObjectProvider<VersionsInForce> versionsInForce) {
      this.processKey = processKey;
      this.versionsInForce = versionsInForce;
    }

    @Override
    public void notify(DelegateExecution execution) {
      if (ProcessStarts.startsInForce(execution.getProcessDefinitionId())) {
        return; // ProcessStarts read it as the version in force in this transaction a moment ago: not read twice
      }
      VersionsInForce versions = versionsInForce.getIfAvailable();
      if (versions != null && !versions.mayStart(processKey, execution.getProcessDefinitionId())) {
        throw new ConflictException("Version " + execution.getProcessDefinitionId() + " of " + processKey
            + " is not in force (its revision is waiting for review, or was rejected): start "
            + versions.definitionToStart(processKey) + ", the version in force");
      }
    }
  }
}
