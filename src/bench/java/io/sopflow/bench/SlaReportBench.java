package io.sopflow.bench;

import io.sopflow.SopFlowApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The SLA report at scale ({@code -Dbench.mode=sla-report}): SOPFlow on a fresh MariaDB database (its own schema,
 * indexes included, by Liquibase), {@code bench.incidents} generated incidents (default 1,000,000) spread over the 12
 * months before {@code 2026-12-01}, written with multi-row INSERTs straight into the incident table (the report reads
 * stored columns only, so how they got there does not matter), then {@code GET /api/reports/sla} over those 12 months
 * by priority, support group and month, as a manager over HTTP: one warm-up, then {@code bench.repeats} (default 5)
 * timed calls each. Writes {@code sla-report.md} to {@code bench.output}.
 *
 * <pre>./mvnw -o -B -Pbench verify -Dbench.mode=sla-report -Dbench.incidents=1000000</pre>
 */
final class SlaReportBench {

  static final LocalDate FIRST_DAY = LocalDate.parse("2025-12-01");
  static final LocalDate LAST_DAY = LocalDate.parse("2026-11-30");
  static final int BATCH = 1000;
  static final String[] PRIORITIES = {"P1", "P2", "P3", "P4"};
  static final String[] GROUPS = {"service-desk", "support-l2", "support-l3"};

  private SlaReportBench() {}

