package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.Models;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Lints every BPMN model as Camunda Modeler does: bpmnlint's recommended rules plus Camunda Platform 7.24
 * compatibility ({@code .bpmnlintrc}), warnings included. Installs the linter from {@code package-lock.json} on first
 * use. In CI Node.js must be there; elsewhere the test is skipped with a message when it is not.
 */
class ModelLintTest {

  @Test
  void everyProcessModelLintsClean() throws Exception {
    if (!commandAvailable("npm")) {
      String message = "Node.js/npm is not installed, so bpmnlint cannot run (apt-get install -y nodejs npm)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    if (!Files.exists(Path.of("node_modules/.bin/bpmnlint"))) {
      Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
      assertThat(install.exitCode()).as("npm ci:\n%s", install.output()).isZero();
    }
    List<Path> models = Models.files(Models.PROCESSES, ".bpmn");
    assertThat(models).isNotEmpty();
    List<String> command = new ArrayList<>(List.of("node_modules/.bin/bpmnlint", "--max-warnings=0"));
    models.forEach(model -> command.add(model.toString()));
    Result lint = run(command, 120);
    assertThat(lint.exitCode()).as("bpmnlint found problems:\n%s", lint.output()).isZero();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private static boolean commandAvailable(String name) {
    try {
      return new ProcessBuilder(name, "--version").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
