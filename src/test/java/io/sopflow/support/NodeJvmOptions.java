package io.sopflow.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JVM options of every node, {@code jvm.options}, read as the {@code java} launcher reads an argument file. */
public final class NodeJvmOptions {

  public static final Path FILE = Path.of("jvm.options");

  private NodeJvmOptions() {}

  /** Each option of the file: blank lines and {@code #} comments left out. */
  public static List<String> read() throws IOException {
    return Files.readAllLines(FILE).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }
}
