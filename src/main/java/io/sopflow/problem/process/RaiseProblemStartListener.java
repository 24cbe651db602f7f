package io.sopflow.problem.process;

import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import io.sopflow.problem.ProblemApi.RaiseProblem;
import io.sopflow.problem.ProblemService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * "Problem raised" started from Tasklist's start form ({@code Form_RaiseProblem}): the form is read into the request
 * {@code POST /api/problems} takes and the problem raised exactly as the API raises it (who may, which incidents); the
 * service's start binds this instance ({@link ProcessStarts#onStartEvent}).
 */
@Component("raiseProblemStartListener")
public class RaiseProblemStartListener implements ExecutionListener {

  private final ProblemService service;
  private final ProcessStarts processStarts;
  private final StartForms startForms;

  public RaiseProblemStartListener(ProblemService service, ProcessStarts processStarts, StartForms startForms) {
    this.service = service;
    this.processStarts = processStarts;
    this.startForms = startForms;
  }

  @Override
  public void notify(DelegateExecution execution) {
    processStarts.onStartEvent(execution, () -> service.raise(startForms.read(execution, RaiseProblem.class)));
  }
}
