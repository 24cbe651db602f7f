package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every model of {@code processes/} is run by an SOP package found by its constants class, not by a list. */
class SopProcessesTest {

  private final SopProcesses processes = new SopProcesses();

  @Test
  void everyProcessModelBelongsToTheSopPackageOfItsConstantsClass() {
    for (Path model : Models.files(Models.PROCESSES, ".bpmn")) {
      String key = model.getFileName().toString().replace(".bpmn", "");
      String sop = processes.sopOf(key);
      assertThat(sop).as("SOP of %s", key).isNotEqualTo(key).matches("[a-z0-9]+");
      assertThat(Files.exists(Path.of("src/main/java/io/sopflow", sop, "process", key + ".java")))
          .as("io.sopflow.%s.process.%s", sop, key).isTrue();
    }
    assertThat(processes.sopOf("IncidentEscalationProcess")).isEqualTo("incident");
    assertThat(processes.sopOf("ProjectClosureProcess")).isEqualTo("closure");
  }

  @Test
  void aProcessOfNoSopPackageIsNamedByItsKey() {
    assertThat(processes.sopOf("MetricsProbeProcess")).isEqualTo("MetricsProbeProcess");
  }
}
