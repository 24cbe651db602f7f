package io.sopflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the CPU of a profiled phase goes, by library, per unit of work (a lifecycle, an escalation), for two systems
 * side by side: reads async-profiler's collapsed stacks ({@code bench.profiler}, one sample per millisecond of CPU)
 * and charges each sample to the library of its deepest frame that belongs to one (so the JDK code a library calls
 * counts as that library's), or else to the JIT compilers, the garbage collector or "JVM and JDK". Prints a Markdown
 * table, rows ordered by what the first system spends more. Issue #24 step 25 (docs/benchmarks.md).
 *
 * <p>A single-file program without dependencies, so it runs straight from its source:
 * <pre>
 * java src/bench/java/io/sopflow/bench/ProfileSummary.java \
 *   sopflow=target/bench/profiles/sopflow-h2-lifecycles.collapsed:200 \
 *   bare=target/bench/profiles/bare-h2-lifecycles.collapsed:200
 * </pre>
 * Each argument is {@code label=file:units}; units is how many lifecycles or escalations the profile covers.
 */
public final class ProfileSummary {

  /** Libraries by frame prefix (JVM internal names), the more specific first. */
  private static final Map<String, List<String>> LIBRARIES = new LinkedHashMap<>();

  static {
    LIBRARIES.put("SOPFlow", List.of("io/sopflow/"));
    LIBRARIES.put("H2 database", List.of("org/h2/"));
    LIBRARIES.put("MySQL driver", List.of("com/mysql/"));
    LIBRARIES.put("Hibernate", List.of("org/hibernate/"));
    LIBRARIES.put("MyBatis (the engine's SQL mapping)", List.of("org/apache/ibatis/"));
    LIBRARIES.put("Camunda REST API", List.of("org/camunda/bpm/engine/rest/"));
    LIBRARIES.put("Camunda engine", List.of("org/camunda/bpm/engine/"));
    LIBRARIES.put("Camunda DMN, FEEL, webapps", List.of("org/camunda/", "camundajar/", "scala/"));
    LIBRARIES.put("Spring Security", List.of("org/springframework/security/"));
    LIBRARIES.put("Spring Data", List.of("org/springframework/data/"));
    LIBRARIES.put("Spring (other)", List.of("org/springframework/"));
    LIBRARIES.put("Jakarta Mail", List.of("jakarta/mail/", "org/eclipse/angus/"));
    LIBRARIES.put("Tomcat", List.of("org/apache/catalina/", "org/apache/coyote/", "org/apache/tomcat/"));
    LIBRARIES.put("Jersey", List.of("org/glassfish/"));
    LIBRARIES.put("Jackson", List.of("com/fasterxml/"));
    LIBRARIES.put("Micrometer", List.of("io/micrometer/"));
    LIBRARIES.put("HikariCP", List.of("com/zaxxer/"));
    LIBRARIES.put("Logging", List.of("ch/qos/", "org/slf4j/", "org/apache/logging/"));
    LIBRARIES.put("Liquibase", List.of("liquibase/"));
  }

  private static final String JIT = "JIT compilers";
  private static final String GC = "garbage collector";
  private static final String OTHER = "JVM and JDK (other)";
  private static final Pattern GC_FRAME = Pattern.compile("G1|GCTaskThread|ConcurrentGCThread|WorkerThread::run|ParallelCleaning");

  private ProfileSummary() {}

  /** One profile: its label, CPU milliseconds per unit by library, and the total per unit. */
  record Profile(String label, Map<String, Double> msPerUnit, double totalPerUnit, long samples, double units) {}

  public static void main(String[] args) {
    List<Profile> profiles = new ArrayList<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      int colon = arg.lastIndexOf(':');
      double units = eq > 0 && colon > eq ? units(arg.substring(colon + 1)) : Double.NaN;
      if (!(units > 0)) {
        usage("not label=file:units with units a positive number: " + arg);
      }
      Path file = Path.of(arg.substring(eq + 1, colon));
      if (!Files.isReadable(file)) {
        usage("no such file: " + file);
      }
      profiles.add(read(arg.substring(0, eq), file, units));
    }
    if (profiles.isEmpty()) {
      usage("no profile given");
    }
    System.out.print(table(profiles));
  }

  private static double units(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The sample count that ends a line of collapsed stacks; a line without one is refused with a message. */
  private static long count(String line, int space, Path collapsed) {
    try {
      long count = Long.parseLong(line.substring(space + 1).strip());
      if (space > 0 && count >= 0) {
        return count;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    usage("not collapsed stacks (\"frame;frame;... count\" per line) in " + collapsed + ": " + abbreviated(line));
    return 0;
  }

  private static String abbreviated(String line) {
    return line.length() > 80 ? line.substring(0, 80) + "..." : line;
  }

  private static void usage(String problem) {
    System.err.println("ProfileSummary: " + problem);
    System.err.println("usage: java ProfileSummary.java label=file.collapsed:units [label=file.collapsed:units]");
    System.exit(2);
  }

  /** Reads a collapsed-stacks file ({@code frame;frame;... count} per line). */
  static Profile read(String label, Path collapsed, double units) {
    Map<String, Double> ms = new LinkedHashMap<>();
    long[] samples = {0};
    try (Stream<String> lines = Files.lines(collapsed)) {
      lines.filter(line -> !line.isBlank()).forEach(line -> {
        int space = line.lastIndexOf(' ');
        long count = count(line, space, collapsed);
        samples[0] += count;
        ms.merge(category(line.substring(0, space).split(";")), (double) count, Double::sum);
      });
    } catch (IOException | UncheckedIOException e) {
      usage("cannot read " + collapsed + " as text: " + e.getMessage());
    }
    ms.replaceAll((category, total) -> total / units);
    return new Profile(label, ms, samples[0] / units, samples[0], units);
  }

  /**
   * The library a frame belongs to ({@code org/h2/command/Parser.parse}, or a class name with dots), or null. The one
   * home of this mapping: {@link JfrSummary} charges JFR's samples with it too.
   */
  static String library(String frame) {
    String name = frame.replace('.', '/');
    for (Map.Entry<String, List<String>> library : LIBRARIES.entrySet()) {
      for (String prefix : library.getValue()) {
        if (name.startsWith(prefix)) {
          return library.getKey();
        }
      }
    }
    return null;
  }

  /** The library a stack's CPU is charged to. */
  static String category(String[] frames) {
    for (int i = frames.length - 1; i >= 0; i--) {
      String library = library(frames[i]);
      if (library != null) {
        return library;
      }
    }
    for (String frame : frames) {
      if (frame.startsWith("CompileBroker::") || frame.startsWith("C2Compiler::") || frame.startsWith("Compiler::")) {
        return JIT;
      }
    }
    for (String frame : frames) {
      if (GC_FRAME.matcher(frame).find()) {
        return GC;
      }
    }
    return OTHER;
  }

  /** The Markdown table: CPU ms per unit by library for each profile, and the first minus the second. */
  static String table(List<Profile> profiles) {
    StringBuilder out = new StringBuilder("| CPU ms per unit |");
    profiles.forEach(p -> out.append(' ').append(p.label()).append(" |"));
    boolean difference = profiles.size() == 2;
    if (difference) {
      out.append(' ').append(profiles.get(0).label()).append(" - ").append(profiles.get(1).label()).append(" |");
    }
    out.append("\n|---|").append("---:|".repeat(profiles.size() + (difference ? 1 : 0))).append('\n');
    List<String> categories = new ArrayList<>();
    profiles.forEach(p -> p.msPerUnit().keySet().stream().filter(c -> !categories.contains(c)).forEach(categories::add));
    categories.sort((a, b) -> Double.compare(sortKey(profiles, b), sortKey(profiles, a)));
    for (String category : categories) {
      out.append("| ").append(category).append(" |");
      profiles.forEach(p -> out.append(' ').append(format(p.msPerUnit().getOrDefault(category, 0.0))).append(" |"));
      if (difference) {
        out.append(' ').append(signed(profiles.get(0).msPerUnit().getOrDefault(category, 0.0)
            - profiles.get(1).msPerUnit().getOrDefault(category, 0.0))).append(" |");
      }
      out.append('\n');
    }
    out.append("| **total** |");
    profiles.forEach(p -> out.append(" **").append(format(p.totalPerUnit())).append("** |"));
    if (difference) {
      out.append(" **").append(signed(profiles.get(0).totalPerUnit() - profiles.get(1).totalPerUnit())).append("** |");
    }
    out.append('\n');
    profiles.forEach(p -> out.append(String.format(Locale.ROOT, "%n%s: %,d samples (ms of CPU) over %s units",
        p.label(), p.samples(), p.units() == Math.rint(p.units()) ? Long.toString((long) p.units()) : format(p.units()))));
    return out.append('\n').toString();
  }

  /** Rows by the first system's excess over the second (or by the first's own figure when alone). */
  private static double sortKey(List<Profile> profiles, String category) {
    double first = profiles.get(0).msPerUnit().getOrDefault(category, 0.0);
    return profiles.size() == 2 ? first - profiles.get(1).msPerUnit().getOrDefault(category, 0.0) : first;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+.2f", value);
  }
}
