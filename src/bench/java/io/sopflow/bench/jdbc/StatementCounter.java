package io.sopflow.bench.jdbc;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts every statement a system under test sends to MySQL/MariaDB, as the server receives it (one count per
 * round trip: a batch that Connector/J rewrites into one multi-row {@code INSERT} counts once), by the thread that
 * sent it, the verb and the table. Registered by the statements benchmark ({@code -Dbench.mode=statements}) through
 * the JDBC URL ({@code queryInterceptors=io.sopflow.bench.jdbc.StatementCounter}), the same for SOPFlow and the bare
 * engine; never part of the application. The counts are written every 200 ms to the file named by the system property
 * {@code bench.statements.file} (a properties file, keys {@code threadGroup|verb|table}), which the harness reads
 * between its phases.
 */
public final class StatementCounter implements QueryInterceptor {

  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
  private static final Pattern TABLE = Pattern.compile(
      "^\\s*(?:insert\\s+(?:ignore\\s+)?into|update|delete\\s+from|select\\s.*?\\sfrom)\\s+`?([a-zA-Z0-9_]+)",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static volatile boolean writerStarted;

  @Override
  public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
    startWriter();
    return this;
  }

  @Override
  public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
    String text = sql.get();
    if (text == null) {
      return null;
    }
    COUNTS.computeIfAbsent(threadGroup(Thread.currentThread().getName()) + "|" + verb(text) + "|" + table(text),
        k -> new LongAdder()).increment();
    return null;
  }

  @Override
  public boolean executeTopLevelOnly() {
    return true;
  }

  @Override
  public void destroy() {}

  @Override
  public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
      ServerSession serverSession) {
    return null;
  }

  /** Who sent it: a request, a job, the job acquisition, a scheduled task (outbox, sealer, metrics) or start-up. */
  static String threadGroup(String name) {
    if (name.startsWith("http-nio")) {
      return "request";
    }
    if (name.startsWith("camundaTaskExecutor")) {
      return "job";
    }
    if (name.startsWith("JobExecutor")) {
      return "acquisition";
    }
    if (name.startsWith("scheduling") || name.startsWith("task-")) {
      return "scheduled";
    }
    return "other";
  }

  static String verb(String sql) {
    String s = sql.stripLeading();
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    String verb = s.substring(0, end).toLowerCase(Locale.ROOT);
    return switch (verb) {
      case "select", "insert", "update", "delete", "commit", "rollback", "set" -> verb;
      default -> "other";
    };
  }

  static String table(String sql) {
    Matcher m = TABLE.matcher(sql.length() > 2000 ? sql.substring(0, 2000) : sql);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "-";
  }

  private static synchronized void startWriter() {
    String file = System.getProperty("bench.statements.file");
    if (writerStarted || file == null) {
      return;
    }
    writerStarted = true;
    Path target = Path.of(file);
    Thread writer = new Thread(() -> {
      while (true) {
        write(target);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-statement-counter");
    writer.setDaemon(true);
    writer.start();
  }

  private static void write(Path target) {
    Map<String, Long> snapshot = new TreeMap<>();
    COUNTS.forEach((k, v) -> snapshot.put(k, v.sum()));
    StringBuilder out = new StringBuilder("writtenAtMillis=" + System.currentTimeMillis() + "\n");
    snapshot.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    try {
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(tmp, out);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
