package io.sopflow.release;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and what to deploy. The version is the only string from a request that ever reaches a command line or an
 * HTTP body, so it is checked here again (the API checks it first) against {@link #VERSION_PATTERN}.
 */
public record DeploymentTarget(String releaseKey, String environment, String version,
    ReleaseProperties.Environment settings) {

  public static final String VERSION_REGEX = "[A-Za-z0-9._+-]{1,64}";
  public static final Pattern VERSION_PATTERN = Pattern.compile(VERSION_REGEX);

  public DeploymentTarget {
    Objects.requireNonNull(releaseKey, "releaseKey");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(settings, "settings");
    if (version == null || !VERSION_PATTERN.matcher(version).matches()) {
      throw new IllegalArgumentException("Refusing to deploy an invalid version: " + version);
    }
  }
}
