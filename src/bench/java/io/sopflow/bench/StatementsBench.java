package io.sopflow.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.icegreen.greenmail.util.GreenMail;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Work per lifecycle that does not depend on the machine's load ({@code -Dbench.mode=statements}, MariaDB): the SQL
 * statements a system sends per lifecycle (by thread group and verb, and per table), the rows each lifecycle leaves
 * in each table, and the CPU time per lifecycle and for the start-up. Valid on a busy machine, unlike throughput.
 *
 * <p>Each system runs in its own JVM on its own database with {@link io.sopflow.bench.jdbc.StatementCounter} in its
 * JDBC URL (the same for both). After a warm-up and a quiet spell, the background rate (job acquisition, SOPFlow's
 * scheduled tasks) is measured over {@code bench.idleSeconds}; then {@code bench.lifecycles} lifecycles of each kind run
 * one after the other at one client (SOPFlow: incidents, standard changes, service requests; the bare engine:
 * incidents), and the counts per lifecycle are the difference, less the background rate for the same time, divided by
 * the number of lifecycles. Then the SLA storm's unit of work, one escalation, is counted the same way
 * ({@code bench.escalations}, default 50; 0 leaves it out). Written to {@code statements.json} and
 * {@code statements.md} in {@code bench.output}.
 *
 * <pre>./mvnw -B -Pbench verify -Dbench.mode=statements
 * ./mvnw -B -Pbench verify -Dbench.mode=statements -Dbench.args="lifecycles=30 jdbcOptions=&amp;rewriteBatchedStatements=false"</pre>
 */
final class StatementsBench {

  private static final List<String> VERBS = List.of("insert", "select", "update", "delete", "commit", "rollback", "set",
      "other");

  private final BenchConfig config;
  private final Harness harness;
  private final int lifecycles;
  private final int warmup;
  private final int idleSeconds;
  private final int escalations;
  private final String jdbcOptions;

  private StatementsBench(BenchConfig config) {
    this.config = config;
    this.harness = new Harness(config);
    this.lifecycles = Integer.getInteger("bench.lifecycles", 30);
    this.warmup = Integer.getInteger("bench.warmup", 10);
    this.idleSeconds = Integer.getInteger("bench.idleSeconds", 10);
    this.escalations = Integer.getInteger("bench.escalations", 50);
    this.jdbcOptions = System.getProperty("bench.jdbcOptions", "");
  }

  static void run() throws IOException {
    BenchConfig config = BenchConfig.fromSystemProperties();
    new StatementsBench(config).measure();
  }

  private void measure() throws IOException {
    Files.createDirectories(config.output());
    Map<String, Object> results = new LinkedHashMap<>();
    Map<String, Object> meta = Environment.describe(config);
    meta.put("lifecyclesPerKind", lifecycles);
    meta.put("warmupLifecycles", warmup);
    meta.put("idleSeconds", idleSeconds);
    meta.put("escalations", escalations);
    meta.put("extraJdbcOptions", jdbcOptions);
    results.put("meta", meta);
    GreenMail greenMail = Harness.startSmtpSink();
    try {
      for (Target target : systems()) {
        results.put(target.name(), system(target, greenMail.getSmtp().getPort()));
        write(results);
      }
    } finally {
      greenMail.stop();
    }
    meta.put("finishedAt", Instant.now().toString());
    write(results);
    System.out.println(markdown(results));
  }

  /** {@code bench.systems}: sopflow,bare (default) or one of them. */
  private static List<Target> systems() {
    List<Target> systems = new ArrayList<>();
    for (String name : System.getProperty("bench.systems", "sopflow,bare").split(",")) {
      systems.add(switch (name.strip()) {
        case "sopflow" -> new SopFlowTarget();
        case "bare" -> new BareTarget();
        default -> throw new IllegalArgumentException("bench.systems: sopflow and/or bare, not " + name);
      });
    }
    return systems;
  }

