package io.sopflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.icegreen.greenmail.util.GreenMail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Start-up only ({@code -Dbench.mode=startup}): both systems, on an empty and on a loaded database, without and with
 * class-data sharing (as the image runs), several rounds with the systems' order swapped every round, so that each
 * figure is a median of starts minutes apart rather than one sample of this virtual machine's drift (the full run
 * starts each system once per condition). Written to {@code startup.json} and {@code startup.md} in
 * {@code bench.output}.
 *
 * <p>Per database and system: a database is loaded with {@code bench.loadIncidents} open incidents through the API
 * (16 clients); each system's class-data sharing archive is made once, as the image makes it ({@link Harness#cdsFor});
 * then every round starts each system four times: loaded, empty (a second database, recreated before each start), each
 * without and with the archive; the systems' order and the order without/with the archive swap every round.
 *
 * <pre>./mvnw -B -Pbench verify -Dbench.mode=startup
 * ./mvnw -B -Pbench verify -Dbench.mode=startup -Dbench.args="databases=h2 rounds=5 loadIncidents=500"</pre>
 */
final class StartupBench {

  private static final List<String> CONDITIONS = List.of("loadedMs", "emptyMs", "loadedWithCdsMs", "emptyWithCdsMs");

  private final BenchConfig config;
  private final Harness harness;
  private final int rounds;
  private final int loadIncidents;
  private final Map<String, Object> results = new LinkedHashMap<>();

  private StartupBench(BenchConfig config) {
    this.config = config;
    this.harness = new Harness(config);
    this.rounds = Integer.getInteger("bench.rounds", 3);
    this.loadIncidents = Integer.getInteger("bench.loadIncidents", 2_000);
  }

  static void run() throws IOException {
    new StartupBench(BenchConfig.fromSystemProperties()).measure();
  }

  private void measure() throws IOException {
    Files.createDirectories(config.output());
    Map<String, Object> meta = Environment.describe(config);
    meta.put("rounds", rounds);
    meta.put("loadIncidents", loadIncidents);
    results.put("meta", meta);
    GreenMail greenMail = Harness.startSmtpSink();
    try {
      for (String db : config.databases()) {
        results.put(db, database(db, greenMail.getSmtp().getPort()));
        write();
      }
    } finally {
      greenMail.stop();
    }
    meta.put("finishedAt", Instant.now().toString());
    write();
    System.out.println(markdown());
  }

  private Map<String, Object> database(String db, int smtp) {
    List<Target> targets = List.of(new SopFlowTarget(), new BareTarget());
    Map<String, Object> perDb = new LinkedHashMap<>();
    Map<String, Database> loaded = new LinkedHashMap<>();
    Map<String, Database> empty = new LinkedHashMap<>();
    try {
      for (Target target : targets) {
        Database database = Database.of(db, target.name() + "_startup_loaded", config.output())
            .withCharset(config.mariadbCharset());
        loaded.put(target.name(), database);
        empty.put(target.name(), Database.of(db, target.name() + "_startup_empty", config.output())
            .withCharset(config.mariadbCharset()));
        database.recreate();
        load(target, database, smtp, db);
        harness.cdsFor(target, smtp);
        Map<String, Object> samples = new LinkedHashMap<>();
        CONDITIONS.forEach(c -> samples.put(c, new ArrayList<Long>()));
        perDb.put(target.name(), samples);
      }
      for (int round = 0; round < rounds; round++) {
        // The systems' order and the order of the starts without and with the archive swap every round.
        List<Boolean> archive = round % 2 == 0 ? List.of(false, true) : List.of(true, false);
        for (int k = 0; k < targets.size(); k++) {
          Target target = targets.get(round % 2 == 0 ? k : targets.size() - 1 - k);
          @SuppressWarnings("unchecked")
          Map<String, List<Long>> samples = (Map<String, List<Long>>) (Map<String, ?>) perDb.get(target.name());
          for (boolean cds : archive) {
            Harness.Cds made = harness.cdsFor(target, smtp);
            String classpath = cds ? made.classpath() : harness.classpathFor(target);
            List<String> jvm = cds ? made.jvmOptions(config.jvmOptions()) : config.jvmOptions();
            String suffix = cds ? "WithCdsMs" : "Ms";
            samples.get("loaded" + suffix).add(start(target, classpath, jvm, loaded.get(target.name()), smtp, db,
                "loaded" + suffix));
            Database scratch = empty.get(target.name());
            scratch.recreate();
            samples.get("empty" + suffix).add(start(target, classpath, jvm, scratch, smtp, db, "empty" + suffix));
          }
        }
        write();
      }
      return perDb;
    } finally {
      loaded.values().forEach(Database::drop);
      empty.values().forEach(Database::drop);
    }
  }

  /** Starts, loads {@code loadIncidents} open incidents through the API at 16 clients, stops. */
  private void load(Target target, Database database, int smtp, String db) {
    try (SystemProcess system = SystemProcess.start(target, harness.classpathFor(target), config.jvmOptions(), database,
        smtp, log(target, db, "load"), Duration.ofMinutes(4))) {
      target.afterStart(system.http());
      AtomicInteger failed = new AtomicInteger();
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
          futures.add(pool.submit(() -> {
            while (next.getAndIncrement() < loadIncidents) {
              if (!target.create(system.http(), false).ok()) {
                failed.incrementAndGet();
              }
            }
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      log(target.name() + "/" + db, "loaded " + loadIncidents + " incidents (" + failed + " failed)");
      if (failed.get() > 0) {
        throw new IllegalStateException(target.name() + ": " + failed + " incidents could not be created");
      }
    } catch (Exception e) {
      throw new IllegalStateException(target.name() + "/" + db + ": loading failed", e);
    }
  }

  private long start(Target target, String classpath, List<String> jvm, Database database, int smtp, String db,
      String condition) {
    try (SystemProcess system = SystemProcess.start(target, classpath, jvm, database, smtp,
        log(target, db, condition), Duration.ofMinutes(4))) {
      log(target.name() + "/" + db, condition + " " + system.startupMillis());
      return system.startupMillis();
    }
  }

  private Path log(Target target, String db, String what) {
    return config.output().resolve("logs").resolve("startup-" + target.name() + "-" + db + "-" + what + ".log");
  }

  private void write() {
    try {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(config.output().resolve("startup.json").toFile(), results);
      Files.writeString(config.output().resolve("startup.md"), markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private String markdown() {
    StringBuilder md = new StringBuilder("# Start-up to health UP, ms: median (every sample, in round order)\n\n");
    md.append("| Database | System | loaded | empty | loaded, class-data sharing | empty, class-data sharing |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (Map.Entry<String, Object> db : results.entrySet()) {
      if ("meta".equals(db.getKey())) {
        continue;
      }
      for (Map.Entry<String, Object> system : ((Map<String, Object>) db.getValue()).entrySet()) {
        Map<String, List<Long>> samples = (Map<String, List<Long>>) system.getValue();
        md.append("| ").append(db.getKey()).append(" | ").append(system.getKey());
        for (String condition : CONDITIONS) {
          List<Long> values = samples.get(condition);
          md.append(" | ").append(values.isEmpty() ? "-" : median(values) + " (" + values + ")");
        }
        md.append(" |\n");
      }
    }
    return md.toString();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void log(String label, String message) {
    System.out.printf("[startup] %-16s %s%n", label, message);
  }
}
