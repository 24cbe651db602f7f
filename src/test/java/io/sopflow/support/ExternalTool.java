package io.sopflow.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a test runs (npm, node, promtool). In CI ({@code CI=true}) a missing tool fails the test;
 * elsewhere the test is skipped with a message that says how to install it.
 */
public final class ExternalTool {

  private ExternalTool() {}

  public record Result(int exitCode, String output) {}

  /** Fails in CI, skips elsewhere, when {@code command --version} does not run. */
  public static void require(String command, String whatIsMissing) {
    if (available(command)) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(whatIsMissing);
    }
    Assumptions.abort(whatIsMissing);
  }

  public static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    return run(command, null, timeoutSeconds);
  }

  /** Runs {@code command} with {@code input} (if any) on its standard input; output and errors together. */
  public static Result run(List<String> command, String input, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private static boolean available(String name) {
    try {
      Process process = new ProcessBuilder(name, "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
