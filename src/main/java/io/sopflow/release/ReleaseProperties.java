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
import org.springframework.boot.convert.Delimiter;
import org.springframework.validation.annotation.Validated;

/**
 * Where releases go, per environment ({@code sopflow.release.environments.<env>.*}). Only what is configured here is
 * ever run: a request names an environment, never a command or a URL. Names are a public contract (scripts use them).
 */
@Validated
@ConfigurationProperties("sopflow.release")
public record ReleaseProperties(@Valid Map<String, Environment> environments, Integer outputLimit) {

  /** The longest captured output kept per log entry. */
  public static final int DEFAULT_OUTPUT_LIMIT = 4000;

  public ReleaseProperties {
    environments = environments == null ? Map.of() : Map.copyOf(new TreeMap<>(environments));
    outputLimit = outputLimit == null ? DEFAULT_OUTPUT_LIMIT : Math.min(outputLimit, DEFAULT_OUTPUT_LIMIT);
  }

  public boolean isConfigured(String environment) {
    return environment != null && environments.containsKey(environment);
  }

  public Environment environment(String environment) {
    Environment settings = environments.get(environment);
    if (settings == null) {
      throw new IllegalArgumentException("Environment '" + environment + "' is not configured");
    }
    return settings;
  }

  public enum AdapterType {
    COMMAND, HTTP;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One target environment. Commands are a list, or one string split at whitespace (no shell quoting: use the list
   * form for arguments with spaces); the release's version is appended as the last argument.
   */
  public record Environment(
      @NotNull AdapterType adapter,
      @Delimiter(" ") List<String> deployCommand,
      @Delimiter(" ") List<String> rollbackCommand,
      URI deployUrl,
      URI rollbackUrl,
      Duration timeout,
      @Valid List<SmokeCheck> smokeChecks,
      boolean manualVerification) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public Environment {
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
