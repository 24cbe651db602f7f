package io.sopflow.command;

import io.sopflow.audit.AuditEvent;
import io.sopflow.audit.AuditTrail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs a command of {@link CommandProperties} for a record: the configured argv (no shell of ours), the record's key
 * in {@code SOPFLOW_RECORD_KEY}. Exit code 0 within the timeout is success; anything else throws, so the step is
 * retried and then becomes a Cockpit incident. Every run is audited with its exit code.
 */
@Service
public class CommandRunner {

  static final int OUTPUT_LIMIT = 4000;

  private final CommandProperties properties;
  private final AuditTrail auditTrail;

  CommandRunner(CommandProperties properties, AuditTrail auditTrail) {
    this.properties = properties;
    this.auditTrail = auditTrail;
  }

  /** Runs {@code name} for {@code recordKey}; returns its output (up to {@value #OUTPUT_LIMIT} characters). */
  @Transactional
  public String run(String name, String recordKey) {
    CommandProperties.Command command = properties.commands().get(name);
    if (command == null) {
      throw new IllegalStateException("No command '" + name + "' is configured (sopflow.commands." + name
          + ".command); configured: " + properties.commands().keySet());
    }
    Path output = null;
    try {
      output = Files.createTempFile("sopflow-command-", ".out");
      ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command.command())).redirectErrorStream(true)
          .redirectOutput(output.toFile());
      builder.environment().put("SOPFLOW_RECORD_KEY", recordKey == null ? "" : recordKey);
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        throw new IllegalStateException("Command '" + name + "' did not finish within " + command.timeout());
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      text = text.length() <= OUTPUT_LIMIT ? text : text.substring(0, OUTPUT_LIMIT);
      int exit = process.exitValue();
      if (exit != 0) {
        throw new IllegalStateException("Command '" + name + "' failed with exit code " + exit + ": " + text.strip());
      }
      auditTrail.record(AuditEvent.of(AuditEvent.SYSTEM, "COMMAND_RUN", "Command", recordKey == null ? name
          : recordKey, name + " exited 0"));
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("Command '" + name + "' could not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while command '" + name + "' ran", e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temporary file; the OS cleans it up
        }
      }
    }
  }
}
