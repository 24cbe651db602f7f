package io.sopflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/** The property names are a contract users script against. */
class ReleasePropertiesTest {

  @Test
  void bindsTheDocumentedPropertyNames() {
    ReleaseProperties properties = bind(Map.ofEntries(
        Map.entry("sopflow.release.environments.staging.adapter", "command"),
        Map.entry("sopflow.release.environments.staging.deploy-command", "/opt/deploy.sh  --env staging"),
        Map.entry("sopflow.release.environments.staging.rollback-command[0]", "/opt/rollback.sh"),
        Map.entry("sopflow.release.environments.staging.rollback-command[1]", "--reason=smoke test failed"),
        Map.entry("sopflow.release.environments.staging.smoke-checks[0].url", "http://127.0.0.1:9/health"),
        Map.entry("sopflow.release.environments.staging.smoke-checks[0].expected-status", "204"),
        Map.entry("sopflow.release.environments.staging.smoke-checks[0].timeout", "PT3S"),
        Map.entry("sopflow.release.environments.staging.smoke-checks[0].retries", "2"),
        Map.entry("sopflow.release.environments.staging.manual-verification", "true"),
        Map.entry("sopflow.release.environments.prod.adapter", "http"),
        Map.entry("sopflow.release.environments.prod.deploy-url", "https://deploy.example/hooks/deploy"),
        Map.entry("sopflow.release.environments.prod.rollback-url", "https://deploy.example/hooks/rollback")));

    ReleaseProperties.Environment staging = properties.environment("staging");
    assertThat(staging.adapter()).isEqualTo(ReleaseProperties.AdapterType.COMMAND);
    assertThat(staging.deployCommand()).containsExactly("/opt/deploy.sh", "--env", "staging");
    assertThat(staging.rollbackCommand()).containsExactly("/opt/rollback.sh", "--reason=smoke test failed");
    assertThat(staging.timeout()).isEqualTo(ReleaseProperties.Environment.DEFAULT_TIMEOUT);
    assertThat(staging.manualVerification()).isTrue();
    assertThat(staging.smokeChecks()).singleElement().satisfies(check -> {
      assertThat(check.url()).isEqualTo(URI.create("http://127.0.0.1:9/health"));
      assertThat(check.expectedStatus()).isEqualTo(204);
      assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(check.retries()).isEqualTo(2);
    });
    ReleaseProperties.Environment prod = properties.environment("prod");
    assertThat(prod.adapter()).isEqualTo(ReleaseProperties.AdapterType.HTTP);
    assertThat(prod.deployUrl()).isEqualTo(URI.create("https://deploy.example/hooks/deploy"));
    assertThat(properties.isConfigured("qa")).isFalse();
  }

  @Test
  void refusesACommandEnvironmentWithoutRollbackCommand() {
    assertThatThrownBy(() -> bind(Map.of(
        "sopflow.release.environments.staging.adapter", "command",
        "sopflow.release.environments.staging.deploy-command", "true")))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining("rollback-command");
  }

  @Test
  void refusesAnHttpEnvironmentWithoutUrls() {
    assertThatThrownBy(() -> bind(Map.of("sopflow.release.environments.prod.adapter", "http")))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining("deploy-url");
  }

  private static ReleaseProperties bind(Map<String, String> values) {
    Binder binder = new Binder(java.util.List.of(new MapConfigurationPropertySource(values)), null,
        ApplicationConversionService.getSharedInstance());
    return binder.bind("sopflow.release", ReleaseProperties.class).get();
  }
}
