package io.sopflow.command;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Commands a model may run by name ({@code sopflow.commands.<name>.*}), the "command adapter" of the element template
 * "Run a configured command": the model names a command, never a command line, so only what the server's
 * configuration lists can run.
 *
 * <pre>
 * sopflow.commands.flush-dns.command=sudo,-n,/usr/local/sbin/flush-dns
 * sopflow.commands.flush-dns.timeout=PT2M          (killed then; default PT5M)
 * </pre>
 */
@ConfigurationProperties("sopflow")
public record CommandProperties(Map<String, Command> commands) {

  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public CommandProperties {
    commands = commands == null ? Map.of() : Map.copyOf(new TreeMap<>(commands));
    commands.forEach((name, command) -> {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("sopflow.commands: '" + name + "' is not a valid name (" + NAME.pattern() + ")");
      }
      if (command.command().isEmpty()) {
        throw new IllegalArgumentException("sopflow.commands." + name + ".command is empty");
      }
    });
  }

  public record Command(List<String> command, Duration timeout) {
    public Command {
      command = command == null ? List.of() : List.copyOf(command);
      timeout = timeout == null || timeout.isNegative() || timeout.isZero() ? Duration.ofMinutes(5) : timeout;
    }
  }
}
