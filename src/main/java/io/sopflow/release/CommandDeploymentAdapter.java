package io.sopflow.release;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Runs the environment's configured command as a subprocess, without a shell of ours: the command line comes from
 * server configuration only, the validated version is appended as its last argument. Success = exit code 0 within the
 * timeout; a command that overruns is killed together with its children. stdout and stderr are captured together.
 */
@Component
class CommandDeploymentAdapter implements DeploymentAdapter {

  static final String ADAPTER = "command";

  private final int outputLimit;

  CommandDeploymentAdapter(ReleaseProperties properties) {
    this.outputLimit = properties.outputLimit();
  }

  @Override
  public ReleaseProperties.AdapterType type() {
    return ReleaseProperties.AdapterType.COMMAND;
  }

  @Override
  public StepResult deploy(DeploymentTarget target) {
    return run(StepResult.StepAction.DEPLOY, target.settings().deployCommand(), target);
  }

  @Override
  public StepResult rollback(DeploymentTarget target) {
    return run(StepResult.StepAction.ROLLBACK, target.settings().rollbackCommand(), target);
  }

  StepResult run(StepResult.StepAction action, List<String> command, DeploymentTarget target) {
    List<String> argv = new ArrayList<>(command);
    argv.add(target.version());
    String commandLine = String.join(" ", argv);
    Duration timeout = target.settings().timeout();
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().put("SOPFLOW_RELEASE_KEY", target.releaseKey());
    builder.environment().put("SOPFLOW_RELEASE_ENVIRONMENT", target.environment());
    builder.environment().put("SOPFLOW_RELEASE_VERSION", target.version());
    builder.environment().put("SOPFLOW_RELEASE_ACTION", action.name().toLowerCase(java.util.Locale.ROOT));
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return result(action, commandLine, StepResult.Result.ERROR, null, started, "Could not start: " + e.getMessage());
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(
        () -> CapturedOutput.drain(process.getInputStream(), outputLimit), runnable -> {
          Thread reader = new Thread(runnable, "release-command-output");
          reader.setDaemon(true);
          reader.start();
        });
    try {
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        return result(action, commandLine, StepResult.Result.TIMED_OUT, null, started,
            outputOf(output) + "\n[killed: no exit within " + timeout + "]");
      }
      int exitCode = process.exitValue();
      return result(action, commandLine, exitCode == 0 ? StepResult.Result.SUCCEEDED : StepResult.Result.FAILED,
          exitCode, started, outputOf(output));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
      return result(action, commandLine, StepResult.Result.ERROR, null, started, "Interrupted while waiting");
    } catch (IOException e) {
      kill(process);
      return result(action, commandLine, StepResult.Result.ERROR, null, started, e.getMessage());
    }
  }

  private StepResult result(StepResult.StepAction action, String commandLine, StepResult.Result result,
      Integer exitCode, long started, String output) {
    return new StepResult(action, ADAPTER, CapturedOutput.truncate(commandLine, 1000), result, exitCode, null,
        Duration.ofNanos(System.nanoTime() - started), CapturedOutput.truncate(output, outputLimit));
  }

  /**
   * The command first, then its children (listed before, as they are re-parented once it dies): killed the other way
   * round, a shell script would run its next line between its child's death and its own.
   */
  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** A background child may keep the pipe open after the command exited: wait briefly, then keep what we have. */
  private static String outputOf(CompletableFuture<String> output) throws InterruptedException {
    try {
      return output.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return "[output could not be read: " + e.getCause().getMessage() + "]";
    } catch (TimeoutException e) {
      return "[output still open after the command ended; not captured]";
    }
  }
}
