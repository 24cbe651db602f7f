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
import java.util.stream.Stream;

/**
 * Where a start-up's time goes: reads an async-profiler profile of one start (collapsed stacks recorded with the
 * {@code threads} option, so that each stack begins with its thread, e.g. {@code [main tid=7]}) and prints two
 * Markdown tables: the samples by thread (the start-up thread, the JIT compilers, the JPA bootstrap, ...) and the
 * start-up thread's samples by phase (Liquibase, the engine's build, SOPFlow's own set-up, ...). With {@code event=cpu}
 * a sample is CPU time, with {@code event=wall} it is elapsed time whatever the thread did (so the start-up thread's
 * waits show in its phases, while the thread table then counts every thread's whole life, idle or not: read it from a
 * CPU profile). Issue #24 step 26 (docs/benchmarks.md).
 *
 * <p>A single-file program without dependencies, so it runs straight from its source:
 * <pre>
 * JVM_OPTS="-agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=start,event=cpu,interval=10ms,threads,file=/tmp/start.collapsed" \
 *   scripts/startup-cpu.sh sopflow_startup
 * java src/bench/java/io/sopflow/bench/StartupProfile.java /tmp/start.collapsed 10
 * </pre>
 * The second argument is the sampling interval in milliseconds (the profiler's {@code interval}).
 */
public final class StartupProfile {

  /** Phases of the start-up thread, each by the frames that mark it; the first phase found in a stack wins. */
  private static final Map<String, List<String>> PHASES = new LinkedHashMap<>();

  static {
    PHASES.put("waiting for the JPA EntityManagerFactory (built in the background)",
        List.of("AbstractEntityManagerFactoryBean.getNativeEntityManagerFactory"));
    PHASES.put("Liquibase, or the check that skips it", List.of("liquibase/", "io/sopflow/platform/UnchangedSchemaSkip"));
    PHASES.put("engine: MyBatis mapping set-up", List.of("ProcessEngineConfigurationImpl.initSqlSessionFactory"));
    PHASES.put("engine: the rest of its build", List.of("org/camunda/bpm/engine/spring/ProcessEngineFactoryBean"));
    PHASES.put("SOPFlow's own set-up (identity, demo data, catalogues, models)", List.of("io/sopflow/"));
    PHASES.put("web server (Tomcat, servlet context)", List.of("ServletWebServerApplicationContext.createWebServer",
        "org/springframework/boot/web/embedded/tomcat/"));
    PHASES.put("configuration classes, component scan, conditions",
        List.of("AbstractApplicationContext.invokeBeanFactoryPostProcessors"));
    PHASES.put("creating the other beans (Spring Boot, Security, Data, Camunda's starters)",
        List.of("AbstractApplicationContext.finishBeanFactoryInitialization",
            "AbstractApplicationContext.registerBeanPostProcessors"));
    PHASES.put("environment, logging, context preparation",
        List.of("SpringApplication.prepareEnvironment", "SpringApplication.prepareContext"));
    PHASES.put("the rest of SpringApplication.run", List.of("org/springframework/boot/SpringApplication.run"));
  }

  private static final String BEFORE_MAIN = "JVM start and the rest";
  private static final String START_UP_THREAD = "start-up thread (main)";

  private StartupProfile() {}

  /** Samples by thread group and the start-up thread's samples by phase. */
  record Summary(Map<String, Long> threads, Map<String, Long> phases, long samples) {}

  public static void main(String[] args) {
    if (args.length != 2) {
      usage("two arguments expected, got " + args.length);
    }
    Path file = Path.of(args[0]);
    if (!Files.isReadable(file)) {
      usage("no such file: " + file);
    }
    double interval = interval(args[1]);
    if (!(interval > 0)) {
      usage("the interval is not a positive number of milliseconds: " + args[1]);
    }
    Summary summary = read(file);
    if (!summary.threads().containsKey(START_UP_THREAD)) {
      usage("no start-up thread in " + file + " (record it with async-profiler's 'threads' option)");
    }
    System.out.print(tables(summary, interval));
  }