  static void run() throws Exception {
    int incidents = Integer.getInteger("bench.incidents", 1_000_000);
    int repeats = Integer.getInteger("bench.repeats", 5);
    Path output = Path.of(System.getProperty("bench.output", "target/bench"));
    Files.createDirectories(output);
    Database database = Database.of("mariadb", "sla", output);
    database.recreate();
    ConfigurableApplicationContext app = null;
    try {
      int port = Integer.getInteger("bench.port", 18093);
      app = SpringApplication.run(SopFlowApplication.class, "--spring.profiles.active=demo,mysql",
          "--server.port=" + port, "--sopflow.base-url=http://127.0.0.1:" + port,
          "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=root",
          "--spring.datasource.password=", "--spring.mail.host=",
          "--spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.MariaDBDialect",
          "--camunda.bpm.job-execution.enabled=false", "--sopflow.reports.sla.cron=");
      long insertStart = System.nanoTime();
      generate(database, incidents);
      Duration inserting = Duration.ofNanos(System.nanoTime() - insertStart);
      analyze(database);
      StringBuilder md = new StringBuilder("# SLA report at scale\n\n")
          .append(String.format(Locale.ROOT, "%,d incidents from %s to %s on MariaDB, inserted in %.1f s "
              + "(%d-row INSERTs). `GET /api/reports/sla` over the 12 months as `manager`, %d timed calls after one "
              + "warm-up:%n%n", incidents, FIRST_DAY, LAST_DAY, inserting.toMillis() / 1000.0, BATCH, repeats))
          .append("| groupBy | rows | median ms | max ms |\n|---|---|---|---|\n");
      for (String groupBy : List.of("priority", "group", "month")) {
        String uri = "http://127.0.0.1:" + port + "/api/reports/sla?sop=incident&from=" + FIRST_DAY + "&to="
            + LAST_DAY + "&groupBy=" + groupBy;
        String body = get(uri);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
          long start = System.nanoTime();
          body = get(uri);
          millis.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(millis);
        int rows = body.split("\"key\"").length - 1;
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", groupBy, rows, millis.get(millis.size() / 2),
            millis.get(millis.size() - 1)));
      }
      Files.writeString(output.resolve("sla-report.md"), md.toString());
      System.out.println(md);
    } finally {
      if (app != null) {
        app.close();
      }
      if (!Boolean.getBoolean("bench.keep-database")) {
        database.drop();
      }
    }
  }

  private static String get(String uri) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("manager:demo"
            .getBytes(StandardCharsets.UTF_8)))
        .header("Accept", "application/json").timeout(Duration.ofMinutes(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.statusCode() + " for " + uri + ": " + response.body());
    }
    return response.body();
  }

  /**
   * Incidents as the SOP leaves them: most resolved and closed, with SLA durations in working minutes, about one in
   * ten breached, a few reopened, the newest few percent still open. Seeded, so every run writes the same data.
   */
  static void generate(Database database, int count) throws SQLException {
    Random random = new Random(20261205L);
    long seconds = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
        - FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    Instant first = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    String columns = "(incident_number, version, title, description, impact, urgency, category, priority, status,"
        + " reporter, assignment_group, escalation_level, sla_calendar, response_breached, resolution_breached,"
        + " managers_notified, created_at, response_warning_at, response_due_at, resolution_warning_at,"
        + " resolution_due_at, acknowledged_at, resolved_at, closed_at, closed_automatically, reopen_count,"
        + " response_minutes, excluded_minutes, resolution_minutes)";
    String row = "(?,0,'Generated incident','Generated for the SLA report benchmark','MEDIUM','MEDIUM','network',?,?,"
        + "'desk',?,?,?,?,?,?,?,?,?,?,?,?,?,?,false,?,?,?,?)";
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "root", "")) {
      c.setAutoCommit(false);
      String sql = "insert into incident " + columns + " values " + String.join(",", Collections.nCopies(BATCH, row));
      try (PreparedStatement insert = c.prepareStatement(sql)) {
        int n = 0;
        while (n < count) {
          int p = 1;
          for (int i = 0; i < BATCH; i++, n++) {
            boolean real = n < count;
            long offset = (long) (random.nextDouble() * seconds);
            Instant created = first.plusSeconds(offset);
            int priority = pick(random, 5, 15, 50, 30);
            String group = GROUPS[random.nextInt(GROUPS.length)];
            boolean open = offset > seconds * 0.97 && random.nextInt(2) == 0;
            boolean responseBreached = random.nextInt(100) < 8;
            boolean resolutionBreached = random.nextInt(100) < 12;
            int reopen = random.nextInt(100) < 3 ? 1 : 0;
            long responseMinutes = 1 + random.nextInt(priority < 2 ? 30 : 480);
            long resolutionMinutes = responseMinutes + random.nextInt(priority < 2 ? 480 : 2700);
            insert.setString(p++, real ? "BEN-%07d".formatted(n + 1) : "BEN-PAD-" + n);
            insert.setString(p++, PRIORITIES[priority]);
            insert.setString(p++, open ? "IN_PROGRESS" : "CLOSED");
            insert.setString(p++, group);
            insert.setInt(p++, 1 + java.util.Arrays.asList(GROUPS).indexOf(group));
            insert.setString(p++, priority < 2 ? "24x7" : "business-hours");
            insert.setBoolean(p++, responseBreached);
            insert.setBoolean(p++, resolutionBreached && !open);
            insert.setBoolean(p++, resolutionBreached && !open);
            Timestamp at = Timestamp.from(created);
            Timestamp later = Timestamp.from(created.plus(Duration.ofDays(3)));
            insert.setTimestamp(p++, at);
            insert.setTimestamp(p++, at);
            insert.setTimestamp(p++, at);
            insert.setTimestamp(p++, later);
            insert.setTimestamp(p++, later);
            insert.setTimestamp(p++, Timestamp.from(created.plusSeconds(responseMinutes * 60)));
            insert.setTimestamp(p++, open ? null : Timestamp.from(created.plusSeconds(resolutionMinutes * 60)));
            insert.setTimestamp(p++, open ? null : later);
            insert.setInt(p++, reopen);
            insert.setLong(p++, responseMinutes);
            insert.setLong(p++, reopen * 30L);
            if (open) {
              insert.setNull(p++, java.sql.Types.BIGINT);
            } else {
              insert.setLong(p++, resolutionMinutes);
            }
          }
          insert.executeUpdate();
          c.commit();
        }
      }
      // The batch pads the last round with extra rows: remove them, so exactly count incidents remain.
      c.createStatement().executeUpdate("delete from incident where incident_number like 'BEN-PAD-%'");
      c.commit();
    }
  }

  private static void analyze(Database database) throws SQLException {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "root", "")) {
      c.createStatement().execute("analyze table incident");
    }
  }

  private static int pick(Random random, int... weights) {
    int r = random.nextInt(100);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
