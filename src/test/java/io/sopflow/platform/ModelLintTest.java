package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.ExternalTool;
import io.sopflow.support.ExternalTool.Result;
import io.sopflow.support.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lints every BPMN model as Camunda Modeler does: bpmnlint's recommended rules plus Camunda Platform 7.24
 * compatibility ({@code .bpmnlintrc}), warnings included. Installs the linter from {@code package-lock.json} on first
 * use. In CI Node.js must be there; elsewhere the test is skipped with a message when it is not.
 */
class ModelLintTest {

  @Test
  void everyProcessModelLintsClean() throws Exception {
    installNodeTools("node_modules/.bin/bpmnlint");
    List<Path> models = Models.files(Models.PROCESSES, ".bpmn");
    assertThat(models).isNotEmpty();
    List<String> command = new ArrayList<>(List.of("node_modules/.bin/bpmnlint", "--max-warnings=0"));
    models.forEach(model -> command.add(model.toString()));
    Result lint = ExternalTool.run(command, 120);
    assertThat(lint.exitCode()).as("bpmnlint found problems:\n%s", lint.output()).isZero();
  }

  /**
   * Node.js must be there (CI) or the test is skipped; the npm packages of {@code package-lock.json} are installed
   * when {@code marker} (a file one of them brings) is missing.
   */
  static void installNodeTools(String marker) throws IOException, InterruptedException {
    ExternalTool.require("npm", "Node.js/npm is not installed, so the model tools cannot run "
        + "(apt-get install -y nodejs npm)");
    if (!Files.exists(Path.of(marker))) {
      Result install = ExternalTool.run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
      assertThat(install.exitCode()).as("npm ci:\n%s", install.output()).isZero();
    }
  }
}
