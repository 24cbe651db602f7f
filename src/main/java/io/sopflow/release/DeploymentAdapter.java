package io.sopflow.release;

/**
 * Deploys a version to an environment and rolls it back. Failures of the target (non-zero exit, non-2xx answer,
 * timeout, connection refused) are results, never exceptions: they decide the release's path (roll back), they are not
 * retried blindly.
 */
interface DeploymentAdapter {

  ReleaseProperties.AdapterType type();

  StepResult deploy(DeploymentTarget target);

  StepResult rollback(DeploymentTarget target);
}
