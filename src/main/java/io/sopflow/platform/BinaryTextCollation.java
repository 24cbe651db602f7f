package io.sopflow.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL/MariaDB only (899-binary-text.xml): SOPFlow's tables compare text exactly, as H2 and the engine's tables do.
 *
 * <p>A table takes the collation of its database unless it names one. Camunda's tables name {@code utf8_bin}; SOPFlow's
 * took the database's, so on a database made with the server's default (MySQL 8: {@code utf8mb4_0900_ai_ci}) they
 * compared text without case or accents while the engine did not: the users {@code bob} and {@code Bob}, two people to
 * the engine, were one reporter, one requester and one delegator to SOPFlow's lists and rules, and two mails whose
 * keys differed only in case were one. This change converts every table of the schema whose collation is not binary to
 * {@code utf8mb4_bin} (also bringing a {@code latin1} or {@code utf8mb3} table to full Unicode) and makes
 * {@code utf8mb4_bin} the database's default, so that the tables of later change sets are created binary too. Binary
 * distinguishes more strings, never fewer, so no unique key can collide in the conversion. Foreign key checks are off
 * for its statements only: a text column and the column it references are converted one table after the other.
 */
public class BinaryTextCollation implements CustomTaskChange {

  static final String COLLATION = "utf8mb4_bin";

  private static final Logger log = LoggerFactory.getLogger(BinaryTextCollation.class);

  private final List<String> converted = new ArrayList<>();

  @Override
  public void execute(Database database) throws CustomChangeException {
    Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    try (Statement statement = connection.createStatement()) {
      for (String table : nonBinaryTables(statement)) {
        statement.execute("SET FOREIGN_KEY_CHECKS = 0");
        try {
          statement.execute("ALTER TABLE `" + table + "` CONVERT TO CHARACTER SET utf8mb4 COLLATE " + COLLATION);
        } finally {
          statement.execute("SET FOREIGN_KEY_CHECKS = 1");
        }
        converted.add(table);
      }
      if (!isBinary(databaseCollation(statement))) {
        statement.execute("ALTER DATABASE CHARACTER SET utf8mb4 COLLATE " + COLLATION);
      }
    } catch (SQLException e) {
      throw new CustomChangeException("Could not convert SOPFlow's tables to " + COLLATION + " (converted so far: "
          + converted + "): " + e.getMessage(), e);
    }
    if (!converted.isEmpty()) {
      log.info("Tables converted to {} (they compared text without case): {}", COLLATION, converted);
    }
  }

  private static List<String> nonBinaryTables(Statement statement) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery("SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
      while (rows.next()) {
        if (!isBinary(rows.getString(2))) {
          tables.add(rows.getString(1));
        }
      }
    }
    return tables;
  }

  /** The schema's own default (a session's {@code @@collation_database} is the one at its {@code USE}). */
  private static String databaseCollation(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery(
        "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")) {
      row.next();
      return row.getString(1);
    }
  }

  /** {@code utf8mb4_bin}, {@code utf8_bin}, {@code utf8mb4_0900_bin}, {@code binary}: compared byte by byte. */
  static boolean isBinary(String collation) {
    return collation != null && (collation.endsWith("_bin") || collation.equals("binary"));
  }

  @Override
  public String getConfirmationMessage() {
    return converted.isEmpty() ? "Every table already compared text exactly"
        : "Converted to " + COLLATION + ": " + String.join(", ", converted);
  }

  @Override
  public void setUp() {
  }

  @Override
  public void setFileOpener(ResourceAccessor resourceAccessor) {
  }

  @Override
  public ValidationErrors validate(Database database) {
    return new ValidationErrors();
  }
}
