package io.sopflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/** The database of one system in one run: an H2 file in its own directory, or a fresh MariaDB database. */
final class Database {

  static final String MARIADB_SERVER = "jdbc:mysql://127.0.0.1:3306/";
  // The options of src/main/resources/application-mysql.yml, the same for both systems: its URL, and the driver
  // properties it sets apart (batch rewriting and the parsed-statement cache, issue #24), which the URL given here
  // would otherwise leave to SOPFlow alone.
  static final String MARIADB_OPTIONS = "?sendFractionalSeconds=false&nullCatalogMeansCurrent=true&useUnicode=true"
      + "&characterEncoding=UTF-8&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true"
      + "&rewriteBatchedStatements=true&cachePrepStmts=true&prepStmtCacheSize=500&prepStmtCacheSqlLimit=4096";

  // The options of the H2 URL in src/main/resources/application.yml, the same for both systems.
  static final String H2_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;NON_KEYWORDS=VALUE;MAX_LENGTH_INPLACE_LOB=65536";

  private final String kind;
  private final String name;
  private final Path h2Directory;

  private Database(String kind, String name, Path h2Directory) {
    this.kind = kind;
    this.name = name;
    this.h2Directory = h2Directory;
  }

  private String charset = "utf8mb4";
  private String extraOptions = "";

  /** A MariaDB database of the given name (the statements benchmark uses its own, apart from the suite's). */
  static Database mariaDb(String name) {
    return new Database("mariadb", name, null);
  }

  /** JDBC options appended to the URL (MariaDB), e.g. {@code &queryInterceptors=...}. */
  Database withJdbcOptions(String options) {
    this.extraOptions = options == null ? "" : options;
    return this;
  }

  String name() {
    return name;
  }

  Database withCharset(String charset) {
    this.charset = charset;
    return this;
  }

  static Database of(String kind, String system, Path workDirectory) {
    return switch (kind) {
      case "h2" -> new Database(kind, system, workDirectory.resolve("db").resolve(system + "-h2"));
      case "mariadb" -> new Database(kind, "sopflow_bench_" + system, null);
      default -> throw new IllegalArgumentException("Unknown database " + kind + " (h2 or mariadb)");
    };
  }

  String kind() {
    return kind;
  }

  boolean isMariaDb() {
    return "mariadb".equals(kind);
  }

  String user() {
    return isMariaDb() ? "root" : "sa";
  }

  String jdbcUrl() {
    return isMariaDb() ? MARIADB_SERVER + name + MARIADB_OPTIONS + extraOptions
        : "jdbc:h2:file:" + h2Directory.toAbsolutePath().resolve("sopflow") + H2_OPTIONS;
  }

  /** An empty database. */
  void recreate() {
    if (isMariaDb()) {
      sql("DROP DATABASE IF EXISTS " + name);
      sql("CREATE DATABASE " + name + " CHARACTER SET " + charset + " COLLATE " + charset + "_bin");
    } else {
      delete(h2Directory);
      try {
        Files.createDirectories(h2Directory);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  void drop() {
    if (isMariaDb()) {
      sql("DROP DATABASE IF EXISTS " + name);
    } else {
      delete(h2Directory);
    }
  }

  /** A connection to this MariaDB database, as root, for the harness's own reads. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(MARIADB_SERVER + name + MARIADB_OPTIONS, "root", "");
  }

  private static void sql(String statement) {
    try (Connection c = DriverManager.getConnection(MARIADB_SERVER + MARIADB_OPTIONS, "root", "")) {
      c.createStatement().execute("SET SESSION lock_wait_timeout = 60");
      c.createStatement().execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("MariaDB at 127.0.0.1:3306 (root): " + statement + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
