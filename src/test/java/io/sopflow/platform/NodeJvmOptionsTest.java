package io.sopflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.sopflow.support.ExternalTool;
import io.sopflow.support.NodeJvmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code jvm.options}, the JVM options of every node: the image passes the file to its JVM, and this JVM (the one the
 * image's runtime stage has, Java 17) accepts every option in it and runs with the value it gives. A misspelt option
 * would stop every node at its start.
 */
class NodeJvmOptionsTest {

  static final Pattern OPTION = Pattern.compile("-XX:(\\w+)=(\\S+)");

  @Test
  void theImageStartsItsJvmWithTheNodeOptions() throws Exception {
    String dockerfile = Files.readString(Path.of("Dockerfile"));

    assertThat(dockerfile).contains("COPY jvm.options /app/jvm.options")
        .containsPattern("ENTRYPOINT \\[\"java\", \"@/app/jvm.options\", .*\"-jar\", \"/app/sopflow.jar\"\\]");
  }

  @Test
  void theJvmAcceptsEveryOptionAndRunsWithItsValue() throws Exception {
    List<String> options = NodeJvmOptions.read();
    assertThat(options).isNotEmpty().allMatch(option -> OPTION.matcher(option).matches());

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ExternalTool.Result flags = ExternalTool.run(
        List.of(java.toString(), "@" + NodeJvmOptions.FILE.toAbsolutePath(), "-XX:+PrintFlagsFinal", "-version"), 60);

    assertThat(flags.exitCode()).as(flags.output()).isZero();
    for (String option : options) {
      Matcher m = OPTION.matcher(option);
      assertThat(m.matches()).isTrue();
      assertThat(flags.output()).as("%s in effect", option)
          .containsPattern("\\s" + m.group(1) + "\\s+= " + Pattern.quote(m.group(2)) + "\\s+\\{product\\} \\{command line\\}");
    }
  }
}
