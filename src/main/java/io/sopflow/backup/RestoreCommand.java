package io.sopflow.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Runs a set's restore command as a subprocess, the way the release SOP runs its deploy commands: an argument list
 * from server configuration only, no shell, stdin closed, stdout and stderr captured together (the first
 * {@code output-limit} characters are kept, the rest drained), and a command that overruns its timeout is killed with
 * its children. Whatever the command does, this returns a {@link RestoreRun}; it never throws and never hangs.
 */
@Component
class RestoreCommand {

  private static final int MARKER_ROOM = 80;

  private final int outputLimit;

  RestoreCommand(BackupProperties properties) {
    this.outputLimit = properties.outputLimit();
  }

  RestoreRun run(String setName, BackupProperties.BackupSet set, Path target) {
    List<String> argv = set.restoreCommandFor(set.backup(), target);
    String commandLine = truncate(String.join(" ", argv), 1000);
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().put("SOPFLOW_BACKUP_SET", setName);
    builder.environment().put("SOPFLOW_BACKUP", set.backup());
    builder.environment().put("SOPFLOW_RESTORE_TARGET", target.toString());
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      return new RestoreRun(commandLine, RestoreRun.Outcome.NOT_STARTED, null, since(started),
          "Could not start: " + e.getMessage());
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()),
        runnable -> {
          Thread reader = new Thread(runnable, "backup-restore-output");
          reader.setDaemon(true);
          reader.start();
        });
    try {
      process.getOutputStream().close();
      Duration timeout = set.timeout();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        return new RestoreRun(commandLine, RestoreRun.Outcome.TIMED_OUT, null, since(started),
            truncate(outputOf(output) + "\n[killed: no exit within " + timeout + "]", outputLimit));
      }
      Duration took = since(started);
      int exitCode = process.exitValue();
      return new RestoreRun(commandLine, exitCode == 0 ? RestoreRun.Outcome.SUCCEEDED : RestoreRun.Outcome.FAILED,
          exitCode, took, truncate(outputOf(output), outputLimit));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
      return new RestoreRun(commandLine, RestoreRun.Outcome.FAILED, null, since(started), "Interrupted while waiting");
    } catch (IOException e) {
      kill(process);
      return new RestoreRun(commandLine, RestoreRun.Outcome.FAILED, null, since(started), e.getMessage());
    }
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** A background child may keep the pipe open after the command ended: wait briefly, then keep what we have. */
  private static String outputOf(CompletableFuture<String> output) throws InterruptedException {
    try {
      return output.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return "[output could not be read: " + e.getCause().getMessage() + "]";
    } catch (TimeoutException e) {
      return "[output still open after the command ended; not captured]";
    }
  }

  /** Reads to the end, keeping the first bytes that can show; the rest is drained and counted. */
  private String drain(InputStream in) {
    int keepBytes = outputLimit * 4;
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long total = 0;
    byte[] buffer = new byte[8192];
    try (in) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        if (kept.size() < keepBytes) {
          kept.write(buffer, 0, Math.min(read, keepBytes - kept.size()));
        }
        total += read;
      }
    } catch (IOException e) {
      // Killed (timeout) or closed: keep what was read.
    }
    String text = kept.toString(StandardCharsets.UTF_8);
    return total > kept.size() ? text + "\n... [" + total + " bytes in total]" : text;
  }

  static String truncate(String text, int limit) {
    if (text == null) {
      return "";
    }
    if (text.length() <= limit) {
      return text;
    }
    return text.substring(0, Math.max(0, limit - MARKER_ROOM)) + "\n... [truncated, " + text.length()
        + " characters in total]";
  }
}
