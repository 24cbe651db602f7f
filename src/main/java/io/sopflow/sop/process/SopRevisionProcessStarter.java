package io.sopflow.sop.process;

import static io.sopflow.sop.process.SopRevisionProcess.*;

import io.sopflow.platform.process.ProcessStarts;
import io.sopflow.platform.process.WithoutCallerAuthorizations;
import io.sopflow.sop.SopRevisionService;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Starts the review of a proposed revision in the deployment's transaction: the deployment, the revision and its
 * review commit together, or not at all. Without the deploying person's authorizations: a process owner may deploy,
 * but not start or steer the review of what they deployed.
 */
@Component
class SopRevisionProcessStarter {

  private final ProcessStarts processStarts;
  private final WithoutCallerAuthorizations withoutCaller;
  private final SopRevisionService revisions;

  SopRevisionProcessStarter(ProcessStarts processStarts, WithoutCallerAuthorizations withoutCaller,
      SopRevisionService revisions) {
    this.processStarts = processStarts;
    this.withoutCaller = withoutCaller;
    this.revisions = revisions;
  }

  void startReview(String processKey, int version, String author) {
    String instanceId = withoutCaller.call(() -> processStarts.start(PROCESS_KEY, businessKey(processKey, version),
        Map.of(SOP_PROCESS_KEY, processKey, SOP_VERSION, version, AUTHOR, author)));
    revisions.processStarted(processKey, version, instanceId);
  }
}