  private static double interval(String text) {
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
    System.err.println("StartupProfile: " + problem);
    System.err.println("usage: java StartupProfile.java start.collapsed interval-ms");
    System.exit(2);
  }

  static Summary read(Path collapsed) {
    Map<String, Long> threads = new LinkedHashMap<>();
    Map<String, Long> phases = new LinkedHashMap<>();
    long[] samples = {0};
    try (Stream<String> lines = Files.lines(collapsed)) {
      lines.filter(line -> !line.isBlank()).forEach(line -> {
        int space = line.lastIndexOf(' ');
        long count = count(line, space, collapsed);
        String stack = line.substring(0, space);
        String thread = thread(stack);
        samples[0] += count;
        threads.merge(thread, count, Long::sum);
        if (thread.equals(START_UP_THREAD)) {
          phases.merge(phase(stack), count, Long::sum);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      usage("cannot read " + collapsed + " as text: " + e.getMessage());
    }
    return new Summary(threads, phases, samples[0]);
  }

  /** The thread group of a stack, from its first frame ({@code [name tid=n]}) and, for pool threads, its work. */
  static String thread(String stack) {
    int end = stack.indexOf(';');
    String first = end < 0 ? stack : stack.substring(0, end);
    String name = first.startsWith("[") ? first.substring(1, first.endsWith("]") ? first.length() - 1 : first.length())
        .replaceAll(" tid=\\d+$", "") : "";
    if (stack.contains("io/sopflow/SopFlowApplication.main") || name.equals("main") || name.equals("DestroyJavaVM")) {
      return START_UP_THREAD;
    }
    if (name.startsWith("C2 Compiler")) {
      return "JIT: C2 compiler";
    }
    if (name.startsWith("C1 Compiler")) {
      return "JIT: C1 compiler";
    }
    if (name.startsWith("GC ") || name.startsWith("G1 ") || name.equals("VM Thread")) {
      return "garbage collector, VM thread";
    }
    if (stack.contains("org/hibernate/jpa/boot/") || stack.contains("LocalContainerEntityManagerFactoryBean")) {
      return "JPA EntityManagerFactory (background bootstrap)";
    }
    if (stack.contains("ScheduledMethodRunnable")) {
      return "SOPFlow's scheduled tasks";
    }
    return "other threads";
  }

  /** The start-up phase of a stack of the start-up thread. */
  static String phase(String stack) {
    String[] frames = stack.split(";");
    for (Map.Entry<String, List<String>> phase : PHASES.entrySet()) {
      for (String frame : frames) {
        if (frame.startsWith("io/sopflow/SopFlowApplication")) {
          continue;
        }
        for (String marker : phase.getValue()) {
          if (frame.contains(marker)) {
            return phase.getKey();
          }
        }
      }
    }
    return BEFORE_MAIN;
  }

  static String tables(Summary summary, double intervalMs) {
    StringBuilder out = new StringBuilder();
    table(out, "Thread", summary.threads(), summary.samples(), intervalMs);
    out.append('\n');
    table(out, "Start-up thread, by phase", summary.phases(),
        summary.phases().values().stream().mapToLong(Long::longValue).sum(), intervalMs);
    return out.toString();
  }

  private static void table(StringBuilder out, String title, Map<String, Long> rows, long total, double intervalMs) {
    out.append("| ").append(title).append(" | s | % |\n|---|---:|---:|\n");
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(rows.entrySet());
    sorted.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    for (Map.Entry<String, Long> row : sorted) {
      out.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f |%n", row.getKey(),
          row.getValue() * intervalMs / 1000, 100.0 * row.getValue() / total));
    }
    out.append(String.format(Locale.ROOT, "| **total** | **%.2f** | 100 |%n", total * intervalMs / 1000));
  }
}
