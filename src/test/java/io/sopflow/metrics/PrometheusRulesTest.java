package io.sopflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.ExternalTool;
import io.sopflow.support.ExternalTool.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring set-up of {@code deploy/prometheus/} passes promtool (Debian package {@code prometheus}; required in
 * CI, skipped elsewhere without it): the alert rules are valid and fire as their unit tests expect, and the scrape
 * configuration that docker-compose's {@code monitoring} profile mounts is valid.
 */
class PrometheusRulesTest {

  static final Path FOLDER = Path.of("deploy/prometheus");

  @BeforeEach
  void promtool() {
    ExternalTool.require("promtool", "promtool is not installed (apt-get install -y prometheus), so the alert rules "
        + "cannot be checked");
  }

  @Test
  void alertRulesAreValid() throws Exception {
    Result check = ExternalTool.run(List.of("promtool", "check", "rules", FOLDER.resolve("alerts.yml").toString()), 60);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS");
    assertThat(Files.readString(FOLDER.resolve("alerts.yml")))
        .contains("sopflow_sla_breaches_total", "sopflow_failed_jobs");
  }

  @Test
  void alertsFireOnTheSeriesSopflowExports() throws Exception {
    Result test = ExternalTool.run(List.of("promtool", "test", "rules",
        FOLDER.resolve("alerts.test.yml").toString()), 60);
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void theScrapeConfigurationIsValid() throws Exception {
    Path dir = Files.createTempDirectory("prometheus-config");
    Files.copy(FOLDER.resolve("alerts.yml"), dir.resolve("alerts.yml"));
    Files.writeString(dir.resolve("scrape-password"), "not-a-real-password\n");
    String config = Files.readString(FOLDER.resolve("prometheus.yml"));
    assertThat(config).contains("metrics_path: /actuator/prometheus").contains("basic_auth:");
    Files.writeString(dir.resolve("prometheus.yml"), config.replace("/etc/prometheus/", dir + "/"));
    Result check = ExternalTool.run(List.of("promtool", "check", "config", dir.resolve("prometheus.yml").toString()), 60);
    assertThat(check.exitCode()).as(check.output()).isZero();
  }
}
