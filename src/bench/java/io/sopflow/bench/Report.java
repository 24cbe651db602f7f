package io.sopflow.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * results.json (everything measured, plus a flat list of figures with SOPFlow, bare engine and their ratio) and
 * results.md (the same figures as tables, the targets, the profile's hot spots, machine, JVM and commit).
 */
final class Report {

  /** One compared figure. ratio = SOPFlow / bare; "better" says which direction is good. */
  record Figure(String database, String section, String metric, String unit, Double sopflow, Double bare,
      Double ratio, String better) {}

  private Report() {}

  static void write(Map<String, Object> results, Path output) {
    try {
      Files.createDirectories(output);
      Files.writeString(output.resolve("results.json"),
          Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
      Files.writeString(output.resolve("results.md"), markdown(results));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------------------------------------ figures

  @SuppressWarnings("unchecked")
  static void addFigures(Map<String, Object> results) {
    List<Figure> figures = new ArrayList<>();
    Map<String, Object> databases = (Map<String, Object>) results.get("databases");
    for (Map.Entry<String, Object> db : databases.entrySet()) {
      Map<String, Object> perDb = (Map<String, Object>) db.getValue();
      Map<String, Object> s = map(perDb.get("sopflow"));
      Map<String, Object> b = map(perDb.get("bare"));
      String d = db.getKey();
      for (String c : clientKeys(s, b, "lifecycles")) {
        figures.add(figure(d, "lifecycles", "Incident lifecycles/s (instance ended), " + label(c) + " (median)", "1/s",
            num(s, "lifecycles", c, "lifecyclesPerSecondMedian"), num(b, "lifecycles", c, "lifecyclesPerSecondMedian"), "higher"));
        figures.add(figure(d, "lifecycles", "Lifecycles/s spread (max-min)/median, " + label(c), "%",
            num(s, "lifecycles", c, "spreadPercent"), num(b, "lifecycles", c, "spreadPercent"), "lower"));
        for (String step : Harness.STEPS) {
          for (String p : List.of("p50Ms", "p95Ms", "p99Ms")) {
            figures.add(figure(d, "steps", step + " " + p.replace("Ms", "") + ", " + label(c), "ms",
                num(s, "lifecycles", c, "steps", step, p), num(b, "lifecycles", c, "steps", step, p), "lower"));
          }
        }
      }
      for (String c : clientKeys(s, Map.of(), "mixed")) {
        figures.add(figure(d, "mixed", "Mixed lifecycles/s (instance ended), " + label(c) + " (median)", "1/s",
            num(s, "mixed", c, "lifecyclesPerSecondMedian"), null, "higher"));
        figures.add(figure(d, "mixed", "Mixed lifecycles/s spread (max-min)/median, " + label(c), "%",
            num(s, "mixed", c, "spreadPercent"), null, "lower"));
        for (String kind : MixedWorkload.KINDS) {
          for (String p : List.of("p50Ms", "p99Ms")) {
            figures.add(figure(d, "mixed", kind + " lifecycle (start to ended) " + p.replace("Ms", "") + ", "
                + label(c), "ms", num(s, "mixed", c, "steps", kind, p), null, "lower"));
          }
          figures.add(figure(d, "mixed", kind + " open after its last task p99, " + label(c), "ms",
              num(s, "mixed", c, "steps", kind + ".ended", "p99Ms"), null, "lower"));
        }
      }
      if (num(s, "coldStorm", "stormSize") != null) {
        figures.add(figure(d, "storm", "Cold storm (the JVM's first escalations): size", "",
            num(s, "coldStorm", "stormSize"), num(b, "coldStorm", "stormSize"), null));
        figures.add(figure(d, "storm", "Cold storm: escalation drain rate", "1/s",
            num(s, "coldStorm", "drainRatePerSecond"), num(b, "coldStorm", "drainRatePerSecond"), "higher"));
        figures.add(figure(d, "storm", "Cold storm: system JVM CPU per escalation", "ms",
            num(s, "coldStorm", "cpuToLastEscalation", "systemMsPerEscalation"),
            num(b, "coldStorm", "cpuToLastEscalation", "systemMsPerEscalation"), "lower"));
      }
      figures.add(figure(d, "storm", "Timer storm size (due at once)", "", num(s, "storm", "stormSize"),
          num(b, "storm", "stormSize"), null));
      figures.add(figure(d, "storm", "Escalation drain rate", "1/s", num(s, "storm", "drainRatePerSecond"),
          num(b, "storm", "drainRatePerSecond"), "higher"));
      figures.add(figure(d, "storm", "Release to last escalation", "ms", num(s, "storm", "lastEscalationAfterReleaseMs"),
          num(b, "storm", "lastEscalationAfterReleaseMs"), "lower"));
      figures.add(figure(d, "storm", "Lag due -> escalation p50", "ms", num(s, "storm", "lagP50Ms"),
          num(b, "storm", "lagP50Ms"), "lower"));
      figures.add(figure(d, "storm", "Lag due -> escalation p99", "ms", num(s, "storm", "lagP99Ms"),
          num(b, "storm", "lagP99Ms"), "lower"));
      figures.add(figure(d, "storm", "System JVM CPU per escalation (release to last escalation)", "ms",
          num(s, "storm", "cpuToLastEscalation", "systemMsPerEscalation"),
          num(b, "storm", "cpuToLastEscalation", "systemMsPerEscalation"), "lower"));
      Double serverS = num(s, "storm", "cpuToLastEscalation", "databaseServerMsPerEscalation");
      Double serverB = num(b, "storm", "cpuToLastEscalation", "databaseServerMsPerEscalation");
      if (serverS != null || serverB != null) {
        figures.add(figure(d, "storm", "Database server CPU per escalation", "ms", serverS, serverB, "lower"));
      }
      figures.add(figure(d, "storm", "Harness CPU, release to last escalation (driver, SMTP sink)", "ms",
          num(s, "storm", "cpuToLastEscalation", "harnessMs"), num(b, "storm", "cpuToLastEscalation", "harnessMs"),
          null));
      figures.add(figure(d, "storm", "Duplicate escalations", "", num(s, "storm", "duplicateEscalations"),
          num(b, "storm", "duplicateEscalations"), null));
      figures.add(figure(d, "storm", "Escalation mails received (SMTP sink)", "", num(s, "storm", "mail", "escalationMailsReceived"),
          null, null));
      figures.add(figure(d, "storm", "Duplicate mails", "", num(s, "storm", "mail", "duplicateMails"), null, null));
      figures.add(figure(d, "storm", "Lost mails", "", num(s, "storm", "mail", "lostMails"), null, null));
      figures.add(figure(d, "storm", "Release to last mail", "ms", num(s, "storm", "mail", "lastMailAfterReleaseMs"), null, null));
      figures.add(figure(d, "storm", "Bulk creation of open incidents (16 clients)", "1/s",
          num(s, "storm", "creation", "perSecond"), num(b, "storm", "creation", "perSecond"), "higher"));
      for (String c : clientKeys(s, b, "api")) {
        for (String op : List.of("post", "getOne", "list")) {
          for (String p : List.of("p50Ms", "p99Ms")) {
            figures.add(figure(d, "api", apiName(op) + " " + p.replace("Ms", "") + ", " + label(c), "ms",
                num(s, "api", c, op, p), num(b, "api", c, op, p), "lower"));
          }
        }
      }
      figures.add(figure(d, "startup", "Start-up to health UP, empty database", "ms",
          num(s, "startup", "emptyDatabaseMs"), num(b, "startup", "emptyDatabaseMs"), "lower"));
      figures.add(figure(d, "startup", "Start-up to health UP, loaded database", "ms",
          num(s, "startup", "loadedDatabaseMs"), num(b, "startup", "loadedDatabaseMs"), "lower"));
      figures.add(figure(d, "startup", "Start-up with class-data sharing (as the image runs), empty database", "ms",
          num(s, "startup", "emptyDatabaseWithCdsMs"), num(b, "startup", "emptyDatabaseWithCdsMs"), "lower"));
      figures.add(figure(d, "startup", "Start-up with class-data sharing (as the image runs), loaded database", "ms",
          num(s, "startup", "loadedDatabaseWithCdsMs"), num(b, "startup", "loadedDatabaseWithCdsMs"), "lower"));
      figures.add(figure(d, "startup", "Class-data sharing training run (image build)", "ms",
          num(s, "startup", "cdsTrainingMs"), num(b, "startup", "cdsTrainingMs"), null));
      figures.add(figure(d, "startup", "Open process instances at that restart", "",
          num(s, "startup", "openProcessInstancesAtRestart"), num(b, "startup", "openProcessInstancesAtRestart"), null));
      figures.add(figure(d, "memory", "Heap used after the load", "MB", num(s, "memory", "heapUsedAfterLoadMb"),
          num(b, "memory", "heapUsedAfterLoadMb"), "lower"));
      figures.add(figure(d, "memory", "Heap used after a full GC (live set)", "MB", num(s, "memory", "heapUsedAfterFullGcMb"),
          num(b, "memory", "heapUsedAfterFullGcMb"), "lower"));
      figures.add(figure(d, "memory", "Live set (reachable objects, jcmd GC.class_histogram)", "MB",
          num(s, "memory", "liveSetMb"), num(b, "memory", "liveSetMb"), "lower"));
      figures.add(figure(d, "memory", "RSS after the load", "MB", num(s, "memory", "rssAfterLoadMb"),
          num(b, "memory", "rssAfterLoadMb"), "lower"));
    }
    results.put("figures", figures);
    results.put("targets", targets(databases));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> targets(Map<String, Object> databases) {
    List<Map<String, Object>> targets = new ArrayList<>();
    for (Map.Entry<String, Object> db : databases.entrySet()) {
      Map<String, Object> perDb = (Map<String, Object>) db.getValue();
      Map<String, Object> s = map(perDb.get("sopflow"));
      Map<String, Object> b = map(perDb.get("bare"));
      String d = db.getKey();
      for (String c : clientKeys(s, b, "lifecycles")) {
        Double sv = num(s, "lifecycles", c, "lifecyclesPerSecondMedian");
        Double bv = num(b, "lifecycles", c, "lifecyclesPerSecondMedian");
        targets.add(target(d, "Incident lifecycles/s >= 0.8 x bare, " + label(c), ratio(sv, bv), 0.8, true,
            fmt(sv) + " vs " + fmt(bv) + " /s"));
      }
      Double sd = num(s, "storm", "drainRatePerSecond");
      Double bd = num(b, "storm", "drainRatePerSecond");
      targets.add(target(d, "Timer storm: escalation drain rate >= 0.7 x bare", ratio(sd, bd), 0.7, true,
          fmt(sd) + " vs " + fmt(bd) + " /s (storm of " + fmt(num(s, "storm", "stormSize")) + ")"));
      Double dup = num(s, "storm", "duplicateEscalations");
      Double dupMail = num(s, "storm", "mail", "duplicateMails");
      targets.add(target(d, "Timer storm: 0 duplicates", dup == null || dupMail == null ? null : dup + dupMail, 0.0,
          false, fmt(dup) + " escalations, " + fmt(dupMail) + " mails"));
      Double lost = num(s, "storm", "mail", "lostMails");
      targets.add(target(d, "Timer storm: 0 lost mails", lost, 0.0, false,
          fmt(num(s, "storm", "mail", "escalationMailsReceived")) + " received of " + fmt(num(s, "storm", "mail", "expected"))));
      if ("mariadb".equals(d)) {
        Double p99 = num(s, "api", "c16", "post", "p99Ms");
        targets.add(target(d, "POST /api/incidents p99 <= 50 ms at 16 clients (MySQL protocol)", p99, 50.0, false,
            fmt(p99) + " ms with " + fmt(num(s, "api", "openProcessInstances")) + " open incidents"));
      }
      Double empty = num(s, "startup", "emptyDatabaseMs");
      Double loaded = num(s, "startup", "loadedDatabaseMs");
      targets.add(target(d, "Start-up to health UP <= 15 s (empty database)", empty == null ? null : empty / 1000, 15.0,
          false, fmt(empty == null ? null : empty / 1000) + " s"));
      // Issue #24: "<= 15 s on an empty database and <= 12 s on a loaded one".
      targets.add(target(d, "Start-up to health UP <= 12 s (loaded database)", loaded == null ? null : loaded / 1000, 12.0,
          false, fmt(loaded == null ? null : loaded / 1000) + " s with " + fmt(num(s, "startup", "openProcessInstancesAtRestart")) + " open instances"));
      Double emptyCds = num(s, "startup", "emptyDatabaseWithCdsMs");
      Double loadedCds = num(s, "startup", "loadedDatabaseWithCdsMs");
      if (emptyCds != null || loadedCds != null) {
        targets.add(target(d, "Start-up to health UP <= 15 s (empty database), with class-data sharing as the image runs",
            emptyCds == null ? null : emptyCds / 1000, 15.0, false, fmt(emptyCds == null ? null : emptyCds / 1000) + " s"));
        targets.add(target(d, "Start-up to health UP <= 12 s (loaded database), with class-data sharing as the image runs",
            loadedCds == null ? null : loadedCds / 1000, 12.0, false, fmt(loadedCds == null ? null : loadedCds / 1000) + " s"));
      }
      Double live = num(s, "memory", "liveSetMb");
      targets.add(target(d, "Live set after the load <= 256 MB (issue #24)", live, 256.0, false,
          fmt(live) + " MB reachable (heap used " + fmt(num(s, "memory", "heapUsedAfterLoadMb")) + " MB after the load, "
              + fmt(num(s, "memory", "heapUsedAfterFullGcMb")) + " MB read after a full GC)"));
    }
    return targets;
  }

  private static Map<String, Object> target(String db, String name, Double value, double limit, boolean atLeast,
      String measured) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("database", db);
    t.put("target", name);
    t.put("measured", measured);
    t.put("value", value == null ? null : Latency.round(value));
    t.put("met", value == null ? null : atLeast ? value >= limit : value <= limit);
    return t;
  }

  // ------------------------------------------------------------------------------------------------ markdown

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> results) {
    StringBuilder md = new StringBuilder();
    Map<String, Object> meta = map(results.get("meta"));
    md.append("# SOPFlow vs bare Camunda 7.24: benchmark results\n\n");
    Map<String, Object> machine = map(meta.get("machine"));
    Map<String, Object> jvm = map(meta.get("jvm"));
    Map<String, Object> git = map(meta.get("git"));
    md.append("- Machine: ").append(machine.get("nproc")).append(" CPUs (").append(machine.get("cpuModel")).append("), ")
        .append(machine.get("memoryTotalMb")).append(" MB RAM, ").append(machine.get("os")).append('\n');
    md.append("- JVM: ").append(jvm.get("vm")).append(' ').append(jvm.get("version")).append(" (").append(jvm.get("vendor"))
        .append("); systems run with ").append(map(meta.get("config")).get("systemJvmOptions")).append('\n');
    md.append("- Commit: ").append(git.get("commit")).append(" (").append(git.get("branch"))
        .append(Boolean.TRUE.equals(git.get("dirty")) ? ", uncommitted changes" : "").append(")\n");
    md.append("- Started ").append(meta.get("startedAt")).append(", finished ").append(meta.get("finishedAt"))
        .append(" (").append(meta.get("durationSeconds")).append(" s); load average at start ")
        .append(meta.get("loadAverageAtStart")).append(", at end ").append(meta.get("loadAverageAtEnd")).append('\n');
    md.append("- Config: `").append(Http.write(meta.get("config"))).append("`\n\n");
    md.append("Ratio = SOPFlow / bare engine (for rates higher is better, for times lower is better).\n\n");

    List<Map<String, Object>> targets = (List<Map<String, Object>>) results.get("targets");
    if (targets != null) {
      md.append("## Targets\n\n| Database | Target | Measured | Value | Met |\n|---|---|---|---|---|\n");
      for (Map<String, Object> t : targets) {
        md.append("| ").append(t.get("database")).append(" | ").append(t.get("target")).append(" | ")
            .append(t.get("measured")).append(" | ").append(t.get("value") == null ? "-" : t.get("value")).append(" | ")
            .append(t.get("met") == null ? "not measured" : Boolean.TRUE.equals(t.get("met")) ? "yes" : "**NO**")
            .append(" |\n");
      }
      md.append('\n');
    }
    List<Figure> figures = (List<Figure>) results.get("figures");
    if (figures != null) {
      Map<String, String> sections = new LinkedHashMap<>();
      sections.put("lifecycles", "Incident lifecycles (create, triage, resolve, confirm)");
      sections.put("mixed", "Mixed workload: incidents, standard changes, service requests in turn (SOPFlow only: the"
          + " bare engine has no such SOPs)");
      sections.put("storm", "SLA timer storm");
      sections.put("api", "API latency with the open incidents in the database");
      sections.put("startup", "Start-up");
      sections.put("memory", "Memory after the load");
      for (Map.Entry<String, String> section : sections.entrySet()) {
        md.append("## ").append(section.getValue()).append("\n\n");
        md.append("| Database | Figure | SOPFlow | Bare engine | Ratio |\n|---|---|---|---|---|\n");
        for (Figure f : figures) {
          if (f.section().equals(section.getKey())) {
            String unit = f.unit().isEmpty() ? "" : " " + f.unit();
            md.append("| ").append(f.database()).append(" | ").append(f.metric()).append(" | ")
                .append(f.sopflow() == null ? "-" : fmt(f.sopflow()) + unit).append(" | ")
                .append(f.bare() == null ? "-" : fmt(f.bare()) + unit).append(" | ")
                .append(f.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", f.ratio())).append(" |\n");
          }
        }
        md.append('\n');
      }
    }
    Map<String, Object> databases = map(results.get("databases"));
    md.append("## Lifecycle steps (every HTTP call of a lifecycle; ms, p50 / p95 / p99)\n\n");
    md.append("Times are what the user waits: a call that met a concurrent update (SOPFlow's 409 \"try again\", the "
        + "engine's optimistic-locking 500) is retried by the driver and counted in the last column (SOPFlow / bare).\n\n");
    md.append("| Database | Step | Clients | SOPFlow | Bare engine | Ratio p50 | Ratio p99 | Retried conflicts |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, Object> db : databases.entrySet()) {
      Map<String, Object> s = map(map(db.getValue()).get("sopflow"));
      Map<String, Object> b = map(map(db.getValue()).get("bare"));
      for (String c : clientKeys(s, b, "lifecycles")) {
        for (String step : Harness.STEPS) {
          Double s50 = num(s, "lifecycles", c, "steps", step, "p50Ms");
          Double b50 = num(b, "lifecycles", c, "steps", step, "p50Ms");
          Double s99 = num(s, "lifecycles", c, "steps", step, "p99Ms");
          Double b99 = num(b, "lifecycles", c, "steps", step, "p99Ms");
          md.append("| ").append(db.getKey()).append(" | ").append(step).append(" | ").append(c.substring(1))
              .append(" | ").append(fmt(s50)).append(" / ").append(fmt(num(s, "lifecycles", c, "steps", step, "p95Ms")))
              .append(" / ").append(fmt(s99))
              .append(" | ").append(fmt(b50)).append(" / ").append(fmt(num(b, "lifecycles", c, "steps", step, "p95Ms")))
              .append(" / ").append(fmt(b99))
              .append(" | ").append(fmt(ratio(s50, b50))).append(" | ").append(fmt(ratio(s99, b99)))
              .append(" | ").append(fmt(num(s, "lifecycles", c, "steps", step, "retriedConflicts"))).append(" / ")
              .append(fmt(num(b, "lifecycles", c, "steps", step, "retriedConflicts"))).append(" |\n");
        }
      }
    }
    md.append('\n');
    md.append("## Profiles (JFR execution samples, % of samples)\n\n");
    for (Map.Entry<String, Object> db : databases.entrySet()) {
      for (Map.Entry<String, Object> sys : map(db.getValue()).entrySet()) {
        Map<String, Object> profile = map(map(sys.getValue()).get("profile"));
        if (profile.isEmpty()) {
          continue;
        }
        md.append("### ").append(sys.getKey()).append(" on ").append(db.getKey()).append(" (")
            .append(profile.get("executionSamples")).append(" samples)\n\n");
        for (String part : List.of("byArea", "topFramesSelf", "firstSopflowFrame", "firstCamundaFrame")) {
          Map<String, Object> entries = map(profile.get(part));
          if (entries.isEmpty()) {
            continue;
          }
          md.append("- ").append(part).append(": ");
          List<String> items = new ArrayList<>();
          int i = 0;
          for (Map.Entry<String, Object> e : entries.entrySet()) {
            if (i++ >= 8) {
              break;
            }
            items.add("`" + e.getKey() + "` " + e.getValue() + " %");
          }
          md.append(String.join(", ", items)).append('\n');
        }
        md.append('\n');
      }
    }
    md.append("## Errors\n\n");
    boolean any = false;
    for (Map.Entry<String, Object> db : databases.entrySet()) {
      for (Map.Entry<String, Object> sys : map(db.getValue()).entrySet()) {
        Object errors = map(sys.getValue()).get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
          any = true;
          md.append("- ").append(sys.getKey()).append(" on ").append(db.getKey()).append(": ").append(list).append('\n');
        }
      }
    }
    if (!any) {
      md.append("None.\n");
    }
    return md.toString();
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static Figure figure(String db, String section, String metric, String unit, Double s, Double b, String better) {
    return new Figure(db, section, metric, unit, s, b, better == null ? null : ratio(s, b), better);
  }

  private static Double ratio(Double s, Double b) {
    return s == null || b == null || b == 0 ? null : Math.round(s / b * 1000.0) / 1000.0;
  }

  private static List<String> clientKeys(Map<String, Object> s, Map<String, Object> b, String section) {
    List<String> keys = new ArrayList<>();
    for (Map<String, Object> m : List.of(map(s.get(section)), map(b.get(section)))) {
      for (String k : m.keySet()) {
        if (k.matches("c\\d+") && !keys.contains(k)) {
          keys.add(k);
        }
      }
    }
    return keys;
  }

  private static String label(String clientKey) {
    String n = clientKey.substring(1);
    return n + (n.equals("1") ? " client" : " clients");
  }

  private static String apiName(String op) {
    return switch (op) {
      case "post" -> "POST create";
      case "getOne" -> "GET one";
      default -> "GET filtered list";
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static Double num(Map<String, Object> root, String... path) {
    Object node = root;
    for (String p : path) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(p);
    }
    return node instanceof Number n ? n.doubleValue() : null;
  }

  static String fmt(Double v) {
    if (v == null) {
      return "-";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.format(Locale.ROOT, "%d", v.longValue());
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
  }
}
