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
        Map.entry("sopflow.release.environments.prod.rollback-url", "https://deploy.example/hooks/rollback"),
        Map.entry("sopflow.release.environments.prod.smoke-checks-required", "false"),
        Map.entry("sopflow.release.environments.prod.production", "true"),
        Map.entry("sopflow.release.four-eyes.staging", "true")));

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
    assertThat(prod.smokeChecksRequired()).isFalse();
    assertThat(properties.isConfigured("qa")).isFalse();
    assertThat(properties.isProduction("prod")).isTrue();
    assertThat(properties.requiresFourEyes("prod")).as("default: on for production").isTrue();
    assertThat(properties.requiresFourEyes("staging")).as("four-eyes.staging").isTrue();
  }

  @Test
  void anEnvironmentWithoutAdapterIsKnownButNotDeployable() {
    ReleaseProperties properties = bind(Map.of(
        "sopflow.release.environments.staging.adapter", "none",
        "sopflow.release.environments.production.timeout", "PT5M"));

    assertThat(properties.isConfigured("staging")).isTrue();
    assertThat(properties.isDeployable("staging")).isFalse();
    assertThat(properties.isConfigured("production")).isTrue();
    assertThat(properties.isDeployable("production")).isFalse();
    assertThat(properties.isProduction("production")).isTrue();
    assertThat(properties.requiresFourEyes("production")).isTrue();
    assertThat(properties.requiresFourEyes("staging")).isFalse();
  }

  @Test
  void aDeployableEnvironmentWithoutSmokeChecksMustSaySoExplicitly() {
    assertThatThrownBy(() -> bind(Map.of(
        "sopflow.release.environments.staging.adapter", "command",
        "sopflow.release.environments.staging.deploy-command", "/opt/deploy.sh",
        "sopflow.release.environments.staging.rollback-command", "/opt/rollback.sh")))
        .isInstanceOf(BindException.class).rootCause()
        .hasMessageContaining("sopflow.release.environments.staging.smoke-checks-required");
    assertThatThrownBy(() -> bind(Map.of(
        "sopflow.release.environments.staging.adapter", "command",
        "sopflow.release.environments.staging.deploy-command", "/opt/deploy.sh",
        "sopflow.release.environments.staging.rollback-command", "/opt/rollback.sh",
        "sopflow.release.environments.staging.smoke-checks-required", "true")))
        .isInstanceOf(BindException.class).rootCause()
        .hasMessageContaining("sopflow.release.environments.staging.smoke-checks-required");
  }

  @Test
  void fourEyesNamesOnlyConfiguredEnvironments() {
    assertThatThrownBy(() -> bind(Map.of(
        "sopflow.release.environments.staging.adapter", "none",
        "sopflow.release.four-eyes.prodution", "true")))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining("sopflow.release.four-eyes.prodution");
  }

  /** The shipped configuration pretends nothing: no adapter (so no echo), the demo profile's commands are labelled. */
  @Test
  void theShippedConfigurationDeploysNothingAndTheDemoSaysItPretends() throws java.io.IOException {
    Map<String, String> shipped = yaml("application.yml");
    assertThat(shipped).containsEntry("sopflow.release.environments.staging.adapter", "none")
        .containsEntry("sopflow.release.environments.production.adapter", "none");
    assertThat(shipped.keySet()).noneMatch(key -> key.startsWith("sopflow.release.") && key.contains("command"));
    ReleaseProperties properties = bind(shipped);
    assertThat(properties.environments()).containsOnlyKeys("staging", "production");
    assertThat(properties.environments().keySet()).noneMatch(properties::isDeployable);

    Map<String, String> demo = new java.util.HashMap<>(shipped);
    demo.putAll(yaml("application-demo.yml"));
    ReleaseProperties demoProperties = bind(demo);
    assertThat(demoProperties.isDeployable("production")).isTrue();
    assertThat(String.join(" ", demoProperties.environment("production").deployCommand())).contains("DEMO");
  }

  private static Map<String, String> yaml(String resource) throws java.io.IOException {
    var sources = new org.springframework.boot.env.YamlPropertySourceLoader()
        .load(resource, new org.springframework.core.io.ClassPathResource(resource));
    Map<String, String> values = new java.util.HashMap<>();
    for (var source : sources) {
      var enumerable = (org.springframework.core.env.EnumerablePropertySource<?>) source;
      for (String name : enumerable.getPropertyNames()) {
        if (name.startsWith("sopflow.release.")) {
          values.put(name, String.valueOf(enumerable.getProperty(name)));
        }
      }
    }
    return values;
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
