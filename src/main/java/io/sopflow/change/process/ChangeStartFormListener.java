package io.sopflow.change.process;

import io.sopflow.change.ChangeService;
import io.sopflow.change.ChangeSubmission;
import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Start of the change process. Started from Tasklist's start form "Request change": reads the form as the request
 * {@code POST /api/changes} takes and submits it through the same service call (the instance being started becomes
 * the change's instance; a refusal, 400 naming the field, starts nothing and stores nothing;
 * {@link ProcessStarts#onStartEvent}).
 */
@Component("changeStartFormListener")
public class ChangeStartFormListener implements ExecutionListener {

  private final ProcessStarts processStarts;
  private final StartForms startForms;
  private final ChangeService changeService;

  public ChangeStartFormListener(ProcessStarts processStarts, StartForms startForms, ChangeService changeService) {
    this.processStarts = processStarts;
    this.startForms = startForms;
    this.changeService = changeService;
  }

  @Override
  public void notify(DelegateExecution execution) {
    processStarts.onStartEvent(execution,
        () -> changeService.submit(startForms.read(execution, ChangeSubmission.class)));
  }
}
