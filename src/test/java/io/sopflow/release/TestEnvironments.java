package io.sopflow.release;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Environment settings for adapter tests. */
final class TestEnvironments {

  private TestEnvironments() {}

  static ReleaseProperties properties() {
    return new ReleaseProperties(java.util.Map.of(), null);
  }

  static DeploymentTarget command(List<String> deploy, List<String> rollback, Duration timeout) {
    return new DeploymentTarget("REL-000007", "staging", "1.2.3+build.7",
        new ReleaseProperties.Environment(ReleaseProperties.AdapterType.COMMAND, deploy, rollback, null, null, timeout,
            null, false));
  }

  static DeploymentTarget http(URI deployUrl, URI rollbackUrl, Duration timeout) {
    return new DeploymentTarget("REL-000007", "staging", "1.2.3",
        new ReleaseProperties.Environment(ReleaseProperties.AdapterType.HTTP, null, null, deployUrl, rollbackUrl,
            timeout, null, false));
  }
}
