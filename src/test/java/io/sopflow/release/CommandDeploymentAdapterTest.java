package io.sopflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real subprocesses. */
class CommandDeploymentAdapterTest {

  private final CommandDeploymentAdapter adapter = new CommandDeploymentAdapter(TestEnvironments.properties());

  @TempDir
  Path dir;

  @Test
  void passesTheVersionAsLastArgumentAndCapturesStdoutAndStderr() throws IOException {
    Path script = script("deploy.sh", """
        #!/bin/sh
        echo "args=$# first=$1 last=$2 key=$SOPFLOW_RELEASE_KEY"
        echo "a warning" >&2
        exit 0
        """);

    StepResult result = adapter.deploy(TestEnvironments.command(List.of(script.toString(), "--fast"),
        List.of("true"), Duration.ofSeconds(10)));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.exitCode()).isZero();
    assertThat(result.action()).isEqualTo(StepResult.StepAction.DEPLOY);
    assertThat(result.adapter()).isEqualTo("command");
    assertThat(result.output()).contains("args=2 first=--fast last=1.2.3+build.7 key=REL-000007", "a warning");
    assertThat(result.target()).endsWith("--fast 1.2.3+build.7");
  }

  @Test
  void aNonZeroExitCodeIsAFailedStepWithThatExitCode() {
    StepResult result = adapter.deploy(TestEnvironments.command(List.of("sh", "-c", "echo broken; exit 3"),
        List.of("true"), Duration.ofSeconds(10)));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.result()).isEqualTo(StepResult.Result.FAILED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.output()).contains("broken");
  }

  @Test
  void killsACommandThatOverrunsItsTimeout() {
    long started = System.nanoTime();

    StepResult result = adapter.deploy(TestEnvironments.command(List.of("sh", "-c", "echo started; sleep 30; echo never"),
        List.of("true"), Duration.ofSeconds(1)));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    assertThat(result.result()).isEqualTo(StepResult.Result.TIMED_OUT);
    assertThat(result.exitCode()).isNull();
    assertThat(result.output()).contains("killed").doesNotContain("never");
  }

  @Test
  void runsTheRollbackCommandWithTheVersion() throws IOException {
    Path marker = dir.resolve("rolled-back");
    StepResult result = adapter.rollback(TestEnvironments.command(List.of("false"),
        List.of("sh", "-c", "echo \"$0\" > " + marker), Duration.ofSeconds(10)));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.action()).isEqualTo(StepResult.StepAction.ROLLBACK);
    assertThat(Files.readString(marker).strip()).isEqualTo("1.2.3+build.7");
  }

  @Test
  void truncatesLongOutput() {
    StepResult result = adapter.deploy(TestEnvironments.command(List.of("sh", "-c", "yes 0123456789 | head -c 200000"),
        List.of("true"), Duration.ofSeconds(10)));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.output()).hasSizeLessThanOrEqualTo(ReleaseProperties.DEFAULT_OUTPUT_LIMIT)
        .startsWith("0123456789").contains("[truncated, 200000 bytes in total]");
  }

  @Test
  void aCommandThatCannotStartIsAnErrorNotAnException() {
    StepResult result = adapter.deploy(TestEnvironments.command(List.of(dir.resolve("missing").toString()),
        List.of("true"), Duration.ofSeconds(10)));

    assertThat(result.result()).isEqualTo(StepResult.Result.ERROR);
    assertThat(result.output()).contains("Could not start");
  }

  @Test
  void refusesAVersionThatIsNotAPlainVersionString() {
    assertThatThrownBy(() -> new DeploymentTarget("REL-000001", "staging", "1.0; rm -rf /",
        TestEnvironments.command(List.of("true"), List.of("true"), Duration.ofSeconds(1)).settings()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Path script(String name, String content) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, content);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