  private Map<String, Object> system(Target target, int smtpPort) throws IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    // bench.databaseSuffix: two measurements at once (e.g. with and without a JDBC option) use databases of their own.
    Database database = Database.mariaDb("sopflow_statements_" + target.name()
            + System.getProperty("bench.databaseSuffix", "")).withCharset(config.mariadbCharset())
        .withJdbcOptions("&queryInterceptors=io.sopflow.bench.jdbc.StatementCounter" + jdbcOptions);
    database.recreate();
    Path counts = config.output().resolve("statements").resolve(target.name() + ".properties");
    Files.createDirectories(counts.getParent());
    Files.deleteIfExists(counts);
    List<String> jvm = new ArrayList<>(config.jvmOptions());
    jvm.add("-Dbench.statements.file=" + counts);
    String classpath = harness.classpathFor(target) + File.pathSeparator
        + harness.copyOfTestClasses("counter-classes", List.of("io/sopflow/bench/jdbc/"));
    log(target.name(), "starting on an empty MariaDB database " + database.name());
    try {
      measureRun(target, classpath, jvm, database, smtpPort, counts, r);
      Files.deleteIfExists(counts);
      try (SystemProcess again = SystemProcess.start(target, classpath, jvm, database, smtpPort,
          config.output().resolve("logs").resolve(target.name() + "-statements-restart.log"), Duration.ofMinutes(Integer.getInteger("bench.startTimeoutMinutes", 10)))) {
        Map<String, Object> restart = new LinkedHashMap<>();
        restart.put("wallMs", again.startupMillis());
        restart.put("cpuMs", again.cpuMillis());
        restart.put("statements", byVerb(Snapshot.take(again, counts, database).counts(), null, 1));
        r.put("restart", restart);
        log(target.name(), "health UP again after " + again.startupMillis() + " ms, " + again.cpuMillis() + " ms CPU");
      }
    } finally {
      if (!Boolean.getBoolean("bench.keepDatabases")) {
        database.drop();
      }
    }
    return r;
  }

  /** Start-up on the empty database, warm-up, idle rate, then the lifecycles of each kind; stops the system. */
  private void measureRun(Target target, String classpath, List<String> jvm, Database database, int smtpPort,
      Path counts, Map<String, Object> r) {
    try (SystemProcess system = SystemProcess.start(target, classpath, jvm, database, smtpPort,
        config.output().resolve("logs").resolve(target.name() + "-statements.log"), Duration.ofMinutes(Integer.getInteger("bench.startTimeoutMinutes", 10)))) {
      Map<String, Object> startup = new LinkedHashMap<>();
      startup.put("wallMs", system.startupMillis());
      startup.put("cpuMs", system.cpuMillis());
      Snapshot atStart = Snapshot.take(system, counts, database);
      startup.put("statements", byVerb(atStart.counts(), null, 1));
      r.put("startup", startup);
      log(target.name(), "health UP after " + system.startupMillis() + " ms, " + system.cpuMillis() + " ms CPU");
      Http http = system.http();
      target.afterStart(http);
      MixedWorkload workload = new MixedWorkload();
      List<String> kinds = target instanceof SopFlowTarget
          ? List.of(System.getProperty("bench.kinds", String.join(",", MixedWorkload.KINDS)).split(","))
          : List.of("incident");
      for (String kind : kinds) {
        repeat(warmup, lifecycle(target, workload, http, kind));
      }
      Harness.sleep(3000);
      Snapshot idleStart = Snapshot.take(system, counts, database);
      Harness.sleep(idleSeconds * 1000L);
      Snapshot idleEnd = Snapshot.take(system, counts, database);
      double idleSecondsMeasured = (idleEnd.nanos() - idleStart.nanos()) / 1e9;
      Map<String, Double> idleRate = rate(idleStart.counts(), idleEnd.counts(), idleSecondsMeasured);
      double idleCpuPerSecond = (idleEnd.cpuMs() - idleStart.cpuMs()) / idleSecondsMeasured;
      Map<String, Object> idle = new LinkedHashMap<>();
      idle.put("seconds", Latency.round(idleSecondsMeasured));
      idle.put("statementsPerSecond", byVerb(idleEnd.counts(), idleStart.counts(), idleSecondsMeasured));
      idle.put("cpuMsPerSecond", Latency.round(idleCpuPerSecond));
      r.put("idle", idle);
      Map<String, Object> perKind = new LinkedHashMap<>();
      r.put("perLifecycle", perKind);
      for (String kind : kinds) {
        Snapshot before = Snapshot.take(system, counts, database);
        repeat(lifecycles, lifecycle(target, workload, http, kind));
        // The outbox, the audit sealer and jobs left behind finish their part of the work.
        Harness.sleep(3000);
        Map<String, Object> k = measured(before, Snapshot.take(system, counts, database), idleRate, idleCpuPerSecond,
            lifecycles, "Lifecycle");
        perKind.put(kind, k);
        log(target.name(), kind + ": " + k.get("statements") + ", CPU " + k.get("cpuMsPerLifecycle") + " ms");
      }
      if (escalations > 0) {
        r.put("perEscalation", perEscalation(target, system, http, counts, database, idleRate, idleCpuPerSecond));
      }
      log(target.name(), "stopping; start-up again on the loaded database");
    }
  }

  /**
   * The SLA storm's unit of work, counted: {@code bench.escalations} incidents are reported with their response timer
   * due at once while the timers' job definitions are suspended (as in the storm); once all are due and their
   * acknowledgements are mailed, the timers are released together and the job executor escalates them. Per escalation
   * = (counts after the last escalation and its mails - before - background rate x elapsed) / escalations: the timer
   * job, what it does (SOPFlow: the record, the audit entry, two notifications, the next triage task and its timers;
   * the bare engine: the next user task), its acquisition, and SOPFlow's outbox mailing the two notifications. The
   * harness's polls of the escalation count (one a second) are in it, a few statements in all.
   */
  private Map<String, Object> perEscalation(Target target, SystemProcess system, Http http, Path counts,
      Database database, Map<String, Double> idleRate, double idleCpuPerSecond) {
    String timers = Harness.suspendTimers(target, http);
    Instant lastDue = Instant.EPOCH;
    for (int i = 0; i < escalations; i++) {
      Target.Created created = target.parseCreated(target.create(http, true));
      if (created.responseDueAt() != null && created.responseDueAt().isAfter(lastDue)) {
        lastDue = created.responseDueAt();
      }
    }
    Harness.sleep(Math.max(0, Duration.between(Instant.now(), lastDue).toMillis()) + 3000);
    Instant since = Instant.now().minusSeconds(1);
    long already = Harness.escalations(target, http, since);
    Snapshot before = Snapshot.take(system, counts, database);
    Harness.releaseTimers(http, timers);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (Harness.escalations(target, http, since) - already < escalations) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Escalations not done within 5 minutes");
      }
      Harness.sleep(Harness.STORM_POLL_MS);
    }
    // The outbox mails the escalation's two notifications.
    Harness.sleep(3000);
    Map<String, Object> e = measured(before, Snapshot.take(system, counts, database), idleRate, idleCpuPerSecond,
        escalations, "Escalation");
    log(target.name(), "escalation: " + e.get("statements") + ", CPU " + e.get("cpuMsPerEscalation") + " ms");
    return e;
  }

  /**
   * What happened between two snapshots, per unit of work ({@code unit}: "Lifecycle", "Escalation"), less the
   * background rate for the same time: statements by thread group and verb, by table, CPU and rows left.
   */
  private static Map<String, Object> measured(Snapshot before, Snapshot after, Map<String, Double> idleRate,
      double idleCpuPerSecond, int units, String unit) {
    double seconds = (after.nanos() - before.nanos()) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(unit.toLowerCase(Locale.ROOT) + "s", units);
    m.put("seconds", Latency.round(seconds));
    m.put("statements", byThread(before.counts(), after.counts(), idleRate, seconds, units));
    m.put("statementsByTable", byTable(before.counts(), after.counts(), idleRate, seconds, units));
    m.put("cpuMsPer" + unit, Latency.round((after.cpuMs() - before.cpuMs() - idleCpuPerSecond * seconds) / units));
    m.put("rowsLeftPer" + unit, rows(before.rows(), after.rows(), units));
    return m;
  }

  private Runnable lifecycle(Target target, MixedWorkload workload, Http http, String kind) {
    if (target instanceof SopFlowTarget sopflow) {
      return () -> workload.lifecycle(kind, sopflow, http, MixedWorkload.newSteps());
    }
    Map<String, Latency> steps = new LinkedHashMap<>();
    Harness.STEPS.forEach(s -> steps.put(s, new Latency()));
    return () -> Harness.lifecycle(target, http, steps);
  }

  private static void repeat(int times, Runnable lifecycle) {
    for (int i = 0; i < times; i++) {
      lifecycle.run();
    }
  }

  // ------------------------------------------------------------------------------------------------ snapshots

  private record Snapshot(long nanos, long cpuMs, Map<String, Long> counts, Map<String, Long> rows) {

    /** The counts as the system's counter wrote them after this moment, its CPU time and the rows of every table. */
    static Snapshot take(SystemProcess system, Path file, Database database) {
      long asked = System.currentTimeMillis();
      long nanos = System.nanoTime();
      long cpu = system.cpuMillis();
      Map<String, Long> counts = new TreeMap<>();
      for (int attempt = 0; attempt < 50; attempt++) {
        counts = read(file);
        if (counts.getOrDefault("writtenAtMillis", 0L) > asked) {
          break;
        }
        Harness.sleep(50);
      }
      counts.remove("writtenAtMillis");
      return new Snapshot(nanos, cpu, counts, rowCounts(database));
    }

    private static Map<String, Long> read(Path file) {
      Map<String, Long> counts = new TreeMap<>();
      try {
        if (!Files.exists(file)) {
          return counts;
        }
        for (String line : Files.readAllLines(file)) {
          int eq = line.lastIndexOf('=');
          if (eq > 0) {
            counts.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).strip()));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // written at this moment: the next attempt reads it whole
      }
      return counts;
    }

    private static Map<String, Long> rowCounts(Database database) {
      Map<String, Long> rows = new TreeMap<>();
      try (Connection c = database.connect(); Statement s = c.createStatement()) {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
            + database.name() + "' AND table_type = 'BASE TABLE'")) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
        for (String table : tables) {
          try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            rows.put(table.toUpperCase(Locale.ROOT), rs.getLong(1));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("row counts of " + database.name() + ": " + e.getMessage(), e);
      }
      return rows;
    }
  }

  private static Map<String, Double> rate(Map<String, Long> from, Map<String, Long> to, double seconds) {
    Map<String, Double> rate = new TreeMap<>();
    to.forEach((k, v) -> rate.put(k, (v - from.getOrDefault(k, 0L)) / seconds));
    return rate;
  }

  /** Key {@code group|verb|table}: the difference less the idle rate for the same time, per lifecycle. */
  private static Map<String, Double> net(Map<String, Long> from, Map<String, Long> to, Map<String, Double> idleRate,
      double seconds, int units) {
    Map<String, Double> net = new TreeMap<>();
    to.forEach((k, v) -> {
      double d = v - from.getOrDefault(k, 0L) - idleRate.getOrDefault(k, 0.0) * seconds;
      net.put(k, Math.max(0, d) / units);
    });
    return net;
  }

  /** Per unit of work: by verb in total, and by thread group and verb. */
  private static Map<String, Object> byThread(Map<String, Long> from, Map<String, Long> to,
      Map<String, Double> idleRate, double seconds, int units) {
    Map<String, Double> net = net(from, to, idleRate, seconds, units);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", sumBy(net, k -> true));
    for (String group : List.of("request", "job", "acquisition", "scheduled", "other")) {
      Map<String, Object> g = sumBy(net, k -> k[0].equals(group));
      if (!g.isEmpty()) {
        out.put(group, g);
      }
    }
    return out;
  }

  private static Map<String, Object> byVerb(Map<String, Long> to, Map<String, Long> from, double divisor) {
    Map<String, Double> d = new TreeMap<>();
    to.forEach((k, v) -> d.put(k, (v - (from == null ? 0L : from.getOrDefault(k, 0L))) / divisor));
    return sumBy(d, k -> true);
  }

  private static Map<String, Object> sumBy(Map<String, Double> values, Predicate<String[]> filter) {
    Map<String, Double> sums = new LinkedHashMap<>();
    VERBS.forEach(v -> sums.put(v, 0.0));
    double all = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      String[] key = e.getKey().split("\\|");
      if (key.length == 3 && filter.test(key)) {
        sums.merge(key[1], e.getValue(), Double::sum);
        all += e.getValue();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (all == 0) {
      return out;
    }
    sums.forEach((verb, n) -> {
      if (n > 0) {
        out.put(verb, Latency.round(n));
      }
    });
    out.put("all", Latency.round(all));
    return out;
  }

  /** Statements per table and verb (insert/select/update/delete: selects show repeated lookups), per lifecycle. */
  private static Map<String, Object> byTable(Map<String, Long> from, Map<String, Long> to,
      Map<String, Double> idleRate, double seconds, int units) {
    Map<String, Double> net = net(from, to, idleRate, seconds, units);
    Map<String, Double> perTable = new TreeMap<>();
    net.forEach((k, v) -> {
      String[] key = k.split("\\|");
      if (key.length == 3 && List.of("insert", "select", "update", "delete").contains(key[1]) && v >= 0.05) {
        perTable.merge(key[2] + " " + key[1], v, Double::sum);
      }
    });
    Map<String, Object> out = new LinkedHashMap<>();
    perTable.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> out.put(e.getKey(), Latency.round(e.getValue())));
    return out;
  }

  /** Rows each lifecycle leaves in each table (after minus before, per lifecycle; tables that changed only). */
  private static Map<String, Object> rows(Map<String, Long> before, Map<String, Long> after, int units) {
    Map<String, Object> out = new LinkedHashMap<>();
    double total = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (d != 0) {
        out.put(e.getKey(), Latency.round((double) d / units));
        total += (double) d / units;
      }
    }
    out.put("all", Latency.round(total));
    return out;
  }

  // ------------------------------------------------------------------------------------------------ output

  private void write(Map<String, Object> results) {
    try {
      Files.writeString(config.output().resolve("statements.json"),
          Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
      Files.writeString(config.output().resolve("statements.md"), markdown(results));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static String markdown(Map<String, Object> results) {
    StringBuilder md = new StringBuilder("# Work per lifecycle on MariaDB (statements, rows, CPU)\n\n");
    Map<String, Object> meta = (Map<String, Object>) results.get("meta");
    md.append("- Commit: ").append(((Map<String, Object>) meta.get("git")).get("commit")).append("; lifecycles per kind: ")
        .append(meta.get("lifecyclesPerKind")).append(" (one client, after ").append(meta.get("warmupLifecycles"))
        .append(" warm-up); extra JDBC options: `").append(meta.get("extraJdbcOptions")).append("`\n\n");
    md.append("| System | Lifecycle | insert | select | update | delete | commit | all statements | of which request"
        + " threads | rows left | CPU ms |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    forEachKind(results, (system, kind, k) -> {
      Map<String, Object> statements = (Map<String, Object>) k.get("statements");
      Map<String, Object> total = (Map<String, Object>) statements.get("total");
      Map<String, Object> request = (Map<String, Object>) statements.getOrDefault("request", Map.of());
      md.append("| ").append(system).append(" | ").append(kind);
      for (String verb : List.of("insert", "select", "update", "delete", "commit", "all")) {
        md.append(" | ").append(total.getOrDefault(verb, 0));
      }
      md.append(" | ").append(request.getOrDefault("all", 0)).append(" | ")
          .append(((Map<String, Object>) k.get("rowsLeftPerLifecycle")).get("all")).append(" | ")
          .append(k.get("cpuMsPerLifecycle")).append(" |\n");
    });
    md.append("\n| System | Start-up wall ms | Start-up CPU ms | Start-up statements | Restart (loaded) wall ms |"
        + " Restart CPU ms | Restart statements | Idle statements/s |\n|---|---|---|---|---|---|---|---|\n");
    for (String system : List.of("sopflow", "bare")) {
      Map<String, Object> r = (Map<String, Object>) results.get(system);
      if (r == null || r.get("startup") == null) {
        continue;
      }
      Map<String, Object> startup = (Map<String, Object>) r.get("startup");
      Map<String, Object> idle = (Map<String, Object>) r.getOrDefault("idle", Map.of());
      md.append("| ").append(system).append(" | ").append(startup.get("wallMs")).append(" | ")
          .append(startup.get("cpuMs")).append(" | ").append(((Map<String, Object>) startup.get("statements")).get("all"));
      Map<String, Object> restart = (Map<String, Object>) r.getOrDefault("restart", Map.of());
      md.append(" | ").append(restart.get("wallMs")).append(" | ").append(restart.get("cpuMs")).append(" | ")
          .append(restart.isEmpty() ? null : ((Map<String, Object>) restart.get("statements")).get("all"))
          .append(" | ").append(idle.get("statementsPerSecond")).append(" |\n");
    }
    forEachKind(results, (system, kind, k) ->
        md.append("\n### ").append(system).append(", ").append(kind).append("\n\n- by thread: ")
            .append(Http.write(k.get("statements"))).append("\n- statements by table (insert/select/update/delete): ")
            .append(Http.write(k.get("statementsByTable"))).append("\n- rows left by table: ")
            .append(Http.write(k.get("rowsLeftPerLifecycle"))).append('\n'));
    return md.toString();
  }

  /** What one kind of lifecycle of one system cost (an entry of {@code perLifecycle}). */
  private interface PerKind {
    void accept(String system, String kind, Map<String, Object> figures);
  }

  @SuppressWarnings("unchecked")
  private static void forEachKind(Map<String, Object> results, PerKind action) {
    for (String system : List.of("sopflow", "bare")) {
      Map<String, Object> r = (Map<String, Object>) results.get(system);
      if (r != null && r.get("perLifecycle") != null) {
        ((Map<String, Object>) r.get("perLifecycle"))
            .forEach((kind, value) -> action.accept(system, kind, (Map<String, Object>) value));
      }
      if (r != null && r.get("perEscalation") != null) {
        // One escalation of the SLA storm, shown in the lifecycles' columns.
        Map<String, Object> e = (Map<String, Object>) r.get("perEscalation");
        Map<String, Object> asRow = new LinkedHashMap<>(e);
        asRow.put("rowsLeftPerLifecycle", e.get("rowsLeftPerEscalation"));
        asRow.put("cpuMsPerLifecycle", e.get("cpuMsPerEscalation"));
        action.accept(system, "one escalation (storm)", asRow);
      }
    }
  }

  private static void log(String system, String message) {
    System.out.printf("[statements] %-8s %s%n", system, message);
  }
}
