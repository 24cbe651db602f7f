package io.sopflow.release;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.convert.Delimiter;
import org.springframework.validation.annotation.Validated;

/**
 * Where releases go, per environment ({@code sopflow.release.environments.<env>.*}). Only what is configured here is
 * ever run: a request names an environment, never a command or a URL. Names are a public contract (scripts use them).
 *
 * <p>Nothing pretends to deploy: an environment may be known (so that people can name it) without an {@code adapter};
 * a release to it is refused until one is configured. A deployable environment either has smoke checks or says
 * {@code smoke-checks-required: false} explicitly, checked at start-up. {@code four-eyes.<env>} (default: on for a
 * production environment) makes a GO need a release manager other than the requester.
 */
@Validated
@ConfigurationProperties("sopflow.release")
public record ReleaseProperties(@Valid Map<String, Environment> environments, Integer outputLimit,
    Map<String, Boolean> fourEyes) {

  /** The longest captured output kept per log entry. */
  public static final int DEFAULT_OUTPUT_LIMIT = 4000;
  /** The environment name that counts as production unless {@code production} says otherwise. */
  public static final String PRODUCTION = "production";

  public ReleaseProperties(Map<String, Environment> environments, Integer outputLimit) {
    this(environments, outputLimit, null);
  }

  @ConstructorBinding
  public ReleaseProperties {
    environments = environments == null ? Map.of() : Map.copyOf(new TreeMap<>(environments));
    outputLimit = outputLimit == null ? DEFAULT_OUTPUT_LIMIT : Math.min(outputLimit, DEFAULT_OUTPUT_LIMIT);
    fourEyes = fourEyes == null ? Map.of() : Map.copyOf(new TreeMap<>(fourEyes));
    for (Map.Entry<String, Environment> entry : environments.entrySet()) {
      Environment settings = entry.getValue();
      if (settings.isDeployable() && settings.smokeChecks().isEmpty() && settings.smokeChecksRequired() != Boolean.FALSE) {
        throw new IllegalArgumentException("sopflow.release.environments." + entry.getKey()
            + ".smoke-checks-required: environment '" + entry.getKey() + "' has no smoke-checks; configure them or"
            + " set smoke-checks-required: false explicitly");
      }
    }
    for (String environment : fourEyes.keySet()) {
      if (!environments.containsKey(environment)) {
        throw new IllegalArgumentException("sopflow.release.four-eyes." + environment
            + ": not a configured environment (sopflow.release.environments)");
      }
    }
  }

  public boolean isConfigured(String environment) {
    return environment != null && environments.containsKey(environment);
  }

  /** A configured environment with a deployment adapter: releases to it may be requested. */
  public boolean isDeployable(String environment) {
    return isConfigured(environment) && environments.get(environment).isDeployable();
  }

  /** Production: its GO needs evidence (a test report reference). */
  public boolean isProduction(String environment) {
    Environment settings = environments.get(environment);
    if (settings != null && settings.production() != null) {
      return settings.production();
    }
    return PRODUCTION.equals(environment);
  }

  /** Four-eyes for the GO: {@code four-eyes.<env>}, by default on for production. */
  public boolean requiresFourEyes(String environment) {
    Boolean configured = fourEyes.get(environment);
    return configured != null ? configured : isProduction(environment);
  }

  public Environment environment(String environment) {
    Environment settings = environments.get(environment);
    if (settings == null) {
      throw new IllegalArgumentException("Environment '" + environment + "' is not configured");
    }
    return settings;
  }

  public enum AdapterType {
    COMMAND, HTTP, NONE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One target environment. Commands are a list, or one string split at whitespace (no shell quoting: use the list
   * form for arguments with spaces); the release's version is appended as the last argument. Without an
   * {@code adapter} (or {@code adapter: none}) the environment is known but nothing can be released to it.
   */
  public record Environment(
      AdapterType adapter,
      @Delimiter(" ") List<String> deployCommand,
      @Delimiter(" ") List<String> rollbackCommand,
      URI deployUrl,
      URI rollbackUrl,
      Duration timeout,
      @Valid List<SmokeCheck> smokeChecks,
      boolean manualVerification,
      Boolean smokeChecksRequired,
      Boolean production) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public Environment(AdapterType adapter, List<String> deployCommand, List<String> rollbackCommand, URI deployUrl,
        URI rollbackUrl, Duration timeout, List<SmokeCheck> smokeChecks, boolean manualVerification) {
      this(adapter, deployCommand, rollbackCommand, deployUrl, rollbackUrl, timeout, smokeChecks, manualVerification,
          null, null);
    }

    @ConstructorBinding
    public Environment {
      adapter = adapter == null ? AdapterType.NONE : adapter;
      deployCommand = words(deployCommand);
      rollbackCommand = words(rollbackCommand);
      timeout = positiveOr(timeout, DEFAULT_TIMEOUT);
      smokeChecks = smokeChecks == null ? List.of() : List.copyOf(smokeChecks);
      if (adapter == AdapterType.COMMAND && (deployCommand.isEmpty() || rollbackCommand.isEmpty())) {
        throw new IllegalArgumentException("adapter=command needs deploy-command and rollback-command");
      }
      if (adapter == AdapterType.HTTP && (!isHttp(deployUrl) || !isHttp(rollbackUrl))) {
        throw new IllegalArgumentException("adapter=http needs deploy-url and rollback-url (http or https)");
      }
    }

    /** A deployment adapter is configured: releases may go here. */
    public boolean isDeployable() {
      return adapter != AdapterType.NONE;
    }

    private static List<String> words(List<String> command) {
      if (command == null) {
        return List.of();
      }
      return command.stream().filter(word -> word != null && !word.isBlank()).map(String::strip).toList();
    }
  }

  /** An HTTP GET that must answer {@code expectedStatus} within {@code timeout}, tried {@code 1 + retries} times. */
  public record SmokeCheck(@NotNull URI url, Integer expectedStatus, Duration timeout, Integer retries,
      Duration retryDelay) {

    public SmokeCheck {
      if (!isHttp(url)) {
        throw new IllegalArgumentException("smoke-checks[].url must be an http or https URL: " + url);
      }
      expectedStatus = expectedStatus == null ? 200 : expectedStatus;
      if (expectedStatus < 100 || expectedStatus > 599) {
        throw new IllegalArgumentException("smoke-checks[].expected-status must be an HTTP status: " + expectedStatus);
      }
      timeout = positiveOr(timeout, Duration.ofSeconds(10));
      retries = retries == null ? 0 : retries;
      if (retries < 0 || retries > 20) {
        throw new IllegalArgumentException("smoke-checks[].retries must be between 0 and 20: " + retries);
      }
      retryDelay = retryDelay == null || retryDelay.isNegative() ? Duration.ofSeconds(2) : retryDelay;
    }
  }

  private static Duration positiveOr(Duration value, Duration fallback) {
    return value == null || value.isZero() || value.isNegative() ? fallback : value;
  }

  private static boolean isHttp(URI uri) {
    return uri != null && uri.getHost() != null
        && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
  }
}
