package io.sopflow.platform.web;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises "the database is unreachable" however deeply it is wrapped: by Spring (transaction begin/commit),
 * Hibernate ({@code JDBCConnectionException}), MyBatis inside the engine ({@code ProcessEngineException}), Hikari
 * ({@code SQLTransientConnectionException} after the connection timeout) or Connector/J
 * ({@code CommunicationsException}, SQL state class {@code 08}).
 */
public final class DatabaseFailures {

  private static final int MAX_DEPTH = 32;
  private static final java.util.regex.Pattern CLOSED = java.util.regex.Pattern.compile(
      "(?i)connection is closed|connection closed|communications link failure"
          + "|no operations allowed after (statement|connection) closed");

  private DatabaseFailures() {}

  public static boolean isDatabaseUnavailable(Throwable failure) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      if (current instanceof CannotCreateTransactionException
          || current instanceof DataAccessResourceFailureException
          || current instanceof SQLTransientConnectionException
          || current instanceof SQLNonTransientConnectionException
          || current instanceof SQLRecoverableException
          || current instanceof ConnectException
          || current.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")
          || current.getClass().getName().endsWith(".CommunicationsException")) {
        return true;
      }
      if (current instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        return true;
      }
      // The rollback after a lost connection fails too and overrides the first exception: Hibernate's "Unable to
      // rollback against JDBC Connection" caused by Hikari's "Connection is closed" (seen in the db-restart fault run).
      // Likewise a JDBC batch flushed on a connection Connector/J has already closed after the link failure: "No
      // operations allowed after statement closed" (SQL state S1009; db-restart fault run of 2026-12-05 18:00).
      if (current instanceof SQLException && current.getMessage() != null && CLOSED.matcher(current.getMessage()).find()) {
        return true;
      }
      if (current instanceof SocketException && current.getMessage() != null
          && current.getMessage().toLowerCase().contains("connection")) {
        return true;
      }
      if (current instanceof SQLException sql && sql.getNextException() != null
          && isDatabaseUnavailable(sql.getNextException())) {
        return true;
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return false;
  }
}
