package io.sopflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark run. For each database, each system (SOPFlow, then the bare engine) is started in its own JVM on an
 * empty database and taken through the same phases (the lifecycles in JVMs of their own, both systems at once):
 *
 * <ol>
 *   <li>incident lifecycles (create, triage, resolve, confirm through the task API) at 1, 4 and 16 clients, after a
 *       warm-up, repeated: both systems side by side, their runs alternating ({@link #lifecyclesSideBySide});
 *   <li>then per system: start-up to health UP (empty database) and a warm-up of as many lifecycles as ran side by
 *       side;
 *   <li>the storm set: the response timers are suspended (job definition), the open incidents are created (the storm
 *       ones with a response timer already due), then the timers' jobs are activated at one moment and the harness
 *       watches escalations (engine history) and escalation mails (GreenMail) until all are done;
 *   <li>API latency with the open incidents in the database at 1, 4 and 16 clients;
 *   <li>the mixed workload (SOPFlow only; last, so that both systems meet the storm equally warmed up);
 *   <li>heap and RSS after the load; stop; start-up again on the loaded database.
 * </ol>
 */
final class Harness {

  record Outcome(Path json, Path markdown, Map<String, Object> results) {}

  static final List<String> STEPS = List.of("create", "triage.find", "triage.complete", "resolve.find",
      "resolve.complete", "confirm.find", "confirm.complete", "ended");

  /** A lifecycle counts only once its process instance has ended; one still open this long after its last task fails. */
  static final long MAX_OPEN_AFTER_LAST_TASK_MILLIS = 30_000;
  private static final Pattern INCIDENT_NUMBER = Pattern.compile("INC-[A-Z]?\\d+");

  private final BenchConfig config;
  private final Path output;
  private GreenMail greenMail;
  private final long runStart = System.nanoTime();
  /** Per database: {open, storm} as SOPFlow reached them in its time box; the bare engine gets the same. */
  private final Map<String, int[]> sizes = new HashMap<>();
  /** Per system: its jars and class-data sharing archive, made once per run ({@link #cdsFor}). */
  private final Map<String, Cds> cds = new HashMap<>();

  Harness(BenchConfig config) {
    this.config = config;
    this.output = config.output();
  }

  Outcome run() throws IOException {
    Files.createDirectories(output);
    Map<String, Object> results = new LinkedHashMap<>();
    Map<String, Object> meta = Environment.describe(config);
    results.put("meta", meta);
    greenMail = startSmtpSink();
    Map<String, Object> databases = new LinkedHashMap<>();
    results.put("databases", databases);
    try {
      for (String db : config.databases()) {
        Map<String, Object> perDb = new LinkedHashMap<>();
        databases.put(db, perDb);
        List<Target> targets = List.of(new SopFlowTarget(), new BareTarget());
        Map<String, Map<String, Object>> lifecycles = lifecyclesSideBySide(targets, db);
        for (Target target : targets) {
          perDb.put(target.name(), runSystem(target, db, lifecycles.get(target.name())));
          Report.write(results, output); // partial results survive a later failure
        }
      }
    } finally {
      greenMail.stop();
    }
    meta.put("finishedAt", Instant.now().toString());
    meta.put("durationSeconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - runStart));
    meta.put("loadAverageAtEnd", Environment.loadAverage());
    Report.addFigures(results);
    Report.write(results, output);
    return new Outcome(output.resolve("results.json"), output.resolve("results.md"), results);
  }

  // ------------------------------------------------------------------------------------------------ one system

  /** Every phase of one system but the lifecycles, which were measured side by side ({@code lifecycles}, may be null). */
  private Map<String, Object> runSystem(Target target, String db, Map<String, Object> lifecycles) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("loadAverageAtStart", Environment.loadAverage());
    Database database = Database.of(db, target.name(), output).withCharset(config.mariadbCharset());
    String label = target.name() + "/" + db;
    List<String> errors = new ArrayList<>();
    r.put("errors", errors);
    try {
      database.recreate();
      Path jfrFile = output.resolve("profiles").resolve(target.name() + "-" + db + ".jfr");
      List<String> jvm = new ArrayList<>(config.jvmOptions());
      if (config.jfr()) {
        Files.createDirectories(jfrFile.getParent());
        Files.deleteIfExists(jfrFile);
        jvm.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
      }
      Map<String, Object> startup = new LinkedHashMap<>();
      r.put("startup", startup);
      log(label, "starting on an empty " + db + " database");
      List<Target.Created> open;
      try (SystemProcess system = SystemProcess.start(target, classpathFor(target), jvm, database,
          greenMail.getSmtp().getPort(), output.resolve("logs").resolve(target.name() + "-" + db + ".log"),
          Duration.ofMinutes(4))) {
        startup.put("emptyDatabaseMs", system.startupMillis());
        log(label, "health UP after " + system.startupMillis() + " ms");
        Http http = system.http();
        target.afterStart(http);

        r.put("lifecycles", lifecycles);
        if (lifecycles == null) {
          errors.add("lifecycles: the side-by-side phase failed for " + target.name() + "; see the harness log");
        }
        // The lifecycles ran in other JVMs: as many again here, so that the storm meets a system as warmed up as when
        // it followed them in this JVM. 30 alone left SOPFlow's larger code base colder than the bare engine's
        // (storm and bulk creation of the run of 2026-12-06 02:05).
        int warmUp = config.warmupLifecycles() + config.clients().stream()
            .mapToInt(c -> config.repeats() * config.lifecyclesPerRun().get(c)).sum();
        log(label, "warm-up: " + warmUp + " lifecycles at 16 clients");
        phase(errors, "warm-up", () -> runLifecycles(target, http, 16, warmUp, newSteps()));
        if (config.stormWarmup() > 0) {
          // The lifecycles never escalate: without this, the timer job, the escalation's steps and the next tier's
          // task would run for the first time in the measured storm, and both systems escalate about twice as fast
          // once they have (docs/benchmarks.md, step 24). A storm of stormWarmup escalations first, for both systems,
          // reported as the cold storm.
          Map<String, Object> cold = new LinkedHashMap<>();
          r.put("coldStorm", cold);
          List<Target.Created> escalated = phase(errors, "cold storm",
              () -> storm(target, system, http, db, label + " cold", cold, true));
          // Their next tier's response timers wait, suspended, and would join the measured storm's release.
          phase(errors, "cold storm clean-up", () -> deleteInstances(http, escalated));
        }
        Map<String, Object> storm = new LinkedHashMap<>();
        r.put("storm", storm);
        open = phase(errors, "storm", () -> storm(target, system, http, db, label, storm, false));
        r.put("api", phase(errors, "api", () -> api(target, http, open == null ? List.of() : open, label)));
        // Last, so that both systems meet the storm equally warmed up (start, the same warm-up, nothing else).
        if (target instanceof SopFlowTarget sopflow && config.mixed()) {
          r.put("mixed", phase(errors, "mixed", () -> mixed(sopflow, http, label)));
        }

        Map<String, Object> memory = new LinkedHashMap<>();
        r.put("memory", memory);
        Http.Answer count = http.get("admin", "/engine-rest/process-instance/count");
        long openInstances = count.ok() ? count.json().path("count").asLong() : -1;
        startup.put("openProcessInstancesAtRestart", openInstances);
        memory.put("heapUsedAfterLoadMb", Latency.round(system.heapUsedMb()));
        memory.put("rssAfterLoadMb", Latency.round(system.rssMb()));
        system.fullGc();
        Thread.sleep(500);
        memory.put("heapUsedAfterFullGcMb", Latency.round(system.heapUsedMb()));
        memory.put("rssAfterFullGcMb", Latency.round(system.rssMb()));
        memory.put("liveSetMb", Latency.round(system.liveSetMb()));
        log(label, "memory " + memory + "; stopping");
      }
      log(label, "restarting on the loaded database");
      try (SystemProcess again = SystemProcess.start(target, classpathFor(target), config.jvmOptions(), database,
          greenMail.getSmtp().getPort(), output.resolve("logs").resolve(target.name() + "-" + db + "-restart.log"),
          Duration.ofMinutes(4))) {
        startup.put("loadedDatabaseMs", again.startupMillis());
        log(label, "health UP after " + again.startupMillis() + " ms (loaded)");
      }
      if (config.cds()) {
        Map<String, Object> cds = phase(errors, "cds", () -> startupWithClassDataSharing(target, db, database, label));
        if (cds != null) {
          startup.putAll(cds);
        }
      }
      if (config.jfr() && Files.exists(jfrFile)) {
        r.put("profile", phase(errors, "profile", () -> JfrSummary.summarise(jfrFile, 20)));
      }
    } catch (Exception e) {
      errors.add(label + ": " + e);
      log(label, "FAILED: " + e);
    } finally {
      try {
        database.drop();
      } catch (RuntimeException e) {
        errors.add("drop " + db + ": " + e.getMessage());
      }
    }
    r.put("loadAverageAtEnd", Environment.loadAverage());
    return r;
  }

  /**
   * Start-up as the image runs it (Dockerfile): the class path in jars and the system's class-data sharing archive
   * ({@link #cdsFor}), start-up with it on the loaded database and, after recreating it, on an empty one. The same for
   * both systems and JVM options; {@code -Xshare:on} makes a JVM that cannot use its archive refuse to start instead of
   * starting without it.
   */
  private Map<String, Object> startupWithClassDataSharing(Target target, String db, Database database, String label) {
    Map<String, Object> r = new LinkedHashMap<>();
    int smtp = greenMail.getSmtp().getPort();
    Cds cds = cdsFor(target, smtp);
    r.put("cdsTrainingMs", cds.trainingMs());
    r.put("cdsArchiveMb", cds.archiveMb());
    Path logs = output.resolve("logs");
    try (SystemProcess loaded = SystemProcess.start(target, cds.classpath(), cds.jvmOptions(config.jvmOptions()),
        database, smtp, logs.resolve(target.name() + "-" + db + "-cds-loaded.log"), Duration.ofMinutes(4))) {
      r.put("loadedDatabaseWithCdsMs", loaded.startupMillis());
      log(label, "health UP after " + loaded.startupMillis() + " ms (loaded, class-data sharing)");
    }
    database.recreate();
    try (SystemProcess empty = SystemProcess.start(target, cds.classpath(), cds.jvmOptions(config.jvmOptions()),
        database, smtp, logs.resolve(target.name() + "-" + db + "-cds-empty.log"), Duration.ofMinutes(4))) {
      r.put("emptyDatabaseWithCdsMs", empty.startupMillis());
      log(label, "health UP after " + empty.startupMillis() + " ms (empty, class-data sharing)");
    }
    return r;
  }

  /** A system's class path in jars and the class-data sharing archive made for exactly those jars. */
  record Cds(String classpath, Path archive, long trainingMs) {

    List<String> jvmOptions(List<String> base) {
      List<String> jvm = new ArrayList<>(base);
      jvm.add("-Xshare:on");
      jvm.add("-XX:SharedArchiveFile=" + archive);
      return jvm;
    }

    double archiveMb() {
      try {
        return Math.round(Files.size(archive) / 1048576.0 * 10) / 10.0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The system's archive, made once per run as the image makes it (scripts/cds-archive.sh): a training run on an empty
   * H2 database, so that it holds the classes of a first start (Liquibase's among them), and used on every database
   * (the image's archive is trained on H2 too; the MySQL driver's classes come from their jar).
   */
  Cds cdsFor(Target target, int smtpPort) {
    return cds.computeIfAbsent(target.name(), name -> {
      String classpath = jarredClasspathFor(target);
      Database training = Database.of("h2", name + "_cds_training", output);
      training.recreate();
      try {
        Path archive = output.resolve("cds").resolve(name + ".jsa");
        log(name, "class-data sharing: training run on an empty H2 database");
        long millis = SystemProcess.trainClassDataSharing(target, classpath, config.jvmOptions(), training, smtpPort,
            archive, output.resolve("logs").resolve(name + "-cds-training.log"), Duration.ofMinutes(4));
        return new Cds(classpath, archive, millis);
      } finally {
        training.drop();
      }
    });
  }

  /** The SMTP sink the systems mail to (GreenMail on 127.0.0.1, a free port, no authentication), started. */
  static GreenMail startSmtpSink() {
    GreenMail greenMail = new GreenMail(new ServerSetup(SystemProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    greenMail.start();
    return greenMail;
  }

  private <T> T phase(List<String> errors, String name, Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      errors.add(name + ": " + e);
      System.out.println("  phase " + name + " failed: " + e);
      e.printStackTrace(System.out);
      return null;
    }
  }

  // ------------------------------------------------------------------------------------------------ lifecycles

  /**
   * The incident lifecycles of both systems, measured side by side: both run at once, each on its own empty database,
   * and the runs alternate (at each concurrency and repeat one system's run, then the other's, the order swapped every
   * repeat), so that each ratio compares neighbouring minutes. Measured one system after the other, a ratio also held
   * the virtual machine's drift between the two turns: 0.82-0.86 and, four minutes later, 0.47-0.61 for the same
   * commit (docs/benchmarks.md, run of 2026-12-06). The price is the idle system's background work (job acquisition,
   * scheduled tasks) beside the measured one; SOPFlow's is the larger, about 2 % of the machine in its favour (stated
   * with the results). Returns the results per system name; a system that failed is left out.
   */
  private Map<String, Map<String, Object>> lifecyclesSideBySide(List<Target> targets, String db) {
    Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    List<SystemProcess> systems = new ArrayList<>();
    String label = "both/" + db;
    try {
      for (Target target : targets) {
        Database database = Database.of(db, target.name(), output).withCharset(config.mariadbCharset());
        database.recreate();
        List<String> jvm = new ArrayList<>(config.jvmOptions());
        if (config.jfr()) {
          Path jfrFile = output.resolve("profiles").resolve(target.name() + "-" + db + "-lifecycles.jfr");
          Files.createDirectories(jfrFile.getParent());
          Files.deleteIfExists(jfrFile);
          jvm.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
        }
        log(label, "starting " + target.name() + " for the lifecycles");
        SystemProcess system = SystemProcess.start(target, classpathFor(target), jvm, database,
            greenMail.getSmtp().getPort(),
            output.resolve("logs").resolve(target.name() + "-" + db + "-lifecycles.log"), Duration.ofMinutes(4));
        systems.add(system);
        target.afterStart(system.http());
      }
      Map<String, Map<Integer, LifecycleSeries>> series = new LinkedHashMap<>();
      for (int i = 0; i < targets.size(); i++) {
        Target target = targets.get(i);
        log(target.name() + "/" + db, "warm-up: " + config.warmupLifecycles() + " lifecycles at 4 clients");
        runLifecycles(target, systems.get(i).http(), 4, config.warmupLifecycles(), newSteps());
        series.put(target.name(), new LinkedHashMap<>());
      }
      if (config.profiler() != null) {
        for (SystemProcess system : systems) {
          system.startProfile(config.profiler());
        }
      }
      for (int clients : config.clients()) {
        int perRun = config.lifecyclesPerRun().get(clients);
        for (int repeat = 0; repeat < config.repeats(); repeat++) {
          for (int k = 0; k < targets.size(); k++) {
            int i = repeat % 2 == 0 ? k : targets.size() - 1 - k;
            Target target = targets.get(i);
            LifecycleSeries run = series.get(target.name()).computeIfAbsent(clients, c -> new LifecycleSeries(perRun));
            run.add(runLifecycles(target, systems.get(i).http(), clients, perRun, run.steps));
          }
        }
        for (Target target : targets) {
          log(target.name() + "/" + db, "lifecycles at " + clients + " clients: "
              + series.get(target.name()).get(clients).throughputs.stream().map(Latency::round).toList() + " /s");
        }
      }
      if (config.profiler() != null) {
        for (int i = 0; i < targets.size(); i++) {
          systems.get(i).stopProfile(config.profiler(),
              output.resolve("profiles").resolve(targets.get(i).name() + "-" + db + "-lifecycles.collapsed"));
        }
      }
      series.forEach((name, perClients) -> {
        Map<String, Object> result = new LinkedHashMap<>();
        perClients.forEach((clients, run) -> result.put("c" + clients, run.summary()));
        results.put(name, result);
      });
    } catch (Exception e) {
      log(label, "lifecycles FAILED: " + e);
      e.printStackTrace(System.out);
    } finally {
      for (SystemProcess system : systems) {
        system.close();
      }
    }
    return results;
  }

  /** The runs of one system at one concurrency. */
  private static final class LifecycleSeries {
    final int perRun;
    final Map<String, Latency> steps = newSteps();
    final List<Double> throughputs = new ArrayList<>();
    final List<Long> failed = new ArrayList<>();

    LifecycleSeries(int perRun) {
      this.perRun = perRun;
    }

    void add(double[] run) {
      throughputs.add(run[0]);
      failed.add((long) run[1]);
    }

    Map<String, Object> summary() {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("lifecyclesPerRun", perRun);
      c.put("runs", throughputs.stream().map(Latency::round).toList());
      c.put("failedLifecyclesPerRun", failed);
      List<Double> sorted = new ArrayList<>(throughputs);
      Collections.sort(sorted);
      double median = median(sorted);
      c.put("lifecyclesPerSecondMedian", Latency.round(median));
      c.put("lifecyclesPerSecondMin", Latency.round(sorted.get(0)));
      c.put("lifecyclesPerSecondMax", Latency.round(sorted.get(sorted.size() - 1)));
      c.put("spreadPercent", Latency.round(100.0 * (sorted.get(sorted.size() - 1) - sorted.get(0)) / median));
      Map<String, Object> stepSummaries = new LinkedHashMap<>();
      steps.forEach((name, latency) -> stepSummaries.put(name, latency.summary()));
      c.put("steps", stepSummaries);
      return c;
    }
  }

  /**
   * The mixed workload (SOPFlow only, see {@link MixedWorkload}): at each concurrency, runs of incidents, changes and
   * service requests in turn, counted by ended instances. Reported beside the incident-only figures.
   */
  private Map<String, Object> mixed(SopFlowTarget target, Http http, String label) {
    MixedWorkload workload = new MixedWorkload();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("kinds", MixedWorkload.KINDS);
    for (int clients : config.clients()) {
      Map<String, Latency> steps = MixedWorkload.newSteps();
      int kinds = MixedWorkload.KINDS.size();
      int perRun = (config.lifecyclesPerRun().get(clients) + kinds - 1) / kinds * kinds;
      List<Double> throughputs = new ArrayList<>();
      List<Long> failed = new ArrayList<>();
      for (int repeat = 0; repeat < config.repeats(); repeat++) {
        double[] run = runConcurrently(clients, perRun,
            n -> workload.lifecycle(MixedWorkload.KINDS.get(n % kinds), target, http, steps));
        throughputs.add(run[0]);
        failed.add((long) run[1]);
      }
      List<Double> sorted = new ArrayList<>(throughputs);
      Collections.sort(sorted);
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("lifecyclesPerRun", perRun);
      c.put("runs", throughputs.stream().map(Latency::round).toList());
      c.put("failedLifecyclesPerRun", failed);
      c.put("lifecyclesPerSecondMedian", Latency.round(median(sorted)));
      c.put("spreadPercent", Latency.round(100.0 * (sorted.get(sorted.size() - 1) - sorted.get(0)) / median(sorted)));
      Map<String, Object> stepSummaries = new LinkedHashMap<>();
      steps.forEach((name, latency) -> stepSummaries.put(name, latency.summary()));
      c.put("steps", stepSummaries);
      result.put("c" + clients, c);
      log(label, "mixed lifecycles at " + clients + " clients: " + c.get("runs") + " /s");
    }
    return result;
  }

  private static double median(List<Double> sorted) {
    return sorted.size() % 2 == 0 ? (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2
        : sorted.get(sorted.size() / 2);
  }

  private static Map<String, Latency> newSteps() {
    Map<String, Latency> steps = new LinkedHashMap<>();
    STEPS.forEach(s -> steps.put(s, new Latency()));
    return steps;
  }

  /** Returns {lifecycles per second, failed lifecycles}. */
  private double[] runLifecycles(Target target, Http http, int clients, int count, Map<String, Latency> steps) {
    return runConcurrently(clients, count, n -> lifecycle(target, http, steps));
  }

  /**
   * Runs lifecycles 0..count-1 on {@code clients} threads, each thread taking the next number until all are taken;
   * returns {completed lifecycles per second, failed lifecycles}.
   */
  private static double[] runConcurrently(int clients, int count, IntConsumer lifecycle) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      futures.add(pool.submit(() -> {
        int n;
        while ((n = next.getAndIncrement()) < count) {
          try {
            lifecycle.accept(n);
            completed.incrementAndGet();
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            if (failures.size() < 5) {
              failures.add(e.getMessage());
            }
          }
        }
      }));
    }
    awaitAll(pool, futures);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      System.out.println("  lifecycle failures: " + failures);
    }
    return new double[] {completed.get() / seconds, failed.get()};
  }

  static void lifecycle(Target target, Http http, Map<String, Latency> steps) {
    Http.Answer created = retrying(steps.get("create"), () -> target.create(http, false), "create");
    Target.Created incident = target.parseCreated(created);
    work(target, http, steps, "triage", "desk", incident, "Task_TriageIncident");
    work(target, http, steps, "resolve", "l2", incident, "Task_ResolveIncident");
    work(target, http, steps, "confirm", "desk", incident, "Task_ConfirmResolution");
    awaitEnded(http, steps.get("ended"), incident);
  }

  /**
   * Waits until the incident's process instance has ended, as the engine's history says, and records how long it
   * stayed open after its last task was completed (polled every 20 ms, so ±20 ms). A lifecycle is counted when its
   * instance has ended, not when its last task was completed: work left behind the last task (a mail job, an
   * asynchronous close) is part of the lifecycle.
   */
  static void awaitEnded(Http http, Latency ended, Target.Created incident) {
    long start = System.nanoTime();
    long deadline = start + MAX_OPEN_AFTER_LAST_TASK_MILLIS * 1_000_000L;
    while (System.nanoTime() < deadline) {
      Http.Answer answer = http.get("admin", "/engine-rest/history/process-instance/" + incident.processInstanceId());
      if (answer.ok() && !answer.json().path("endTime").isNull() && !answer.json().path("endTime").isMissingNode()) {
        ended.record(System.nanoTime() - start);
        return;
      }
      sleep(20);
    }
    ended.error();
    throw new IllegalStateException(incident.key() + " still open " + MAX_OPEN_AFTER_LAST_TASK_MILLIS
        + " ms after its last task");
  }

  /** Finds the task as the users' tools do and completes it as the person who works on it. */
  static void work(Target target, Http http, Map<String, Latency> steps, String step, String user,
      Target.Created incident, String taskDefinitionKey) {
    work(http, steps.get(step + ".find"), steps.get(step + ".complete"), step, user, incident, taskDefinitionKey,
        target.completion(taskDefinitionKey), 50);
  }

  /**
   * The same with the completion's variables given, and how often to look for the task (every 20 ms): a task behind
   * a timer or a job appears only when the job executor has run it.
   */
  static void work(Http http, Latency find, Latency complete, String step, String user, Target.Created incident,
      String taskDefinitionKey, Map<String, Object> completion, int findAttempts) {
    String taskId = null;
    for (int attempt = 0; attempt < findAttempts && taskId == null; attempt++) {
      Http.Answer tasks = timed(find, http.get(user, "/engine-rest/task?processInstanceId="
          + incident.processInstanceId() + "&taskDefinitionKey=" + taskDefinitionKey), step + ".find");
      JsonNode list = tasks.json();
      if (list.size() > 0) {
        taskId = list.get(0).path("id").asText();
      } else {
        sleep(20);
      }
    }
    if (taskId == null) {
      throw new IllegalStateException(taskDefinitionKey + " of " + incident.key() + " not found for " + user);
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    completion.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    String id = taskId;
    retrying(complete, () -> http.post(user, "/engine-rest/task/" + id + "/complete",
        Map.of("variables", variables)), step + ".complete");
  }

  private static Http.Answer timed(Latency latency, Http.Answer answer, String what) {
    if (!answer.ok()) {
      latency.error();
      throw new IllegalStateException(what + " answered " + answer.status() + ": " + Http.abbreviate(answer.body()));
    }
    latency.record(answer.nanos());
    return answer;
  }

  /**
   * A call that may meet a concurrent update: SOPFlow's "409 try again" and the engine's optimistic locking failure
   * (500, ENGINE-03005) are retried the way a user or script would (up to 10 times, short back-off). The time recorded
   * is the user's: from the first attempt to the answer that succeeded, back-off included; retries are counted.
   */
  static Http.Answer retrying(Latency latency, Supplier<Http.Answer> call, String what) {
    long start = System.nanoTime();
    Http.Answer answer = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      answer = call.get();
      if (answer.ok()) {
        latency.record(System.nanoTime() - start);
        return answer;
      }
      if (!isConflict(answer)) {
        break;
      }
      latency.retry();
      sleep(10L * (attempt + 1) + ThreadLocalRandom.current().nextInt(10));
    }
    latency.error();
    throw new IllegalStateException(what + " answered " + answer.status() + ": " + Http.abbreviate(answer.body()));
  }

  static boolean isConflict(Http.Answer answer) {
    return answer.status() == 409 || (answer.status() == 500 && (answer.body().contains("ENGINE-03005")
        || answer.body().contains("OptimisticLocking") || answer.body().contains("updated by another transaction")));
  }

  // ------------------------------------------------------------------------------------------------ storm

  private List<Target.Created> storm(Target target, SystemProcess system, Http http, String db, String label,
      Map<String, Object> r, boolean cold) {
    int[] reached = cold ? new int[] {config.stormWarmup(), config.stormWarmup()} : sizes.get(db);
    int openTarget = reached != null ? reached[0] : config.openIncidents().get(db);
    int stormTarget = reached != null ? reached[1] : config.stormSize().get(db);
    long boxNanos = TimeUnit.SECONDS.toNanos(reached != null ? 3L * config.createSeconds().get(db)
        : config.createSeconds().get(db));
    // 1. Suspend the response timers' job definitions: jobs created from now on are created suspended.
    String stormJobDefinition = suspendTimers(target, http);
    // 2. Create the open incidents (16 clients): the storm set first, with its response timer due at once.
    log(label, "creating " + openTarget + " open incidents (" + stormTarget + " with a due response timer)");
    Latency createLatency = new Latency();
    ConcurrentLinkedQueue<Target.Created> created = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Target.Created> stormCreated = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    int clients = 16;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      futures.add(pool.submit(() -> {
        int n;
        while ((n = next.getAndIncrement()) < openTarget && System.nanoTime() - start < boxNanos) {
          boolean storm = n < stormTarget;
          try {
            Http.Answer answer = retrying(createLatency, () -> target.create(http, storm), "create");
            Target.Created c = target.parseCreated(answer);
            created.add(c);
            if (storm) {
              stormCreated.add(c);
            }
          } catch (RuntimeException e) {
            if (failures.incrementAndGet() < 5) {
              System.out.println("  create failed: " + e.getMessage());
            }
          }
        }
      }));
    }
    awaitAll(pool, futures);
    double createSeconds = (System.nanoTime() - start) / 1e9;
    if (created.size() < openTarget) {
      log(label, "creation time box reached: " + created.size() + " of " + openTarget + " open incidents");
    }
    int openCount = created.size();
    int stormCount = stormCreated.size();
    if (reached == null) {
      sizes.put(db, new int[] {openCount, stormCount});
    }
    r.put("openIncidentsCreated", openCount);
    r.put("stormSize", stormCount);
    r.put("creation", Map.of("seconds", Latency.round(createSeconds), "perSecond",
        Latency.round(created.size() / createSeconds), "latency", createLatency.summary()));
    log(label, String.format("created %d in %.1f s (%.1f/s, %d failed)", created.size(), createSeconds,
        created.size() / createSeconds, failures.get()));
    Set<String> stormKeys = new HashSet<>();
    Instant lastDue = Instant.EPOCH;
    for (Target.Created c : stormCreated) {
      stormKeys.add(c.key());
      if (c.responseDueAt() != null && c.responseDueAt().isAfter(lastDue)) {
        lastDue = c.responseDueAt();
      }
    }
    // 3. Wait until every storm timer is due, then check nothing fired while suspended.
    long waitMs = Duration.between(Instant.now(), lastDue).toMillis() + 500;
    if (waitMs > 0) {
      sleep(waitMs);
    }
    // 3b. Release into a quiet system: SOPFlow's outbox is still mailing the created incidents' acknowledgements (and
    //     its audit sealer sealing their entries) when the creation ends, the bare engine has nothing left to do. That
    //     work is the creation's, not the storm's (docs/benchmarks.md, step 29).
    awaitQuiet(system, label, r);
    JsonNode suspended = http.get("admin", "/engine-rest/job/count?jobDefinitionId=" + stormJobDefinition
        + "&suspended=true").expectOk("job count").json();
    r.put("suspendedTimerJobsBeforeRelease", suspended.path("count").asLong());
    // Counted from a moment just before the release on: the poll reads the history's start-time index from there
    // instead of counting the whole activity history (see escalations below).
    Instant since = Instant.now().minusSeconds(1);
    long before = escalations(target, http, since);
    r.put("escalationsBeforeRelease", before);
    try {
      greenMail.purgeEmailFromAllMailboxes();
    } catch (Exception e) {
      throw new IllegalStateException("Could not empty the SMTP sink", e);
    }
    // 4. Release: activate the existing timer jobs at one moment (the definition stays suspended, so the next tier's
    //    new timers do not join the storm). Watch escalations (history) and mails until all are there.
    log(label, "releasing " + stormKeys.size() + " due timers (" + suspended.path("count").asLong() + " suspended jobs)");
    boolean profiled = config.profiler() != null && !cold;
    if (profiled) {
      system.startProfile(config.profiler());
    }
    StormCpu cpu = new StormCpu(system, !"h2".equals(db)); // H2 runs inside the system's JVM
    long release = System.nanoTime();
    releaseTimers(http, stormJobDefinition);
    long activateMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - release);
    long timeoutMs = TimeUnit.SECONDS.toMillis(config.stormTimeoutSeconds());
    List<long[]> timeline = new ArrayList<>();
    int expected = stormKeys.size();
    long lastLog = 0;
    while (true) {
      long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - release);
      long done = escalations(target, http, since) - before;
      // Only the storm's escalation mails count: the outbox may still be delivering the acknowledgements of the
      // incidents created before the storm (oldest first), and those must not end the wait.
      long mails = target.sendsMails() ? escalationMails() : 0;
      timeline.add(new long[] {now, done, mails});
      if (done >= expected) {
        cpu.lastEscalationSeen();
      }
      if (done >= expected && (!target.sendsMails() || mails >= expected)) {
        break;
      }
      if (now > timeoutMs) {
        r.put("timedOut", true);
        r.put("escalatedWithinTimeout", done);
        r.put("drainRatePerSecondWithinTimeout", Latency.round(done * 1000.0 / now));
        log(label, "storm timed out after " + now / 1000 + " s: " + done + " of " + expected + " escalations");
        break;
      }
      if (now - lastLog > 15_000) {
        log(label, "storm +" + now / 1000 + " s: " + done + " escalations, " + mails + " mails");
        lastLog = now;
      }
      // Once a second: the count is a query over the whole activity history, and polling it five times a second took
      // a tenth of SOPFlow's CPU during its storm (JFR), more than the bare engine's smaller history costs it.
      sleep(STORM_POLL_MS);
    }
    if (profiled) {
      Path profile = output.resolve("profiles").resolve(target.name() + "-" + db + "-storm.collapsed");
      system.stopProfile(config.profiler(), profile);
      r.put("profile", profile.toString());
    }
    // The calls and mails are settled; a few seconds more to catch duplicates arriving late.
    sleep(2000);
    long finalEscalations = escalations(target, http, since) - before;
    r.put("releaseCallMs", activateMs);
    r.put("escalations", finalEscalations);
    r.put("lastEscalationAfterReleaseMs", firstReaching(timeline, 1, expected));
    r.put("lagP50Ms", firstReaching(timeline, 1, (int) Math.ceil(expected * 0.50)));
    r.put("lagP99Ms", firstReaching(timeline, 1, (int) Math.ceil(expected * 0.99)));
    Long last = firstReaching(timeline, 1, expected);
    r.put("drainRatePerSecond", last == null || last == 0 ? r.get("drainRatePerSecondWithinTimeout")
        : Latency.round(expected * 1000.0 / last));
    r.put("cpuToLastEscalation", cpu.figures(expected));
    r.put("duplicateEscalations", duplicates(target, http));
    if (target.sendsMails()) {
      Map<String, Object> mail = mails(stormKeys);
      mail.put("lastMailAfterReleaseMs", firstReaching(timeline, 2, expected));
      r.put("mail", mail);
    }
    r.put("timelineEverySecond", thin(timeline));
    log(label, "storm: " + r.get("escalations") + " escalations, last after " + r.get("lastEscalationAfterReleaseMs")
        + " ms, mails " + r.get("mail"));
    List<Target.Created> all = new ArrayList<>(created);
    return all;
  }

  /** Deletes process instances through the engine's REST API, skipping custom listeners (cancels nothing else). */
  private static Void deleteInstances(Http http, List<Target.Created> created) {
    for (Target.Created c : created == null ? List.<Target.Created>of() : created) {
      http.delete("admin", "/engine-rest/process-instance/" + c.processInstanceId() + "?skipCustomListeners=true")
          .expectOk("delete " + c.key());
    }
    return null;
  }

  /**
   * Suspends the job definitions of {@link Target#suspendedTimerActivities()} with their jobs, so that timers created
   * from now on wait until released; returns the storm timer's job definition id.
   */
  static String suspendTimers(Target target, Http http) {
    String stormJobDefinition = null;
    for (String activity : target.suspendedTimerActivities()) {
      JsonNode definitions = http.get("admin", "/engine-rest/job-definition?processDefinitionKey=" + target.processKey()
          + "&activityIdIn=" + activity).expectOk("job definitions").json();
      if (definitions.size() != 1) {
        throw new IllegalStateException("Expected one job definition for " + activity + ", got " + definitions);
      }
      String id = definitions.get(0).path("id").asText();
      http.put("admin", "/engine-rest/job-definition/" + id + "/suspended",
          Map.of("suspended", true, "includeJobs", true)).expectOk("suspend " + activity);
      if (activity.equals(target.stormTimerActivity())) {
        stormJobDefinition = id;
      }
    }
    if (stormJobDefinition == null) {
      throw new IllegalStateException(target.stormTimerActivity() + " is not among the suspended timers");
    }
    return stormJobDefinition;
  }

  /** Releases the existing jobs of a suspended job definition at one moment (new jobs stay suspended). */
  static void releaseTimers(Http http, String jobDefinitionId) {
    http.put("admin", "/engine-rest/job/suspended", Map.of("jobDefinitionId", jobDefinitionId, "suspended", false))
        .expectOk("activate storm timers");
  }

  static final long STORM_POLL_MS = 1000;

  /**
   * CPU used from the release to the first poll that sees the last escalation (so up to one poll late), by the system's
   * JVM, by this harness (driver and SMTP sink: the sink's work is part of a real mail server's, not of the system's)
   * and by the local MariaDB server where the run uses one. Shows what holds a storm back: the system's own work per
   * escalation, or something beside it on the same cores.
   */
  private static final class StormCpu {
    private final SystemProcess system;
    private final long systemAtRelease;
    private final long harnessAtRelease;
    private final long serverAtRelease;
    private long systemMs = -1;
    private long harnessMs = -1;
    private long serverMs = -1;

    StormCpu(SystemProcess system, boolean databaseServer) {
      this.system = system;
      this.systemAtRelease = system.cpuMillis();
      this.harnessAtRelease = harnessCpuMillis();
      this.serverAtRelease = databaseServer ? databaseServerCpuMillis() : -1;
    }

    void lastEscalationSeen() {
      if (systemMs < 0) {
        systemMs = system.cpuMillis() - systemAtRelease;
        harnessMs = harnessCpuMillis() - harnessAtRelease;
        long server = serverAtRelease < 0 ? -1 : databaseServerCpuMillis();
        serverMs = server < 0 ? -1 : server - serverAtRelease;
      }
    }

    Map<String, Object> figures(int escalations) {
      Map<String, Object> f = new LinkedHashMap<>();
      if (systemMs < 0) {
        return f; // timed out
      }
      f.put("systemMs", systemMs);
      f.put("systemMsPerEscalation", Latency.round((double) systemMs / escalations));
      f.put("harnessMs", harnessMs);
      if (serverMs >= 0) {
        f.put("databaseServerMs", serverMs);
        f.put("databaseServerMsPerEscalation", Latency.round((double) serverMs / escalations));
      }
      return f;
    }

    private static long harnessCpuMillis() {
      return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /** The local MariaDB/MySQL server's CPU (same user as this harness here), or -1 if there is none to read. */
    private static long databaseServerCpuMillis() {
      return ProcessHandle.allProcesses()
          .filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld")).orElse(false))
          .findFirst().flatMap(p -> p.info().totalCpuDuration()).map(Duration::toMillis).orElse(-1L);
    }
  }

  /** Quiet: the system's JVM used less than a tenth of a core over {@link #QUIET_WINDOW_MS}. */
  private static final long QUIET_WINDOW_MS = 2000;
  private static final long QUIET_CPU_MS = QUIET_WINDOW_MS / 10;
  private static final long QUIET_TIMEOUT_MS = 600_000;

  /**
   * Waits until the system has finished the work the phases before left it (at most {@link #QUIET_TIMEOUT_MS}) and
   * records how long that took ({@code quietAfterMs}; {@code quiet} false if it never was). The same rule for both
   * systems; their idle background work (job acquisition, scheduled tasks) is far below it.
   */
  private void awaitQuiet(SystemProcess system, String label, Map<String, Object> r) {
    long start = System.nanoTime();
    long previous = system.cpuMillis();
    while (true) {
      sleep(QUIET_WINDOW_MS);
      long cpu = system.cpuMillis();
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      boolean quiet = cpu - previous < QUIET_CPU_MS;
      if (quiet || waited > QUIET_TIMEOUT_MS) {
        r.put("quietAfterMs", waited);
        r.put("quiet", quiet);
        log(label, (quiet ? "quiet after " : "not quiet after ") + waited + " ms (" + (cpu - previous)
            + " ms of CPU in the last " + QUIET_WINDOW_MS + " ms)");
        return;
      }
      previous = cpu;
    }
  }

  /**
   * Escalation activities started at or after {@code since} (engine history, the same query for both systems). Without
   * the start time the count read every activity instance of the history once a second: on H2 about 6 % of SOPFlow's
   * samples during its storm against 3 % of the bare engine's (whose instances have fewer activities), a cost of the
   * measurement, not of the system measured. With it, the database reads the start-time index from {@code since}.
   */
  static long escalations(Target target, Http http, Instant since) {
    String startedAfter = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC)
        .format(since).replace("+", "%2B");
    return http.get("admin", target.escalationCountPath() + "&startedAfter=" + startedAfter)
        .expectOk("escalation count").json().path("count").asLong();
  }

  /** Escalations beyond one per process instance (engine history). */
  private long duplicates(Target target, Http http) {
    Map<String, Integer> perInstance = new HashMap<>();
    long total = 0;
    for (int first = 0; ; first += 1000) {
      JsonNode page = http.get("admin", target.escalationHistoryPath() + "&firstResult=" + first + "&maxResults=1000")
          .expectOk("escalation history").json();
      for (JsonNode activity : page) {
        perInstance.merge(activity.path("processInstanceId").asText(), 1, Integer::sum);
        total++;
      }
      if (page.size() < 1000) {
        break;
      }
    }
    return total - perInstance.size();
  }

  private long escalationMails() {
    long count = 0;
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      try {
        String subject = message.getSubject();
        if (subject != null && subject.contains("escalated to")) {
          count++;
        }
      } catch (jakarta.mail.MessagingException e) {
        // not an escalation mail
      }
    }
    return count;
  }

  private Map<String, Object> mails(Set<String> stormKeys) {
    Map<String, Integer> perIncident = new HashMap<>();
    int escalationMails = 0;
    int other = 0;
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      String subject;
      try {
        subject = message.getSubject();
      } catch (jakarta.mail.MessagingException e) {
        subject = "";
      }
      Matcher m = INCIDENT_NUMBER.matcher(subject == null ? "" : subject);
      // The escalation mail to the next group ("… escalated to support-l2 …"); the reporter's notice is another mail.
      if (subject != null && subject.contains("escalated to") && m.find()) {
        escalationMails++;
        perIncident.merge(m.group(), 1, Integer::sum);
      } else {
        other++;
      }
    }
    long lost = stormKeys.stream().filter(k -> !perIncident.containsKey(k)).count();
    long duplicates = perIncident.values().stream().mapToLong(n -> n - 1).sum();
    Map<String, Object> mail = new LinkedHashMap<>();
    mail.put("expected", stormKeys.size());
    mail.put("escalationMailsReceived", escalationMails);
    mail.put("duplicateMails", duplicates);
    mail.put("lostMails", lost);
    mail.put("otherMails", other);
    return mail;
  }

  private static Long firstReaching(List<long[]> timeline, int column, int target) {
    for (long[] point : timeline) {
      if (point[column] >= target) {
        return point[0];
      }
    }
    return null;
  }

  private static List<List<Long>> thin(List<long[]> timeline) {
    List<List<Long>> thinned = new ArrayList<>();
    long nextSecond = 0;
    for (long[] point : timeline) {
      if (point[0] >= nextSecond) {
        thinned.add(List.of(point[0], point[1], point[2]));
        nextSecond = (point[0] / 1000 + 1) * 1000;
      }
    }
    if (!timeline.isEmpty()) {
      long[] last = timeline.get(timeline.size() - 1);
      thinned.add(List.of(last[0], last[1], last[2]));
    }
    return thinned;
  }

  // ------------------------------------------------------------------------------------------------ API latency

  private Map<String, Object> api(Target target, Http http, List<Target.Created> open, String label) {
    if (open.isEmpty()) {
      throw new IllegalStateException("no open incidents to read");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    Http.Answer count = http.get("admin", "/engine-rest/process-instance/count?processDefinitionKey=" + target.processKey());
    result.put("openProcessInstances", count.ok() ? count.json().path("count").asLong() : -1);
    Map<String, Supplier<Http.Answer>> operations = new LinkedHashMap<>();
    operations.put("post", () -> target.create(http, false));
    operations.put("getOne", () -> target.getOne(http, open.get(ThreadLocalRandom.current().nextInt(open.size()))));
    operations.put("list", () -> target.list(http));
    // Warm-up of each call.
    operations.forEach((name, call) -> {
      for (int i = 0; i < 10; i++) {
        call.get();
      }
    });
    for (int clients : config.clients()) {
      Map<String, Object> perClients = new LinkedHashMap<>();
      for (Map.Entry<String, Supplier<Http.Answer>> op : operations.entrySet()) {
        Latency latency = new Latency();
        int total = Math.max(config.apiRequests(), clients);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
          futures.add(pool.submit(() -> {
            while (next.getAndIncrement() < total) {
              try {
                retrying(latency, op.getValue(), op.getKey());
              } catch (RuntimeException e) {
                // counted as an error
              }
            }
          }));
        }
        awaitAll(pool, futures);
        Map<String, Object> summary = latency.summary();
        summary.put("perSecond", Latency.round(total / ((System.nanoTime() - start) / 1e9)));
        perClients.put(op.getKey(), summary);
      }
      result.put("c" + clients, perClients);
      log(label, "API at " + clients + " clients: " + perClients);
    }
    return result;
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /**
   * SOPFlow: its classes and its runtime libraries ({@link BenchConfig#systemLibraries}, as in the jar and the image).
   * Bare: only the bare engine's own classes and resources (copied out of the test class directory, which also holds
   * SOPFlow's test resources, e.g. the {@code camunda.cfg.xml} of the process tests: on that class path the bare
   * engine's REST API built a second, in-memory engine on its first call) and the same libraries.
   */
  String classpathFor(Target target) {
    Path app = config.appClasses();
    List<String> jars = config.systemLibraries();
    List<String> chosen = new ArrayList<>();
    if (target instanceof SopFlowTarget) {
      chosen.add(app.toString());
    } else {
      chosen.add(copyOfTestClasses("bare-classes", BARE_ENTRIES).toString());
    }
    chosen.addAll(jars);
    return String.join(File.pathSeparator, chosen);
  }

  /**
   * {@link #classpathFor} with every directory replaced by a jar of it: class-data sharing archives classes from jars
   * only (a non-empty directory on the class path disables it), as in the image, whose class path is the extracted
   * Spring Boot jar and its libraries.
   */
  String jarredClasspathFor(Target target) {
    List<String> entries = new ArrayList<>();
    for (String entry : classpathFor(target).split(File.pathSeparator)) {
      Path path = Path.of(entry);
      Path jar = output.resolve("cds").resolve(target.name() + "-classes.jar");
      entries.add(Files.isDirectory(path) ? jarOf(path, jar).toString() : entry);
    }
    return String.join(File.pathSeparator, entries);
  }

  /** A jar of the directory, with its directory entries (class-path scanning of a package finds a jar by them). */
  private static Path jarOf(Path directory, Path jar) {
    try {
      Files.createDirectories(jar.getParent());
      try (var out = new JarOutputStream(Files.newOutputStream(jar));
          var tree = Files.walk(directory)) {
        for (Path path : tree.sorted().toList()) {
          String name = directory.relativize(path).toString().replace(File.separatorChar, '/');
          if (name.isEmpty()) {
            continue;
          }
          boolean folder = Files.isDirectory(path);
          out.putNextEntry(new JarEntry(folder ? name + "/" : name));
          if (!folder) {
            Files.copy(path, out);
          }
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final List<String> BARE_ENTRIES = List.of("barecamunda/", "bench/", "bare-engine.yml");

  /**
   * The entries with the given prefixes of the test class directories (not SOPFlow's own classes), copied to their own
   * directory under the output, so that a system's class path gets those and nothing else of the tests.
   */
  Path copyOfTestClasses(String name, List<String> prefixes) {
    List<String> entries = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    Path app = config.appClasses().normalize();
    List<Path> directories = entries.stream().filter(e -> Files.isDirectory(Path.of(e)))
        .map(e -> Path.of(e).toAbsolutePath().normalize()).filter(e -> !e.equals(app)).toList();
    Path target = config.output().resolve(name);
    try {
      if (Files.exists(target)) {
        try (var old = Files.walk(target)) {
          for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      for (Path directory : directories) {
        try (var files = Files.walk(directory)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            String relative = directory.relativize(file).toString().replace(File.separatorChar, '/');
            if (prefixes.stream().anyMatch(relative::startsWith)) {
              Path copy = target.resolve(relative);
              Files.createDirectories(copy.getParent());
              Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return target;
  }

  private static void awaitAll(ExecutorService pool, List<Future<?>> futures) {
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private void log(String label, String message) {
    System.out.printf("[bench %5ds] %-16s %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - runStart), label,
        message);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
