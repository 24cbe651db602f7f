package io.sopflow.release.process;

import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.StartForms;
import io.sopflow.release.NewRelease;
import io.sopflow.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * "Release requested" started from Tasklist's start form ({@code Form_RequestRelease}): the form is read into the
 * request {@code POST /api/releases} takes ({@link NewRelease}), with the same rules, and the release is requested
 * exactly as the API requests it; the service's process start binds this instance. A refusal (400/403/422 naming the
 * field) rolls the start back: no release, no instance. Any start that brings a business key of its own is refused
 * ({@link ProcessStarts#onStartEvent}).
 */
@Component("requestReleaseStartListener")
public class RequestReleaseStartListener implements ExecutionListener {

  private final ReleaseService releaseService;
  private final ProcessStarts processStarts;
  private final StartForms startForms;

  public RequestReleaseStartListener(ReleaseService releaseService, ProcessStarts processStarts,
      StartForms startForms) {
    this.releaseService = releaseService;
    this.processStarts = processStarts;
    this.startForms = startForms;
  }

  @Override
  public void notify(DelegateExecution execution) {
    processStarts.onStartEvent(execution,
        () -> releaseService.request(startForms.read(execution, NewRelease.class)));
  }
}
