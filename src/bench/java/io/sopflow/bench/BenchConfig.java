package io.sopflow.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one run measures and how much. Two presets: {@code full} (the run of docs/benchmarks.md, about 20 minutes on
 * 2 cores) and {@code smoke} (tiny numbers, for BenchmarkSmokeTest). Every figure can be overridden with a system
 * property {@code bench.<name>} (see {@link #fromSystemProperties()}).
 */
record BenchConfig(
    String scale,
    List<String> databases,
    List<Integer> clients,
    int repeats,
    int warmupLifecycles,
    Map<Integer, Integer> lifecyclesPerRun,
    Map<String, Integer> openIncidents,
    Map<String, Integer> stormSize,
    Map<String, Integer> createSeconds,
    int stormWarmup,
    int apiRequests,
    int stormTimeoutSeconds,
    String mariadbCharset,
    boolean jfr,
    boolean mixed,
    boolean cds,
    List<String> jvmOptions,
    Path profiler,
    Path output,
    Path appClasses,
    List<String> systemLibraries) {

  static BenchConfig fromSystemProperties() {
    // -Dbench.args="h2.storm=2000 mariadb.open=5000": several overrides through one Maven property.
    for (String pair : System.getProperty("bench.args", "").trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        System.setProperty("bench." + pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    String scale = System.getProperty("bench.scale", "full");
    boolean smoke = "smoke".equals(scale);
    List<String> databases = list(System.getProperty("bench.databases", smoke ? "h2" : "h2,mariadb"));
    List<Integer> clients = list(System.getProperty("bench.clients", smoke ? "1,4" : "1,4,16")).stream().map(Integer::parseInt).toList();
    int repeats = Integer.getInteger("bench.repeats", smoke ? 2 : 3);
    int warmup = Integer.getInteger("bench.warmup", smoke ? 4 : 30);
    Map<Integer, Integer> perRun = new LinkedHashMap<>();
    for (int c : clients) {
      // Enough lifecycles per run that every client does several; the smoke test does one per client.
      int full = c == 1 ? 20 : c == 4 ? 30 : c * 4;
      perRun.put(c, Integer.getInteger("bench.lifecycles." + c, smoke ? c : full));
    }
    Map<String, Integer> open = new LinkedHashMap<>();
    Map<String, Integer> storm = new LinkedHashMap<>();
    Map<String, Integer> createSeconds = new LinkedHashMap<>();
    for (String db : databases) {
      boolean h2 = "h2".equals(db);
      int defaultOpen = smoke ? 20 : 10_000;
      int defaultStorm = smoke ? 10 : h2 ? 3_000 : 1_000;
      // Creating the open incidents through the API is time-boxed (SOPFlow first; the bare engine then gets exactly
      // as many), so that the whole run fits into about 20 minutes on 2 cores.
      int defaultBox = smoke ? 300 : h2 ? 110 : 80;
      int o = Integer.getInteger("bench." + db + ".open", Integer.getInteger("bench.open", defaultOpen));
      int s = Integer.getInteger("bench." + db + ".storm", Integer.getInteger("bench.storm", defaultStorm));
      open.put(db, Math.max(o, s));
      storm.put(db, s);
      createSeconds.put(db, Integer.getInteger("bench." + db + ".createSeconds", defaultBox));
    }
    // A storm of this many escalations before the measured one (0: none), so that the measured storm meets code that
    // has escalated before, as a running system's does; reported as the cold storm.
    int stormWarmup = Integer.getInteger("bench.stormWarmup", smoke ? 3 : 300);
    int apiRequests = Integer.getInteger("bench.apiRequests", smoke ? 16 : 150);
    int stormTimeout = Integer.getInteger("bench.stormTimeoutSeconds", smoke ? 300 : 240);
    String charset = System.getProperty("bench.mariadbCharset", "utf8mb4");
    boolean jfr = Boolean.parseBoolean(System.getProperty("bench.jfr", smoke ? "false" : "true"));
    // The mixed workload (incidents, changes, service requests; SOPFlow only) after the incident-only lifecycles.
    boolean mixed = Boolean.parseBoolean(System.getProperty("bench.mixed", "true"));
    // Start-up again with class-data sharing, as the image runs (one training run per system, two starts per system
    // and database: about 4 minutes of the full run, so not in the smoke test).
    boolean cds = Boolean.parseBoolean(System.getProperty("bench.cds", smoke ? "false" : "true"));
    // Both systems get the same JVM options: by default a fixed heap and collector, and the options every SOPFlow node
    // runs with (jvm.options, which the image passes to its JVM), so that the comparison is of the deployed JVM. As on
    // java's command line, @<file> stands for the options in that file.
    List<String> jvmOptions = list(System.getProperty("bench.jvmOptions", "-Xmx1g -XX:+UseG1GC @jvm.options")
        .replace(' ', ',')).stream()
        .flatMap(o -> o.startsWith("@") ? nodeJvmOptions(Path.of(o.substring(1)).toAbsolutePath()).stream() : Stream.of(o))
        .toList();
    // async-profiler's agent (libasyncProfiler.so, e.g. from Maven Central's tools.profiler:async-profiler, classifier
    // linux-x64): when given, the measured lifecycles (after their warm-up) and the storm (from the release to its
    // last mail) are profiled (CPU, every thread), one collapsed-stack file per system, database and phase under
    // profiles/. JFR's sampler misses most of a storm's CPU on two busy cores; this one counts CPU time, not samples
    // of running threads (docs/benchmarks.md, step 24).
    String profilerPath = System.getProperty("bench.profiler", "");
    Path profiler = profilerPath.isBlank() ? null : Path.of(profilerPath).toAbsolutePath();
    Path output = Path.of(System.getProperty("bench.output", "target/bench")).toAbsolutePath();
    Path appClasses = Path.of(System.getProperty("bench.appClasses", "target/classes")).toAbsolutePath();
    List<String> systemLibraries = systemLibraries(
        Path.of(System.getProperty("bench.systemClasspath", "target/runtime.classpath")).toAbsolutePath());
    return new BenchConfig(scale, databases, clients, repeats, warmup, perRun, open, storm, createSeconds, stormWarmup,
        apiRequests, stormTimeout, charset, jfr, mixed, cds, jvmOptions, profiler, output, appClasses, systemLibraries);
  }

  /**
   * The libraries both systems run with: SOPFlow's runtime scope (the jar's and the image's libraries), which the build
   * writes to {@code target/runtime.classpath}; not the harness's own class path, which holds every test library too
   * (until step 27 the systems ran with them: 85 more jars, spring-boot-test's context initializer among them).
   */
  static List<String> systemLibraries(Path file) {
    String content;
    try {
      content = Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalStateException("bench.systemClasspath: cannot read " + file
          + " (the build writes it: ./mvnw -DskipTests package)", e);
    }
    List<String> libraries = Arrays.stream(content.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    if (libraries.isEmpty()) {
      throw new IllegalStateException("bench.systemClasspath: " + file + " lists no library");
    }
    return libraries;
  }

  Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("scale", scale);
    d.put("databases", databases);
    d.put("clients", clients);
    d.put("repeatsPerConcurrency", repeats);
    d.put("warmupLifecycles", warmupLifecycles);
    d.put("lifecyclesPerRun", lifecyclesPerRun);
    d.put("openIncidents", openIncidents);
    d.put("stormSize", stormSize);
    d.put("openIncidentCreationTimeBoxSeconds", createSeconds);
    d.put("coldStormEscalations", stormWarmup);
    d.put("apiRequestsPerOperationAndConcurrency", apiRequests);
    d.put("stormTimeoutSeconds", stormTimeoutSeconds);
    d.put("mariadbCharset", mariadbCharset);
    d.put("jfr", jfr);
    d.put("mixedWorkload", mixed);
    d.put("classDataSharing", cds);
    d.put("systemJvmOptions", jvmOptions);
    d.put("systemLibraries", systemLibraries.size());
    if (profiler != null) {
      d.put("profiler", profiler.toString());
    }
    return d;
  }

  /** The options of an argument file as the {@code java} launcher reads it: one per line, {@code #} starts a comment. */
  static List<String> nodeJvmOptions(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the nodes' JVM options " + file, e);
    }
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
